/** Point is one measured build: how many objects it produced and how long it took. */
export interface Point {
  objects: number;
  ms: number;
}

/** PowerLaw is ms = scale · objects^exponent. */
export interface PowerLaw {
  scale: number;
  exponent: number;
  /** the points it was fitted on */
  points: number;
}

/**
 * fitPowerLaw fits ms = scale · objects^exponent by least squares on logarithms, over the points of at least
 * `minObjects` (below that a process's start-up dominates and would flatten the curve); null with fewer than two
 * distinct sizes. Kustomize grows faster than linearly with an overlay's size, so a linear projection would
 * understate it several times over.
 */
export function fitPowerLaw(points: readonly Point[], minObjects = 500): PowerLaw | null {
  const used = points.filter((p) => p.objects >= minObjects && p.ms > 0);
  if (new Set(used.map((p) => p.objects)).size < 2) return null;
  const xs = used.map((p) => Math.log(p.objects));
  const ys = used.map((p) => Math.log(p.ms));
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  const exponent = xs.reduce((s, x, i) => s + (x - mx) * ((ys[i] ?? 0) - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return { scale: Math.exp(my - exponent * mx), exponent, points: used.length };
}

/** project evaluates a fitted power law. */
export function project(fit: PowerLaw, objects: number): number {
  return fit.scale * objects ** fit.exponent;
}
