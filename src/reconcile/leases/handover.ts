/**
 * The coordinator's step from the assignment it wrote last to the next one. A cluster never goes from one
 * replica straight to another that is alive: first to nobody, and only to its new replica once no live replica
 * says it still holds it (holds are what a replica may write: its clusters and those with a request running).
 * A replica whose Lease expired stopped writing at its renew deadline, before the expiry: its clusters go at once.
 */

/** Assignment maps a cluster to the replica that reconciles it; a cluster in hand-over is absent. */
export type Assignment = ReadonlyMap<string, string>;

/** Membership is what the coordinator read of the replicas: the live ones and what each holds. */
export interface Membership {
  live: ReadonlySet<string>;
  holds: ReadonlyMap<string, ReadonlySet<string>>;
}

function heldByOther(cluster: string, replica: string, m: Membership): boolean {
  for (const r of m.live) if (r !== replica && m.holds.get(r)?.has(cluster)) return true;
  return false;
}

/** nextAssignment moves each cluster one safe step towards `desired`; clusters `desired` lacks are dropped. */
export function nextAssignment(committed: Assignment, desired: Assignment, m: Membership): Map<string, string> {
  const next = new Map<string, string>();
  for (const [cluster, want] of desired) {
    const cur = committed.get(cluster);
    if (cur === want) next.set(cluster, want);
    else if (cur !== undefined && m.live.has(cur)) continue; // hand-over: the live owner lets go first
    else if (!heldByOther(cluster, want, m)) next.set(cluster, want);
  }
  return next;
}

/** ASSIGNMENT_ANNOTATION holds the assignment on the coordinator's Lease: `{"replica": ["cluster", ...]}`. */
export const ASSIGNMENT_ANNOTATION = 'gitfed.io/assignment';
/** HOLDS_ANNOTATION holds, on a replica's Lease, the clusters it may write: `["cluster", ...]`. */
export const HOLDS_ANNOTATION = 'gitfed.io/holds';

/** encodeAssignment writes an assignment compactly (clusters grouped by replica, both sorted). */
export function encodeAssignment(a: Assignment): string {
  const by: Record<string, string[]> = {};
  for (const [cluster, replica] of a) (by[replica] ??= []).push(cluster);
  const sorted = Object.fromEntries(Object.keys(by).sort().map((r) => [r, (by[r] as string[]).sort()]));
  return JSON.stringify(sorted);
}

/** decodeAssignment reads an annotation back; anything unreadable is an empty assignment. */
export function decodeAssignment(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  try {
    const by = JSON.parse(text ?? '{}') as Record<string, unknown>;
    for (const [replica, clusters] of Object.entries(by)) if (Array.isArray(clusters)) for (const c of clusters) if (typeof c === 'string') out.set(c, replica);
  } catch {
    // an unreadable assignment gives nothing to anyone: the coordinator writes a new one
  }
  return out;
}

/** decodeHolds reads a replica's holds; unreadable is empty. */
export function decodeHolds(text: string | undefined): Set<string> {
  try {
    const list = JSON.parse(text ?? '[]') as unknown;
    return new Set(Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : []);
  } catch {
    return new Set();
  }
}
