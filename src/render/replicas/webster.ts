/** Webster (Sainte-Laguë) apportionment, as Karmada's helper.AllocateWebsterSeats with the empty-UID tie-break. */
import { SeatHeap } from './seat-heap.js';

/** WebsterParty is one party of a Webster apportionment; seats are those already held (0 in a fresh render). */
export interface WebsterParty {
  name: string;
  weight: number;
  seats?: number;
}

/** Seat is a party's running state. */
export interface Seat {
  name: string;
  weight: number;
  seats: number;
}

/**
 * websterAllocate gives out `seats` new seats as Karmada does one at a time: each to the party with the largest
 * weight / (2·seats + 1), ties to fewer seats, then name ascending; returns every party's total seats.
 *
 * The cost is O(parties · log) whatever the number of seats: each party's priorities fall strictly with its
 * seats, so the first seats handed out are exactly the priorities above a threshold found by bisection, and
 * only the last (at most one per party) are given one by one. A seat count of 2^31 must not loop 2^31 times.
 */
export function websterAllocate(parties: readonly WebsterParty[], seats: number): Map<string, number> {
  const state = mergeParties(parties);
  if (state.length > 0 && seats > 0) allocate(state, seats);
  return new Map([...state].sort((a, b) => compareNames(a.name, b.name)).map((p) => [p.name, p.seats]));
}

/** mergeParties copies the input (never mutated); a repeated name keeps its last weight, like Karmada's vote map. */
function mergeParties(parties: readonly WebsterParty[]): Seat[] {
  const byName = new Map<string, Seat>();
  for (const p of parties) byName.set(p.name, { name: p.name, weight: p.weight, seats: p.seats ?? 0 });
  return [...byName.values()];
}

/**
 * allocate hands out `seats` to the parties that can win them: an unlimited (Infinity) weight always wins over
 * a finite one and ties with another; a positive weight always wins over a zero one (its priority never
 * reaches 0). Among all-equal priorities only the tie-break decides, which levels the seat counts.
 */
function allocate(state: Seat[], seats: number): void {
  const unlimited = state.filter((p) => p.weight === Infinity);
  if (unlimited.length > 0) return level(unlimited, seats);
  const positive = state.filter((p) => p.weight > 0);
  if (positive.length > 0) return divide(positive, seats);
  // capacity is never negative; a weight below 0 is read as 0, which ties with every other
  for (const p of state) p.weight = 0;
  level(state, seats);
}

/** divide assigns every seat whose priority lies above the bisected threshold at once, then the rest by a heap. */
function divide(parties: Seat[], seats: number): void {
  const top = Math.max(...parties.map(priority));
  // count(lo) > seats >= count(hi); narrow until lo and hi are neighbouring floats
  let [lo, hi] = [0, top];
  for (let i = 0; i < 2000; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (countAbove(parties, mid, seats) <= seats) hi = mid;
    else lo = mid;
  }
  // priorities above hi come first in Karmada's order: give them all (at most one seat per party remains per priority value)
  let left = seats;
  for (const p of parties) {
    const n = above(p, hi, seats);
    p.seats += n;
    left -= n;
  }
  const heap = new SeatHeap(parties, beats);
  for (; left > 0; left--) heap.bump();
}

/** countAbove sums the seats each party would take above priority `mu`, stopping once past `limit`. */
function countAbove(parties: readonly Seat[], mu: number, limit: number): number {
  let total = 0;
  for (const p of parties) {
    total += above(p, mu, limit - total);
    if (total > limit) return total;
  }
  return total;
}

/**
 * above counts the party's next seats whose priority weight/(2k+1), computed as Karmada does, exceeds `mu`;
 * any count past `cap` is reported as cap + 1.
 */
function above(p: Seat, mu: number, cap: number): number {
  // the priority is spelled out, not a closure: this runs parties x bisection steps times per division
  const w = p.weight;
  // the closed form is a guess that float rounding can miss by one: correct it with the exact comparison
  let last = Math.floor((w / mu - 1) / 2);
  if (!(last - p.seats <= cap + 2)) return cap + 1;
  while (last >= p.seats && !(w / (2 * last + 1) > mu)) last--;
  while (w / (2 * (last + 1) + 1) > mu) last++;
  return Math.min(Math.max(0, last - p.seats + 1), cap + 1);
}

/** level hands out seats where every priority ties: fewest seats first, then name ascending. */
function level(parties: Seat[], seats: number): void {
  const heights = parties.map((p) => p.seats).sort((a, b) => a - b);
  // raise the lowest group towards the next height while every member of it can take a whole step
  let [h, left, below] = [heights[0] as number, seats, 0];
  for (;;) {
    while (below < heights.length && (heights[below] as number) <= h) below++;
    const next = below < heights.length ? (heights[below] as number) : Infinity;
    const step = Math.min(next - h, Math.floor(left / below));
    if (step === 0) break;
    h += step;
    left -= step * below;
  }
  // fewer seats are left than parties at height h: one each to the smallest names among them
  const lifted = parties.filter((p) => p.seats <= h).sort((a, b) => compareNames(a.name, b.name));
  lifted.forEach((p, i) => (p.seats = i < left ? h + 1 : h));
}

function priority(p: Seat): number {
  return p.weight / (2 * p.seats + 1);
}

/**
 * beats compares priorities in float64 like Karmada (so JS numbers give identical ties). An exact tie favours the
 * party with fewer seats (helps HA), then the smaller name: a Git template has no UID, and Karmada's
 * tieBreakerByUID sorts ascending for the empty UID.
 */
export function beats(a: Seat, b: Seat): boolean {
  const pa = priority(a);
  const pb = priority(b);
  if (pa !== pb) return pa > pb;
  if (a.seats !== b.seats) return a.seats < b.seats;
  return compareNames(a.name, b.name) < 0;
}

/** compareNames is Go's byte-wise string order (equal to UTF-16 order for DNS-label cluster names). */
function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
