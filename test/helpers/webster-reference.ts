/** perSeat is the former Webster apportionment, one seat at a time: the reference of every division path. */
export function perSeat(parties: readonly { name: string; weight: number; seats?: number }[], seats: number): Map<string, number> {
  const byName = new Map<string, { name: string; weight: number; seats: number }>();
  for (const p of parties) byName.set(p.name, { name: p.name, weight: p.weight, seats: p.seats ?? 0 });
  const state = [...byName.values()];
  const beats = (a: (typeof state)[number], b: (typeof state)[number]) => {
    const [pa, pb] = [a.weight / (2 * a.seats + 1), b.weight / (2 * b.seats + 1)];
    if (pa !== pb) return pa > pb;
    if (a.seats !== b.seats) return a.seats < b.seats;
    return a.name < b.name;
  };
  for (let left = state.length ? seats : 0; left > 0; left--) {
    let best = state[0]!;
    for (const c of state.slice(1)) if (beats(c, best)) best = c;
    best.seats++;
  }
  return new Map(state.sort((a, b) => (a.name < b.name ? -1 : 1)).map((p) => [p.name, p.seats]));
}
