/**
 * Which replica reconciles which member cluster: consistent hashing with bounded loads (Mirrokni, Thorup and
 * Zadimoghaddam, 2018). Each replica has points on a hash ring; a cluster goes to the first replica clockwise
 * from its own hash that holds fewer than ceil(1.25 x clusters / replicas). A replica that joins or leaves moves
 * few clusters (about its share, plus the few that the load bound pushes on), and no replica is overloaded.
 */
import { createHash } from 'node:crypto';

/** LOAD_FACTOR is the bound's 1 + epsilon: no replica holds more than ceil(1.25 x clusters / replicas). */
export const LOAD_FACTOR = 1.25;
const POINTS_PER_REPLICA = 100;

function hash32(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32BE(0);
}

/** capacityOf is the most clusters one replica may hold. */
export function capacityOf(clusters: number, replicas: number): number {
  return replicas === 0 ? 0 : Math.max(1, Math.ceil((LOAD_FACTOR * clusters) / replicas));
}

interface Point {
  at: number;
  replica: string;
}

function ringOf(replicas: readonly string[]): Point[] {
  const points: Point[] = [];
  for (const replica of replicas) for (let i = 0; i < POINTS_PER_REPLICA; i++) points.push({ at: hash32(`${replica}#${i}`), replica });
  return points.sort((a, b) => a.at - b.at || (a.replica < b.replica ? -1 : 1));
}

/** firstAtOrAfter is the index of the first point at or after h (binary search; wraps to 0). */
function firstAtOrAfter(ring: Point[], h: number): number {
  let lo = 0;
  let hi = ring.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ring[mid] as Point).at < h) lo = mid + 1;
    else hi = mid;
  }
  return lo === ring.length ? 0 : lo;
}

/** assignClusters maps every cluster to a replica (none when there is no replica); the same inputs give the same map. */
export function assignClusters(clusters: readonly string[], replicas: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const live = [...new Set(replicas)].sort();
  if (live.length === 0) return out;
  const ring = ringOf(live);
  const cap = capacityOf(clusters.length, live.length);
  const load = new Map(live.map((r) => [r, 0]));
  // a fixed order (by the clusters' own hashes) so that every replica computes the same map
  const ordered = [...new Set(clusters)].map((c) => ({ c, h: hash32(c) })).sort((a, b) => a.h - b.h || (a.c < b.c ? -1 : 1));
  for (const { c, h } of ordered) {
    for (let i = firstAtOrAfter(ring, h), n = 0; n < ring.length; i = (i + 1) % ring.length, n++) {
      const r = (ring[i] as Point).replica;
      if ((load.get(r) ?? 0) < cap) {
        out.set(c, r);
        load.set(r, (load.get(r) ?? 0) + 1);
        break;
      }
    }
  }
  return out;
}
