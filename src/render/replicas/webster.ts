/** Webster (Sainte-Laguë) apportionment, as Karmada's helper.AllocateWebsterSeats with the empty-UID tie-break. */

/** WebsterParty is one party of a Webster apportionment; seats are those already held (0 in a fresh render). */
export interface WebsterParty {
  name: string;
  weight: number;
  seats?: number;
}

interface Seat {
  name: string;
  weight: number;
  seats: number;
}

/**
 * websterAllocate hands out `seats` new seats one at a time to the party with the largest
 * weight / (2·seats + 1); returns every party's total seats. Ties go to fewer seats, then name ascending.
 */
export function websterAllocate(parties: readonly WebsterParty[], seats: number): Map<string, number> {
  const state = mergeParties(parties);
  if (state.length > 0) {
    for (let left = seats; left > 0; left--) {
      const winner = pickWinner(state);
      winner.seats++;
    }
  }
  return new Map([...state].sort((a, b) => compareNames(a.name, b.name)).map((p) => [p.name, p.seats]));
}

/** mergeParties copies the input (never mutated); a repeated name keeps its last weight, like Karmada's vote map. */
function mergeParties(parties: readonly WebsterParty[]): Seat[] {
  const byName = new Map<string, Seat>();
  for (const p of parties) byName.set(p.name, { name: p.name, weight: p.weight, seats: p.seats ?? 0 });
  return [...byName.values()];
}

function pickWinner(state: readonly Seat[]): Seat {
  let best = state[0] as Seat;
  for (const candidate of state.slice(1)) if (beats(candidate, best)) best = candidate;
  return best;
}

/**
 * beats compares priorities in float64 like Karmada (so JS numbers give identical ties). An exact tie favours the
 * party with fewer seats (helps HA), then the smaller name: a Git template has no UID, and Karmada's
 * tieBreakerByUID sorts ascending for the empty UID.
 */
function beats(a: Seat, b: Seat): boolean {
  const pa = a.weight / (2 * a.seats + 1);
  const pb = b.weight / (2 * b.seats + 1);
  if (pa !== pb) return pa > pb;
  if (a.seats !== b.seats) return a.seats < b.seats;
  return compareNames(a.name, b.name) < 0;
}

/** compareNames is Go's byte-wise string order (equal to UTF-16 order for DNS-label cluster names). */
function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
