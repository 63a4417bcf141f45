/**
 * One-line reasons for the placement changes of a plan, read from the placement traces of the two revisions: why a
 * cluster starts receiving a resource (what rejected it before no longer holds), why it stops (what rejects it now),
 * and why replicas move (the total, the strategy, a weight or an estimate changed).
 */
import type { ClusterVerdict, PlacementTrace, ReplicaTrace, TemplateTrace } from '../model/trace.js';

/** MAX_CAUSES bounds a reason to a line: the rest is summed up as "and N more". */
const MAX_CAUSES = 3;

function verdict(t: TemplateTrace | undefined, cluster: string): ClusterVerdict | undefined {
  return t?.clusters.find((v) => v.cluster === cluster);
}

function claimChange(before: TemplateTrace | undefined, after: TemplateTrace | undefined): string[] {
  if (!before && after) return [after.claim.policy ? `new: placed by ${after.claim.policy}` : 'new'];
  if (before && !after) return ['removed from the repository'];
  if (before?.claim.policy === after?.claim.policy) return [];
  return [after?.claim.policy ? `now claimed by ${after.claim.policy} (was ${before?.claim.policy ?? 'unclaimed'})` : `no longer claimed: ${after?.claim.reason ?? ''}`];
}

/** line joins causes into one line, at most MAX_CAUSES of them. */
function line(causes: readonly string[]): string | undefined {
  if (causes.length === 0) return undefined;
  const shown = causes.slice(0, MAX_CAUSES).join('; ');
  return causes.length > MAX_CAUSES ? `${shown}; and ${causes.length - MAX_CAUSES} more` : shown;
}

/** placementReason says why clusters were added to and removed from one resource's placement. */
export function placementReason(resource: string, added: readonly string[], removed: readonly string[], base: PlacementTrace | undefined, head: PlacementTrace | undefined): string | undefined {
  if (!head) return undefined;
  const before = base?.templates[resource];
  const after = head.templates[resource];
  const claim = claimChange(before, after);
  // a resource that is new, gone or no longer claimed has one reason for every cluster
  if (claim.length > 0 && (!before || !after || !after.claim.policy)) return line(claim);
  const causes = [
    ...claim,
    ...added.map((c) => {
      const was = verdict(before, c);
      return was && !was.kept ? `+${c}: no longer rejected by ${was.reason}` : `+${c}: ${verdict(after, c)?.reason ?? 'added'}`;
    }),
    ...removed.map((c) => {
      const now = verdict(after, c);
      return now && !now.kept ? `-${c}: rejected by ${now.reason}` : `-${c}: no longer placed there`;
    }),
  ];
  return line(causes);
}

function changed<T>(a: T | undefined, b: T | undefined): boolean {
  return a !== undefined && b !== undefined && a !== b;
}

/** shareCauses lists the weights and estimates that changed on clusters both divisions share. */
function shareCauses(a: ReplicaTrace, b: ReplicaTrace): string[] {
  const before = new Map(a.shares.map((s) => [s.cluster, s]));
  const out: string[] = [];
  for (const s of b.shares) {
    const p = before.get(s.cluster);
    if (!p) continue;
    if (changed(p.weight, s.weight)) out.push(`weight of ${s.cluster} ${p.weight} -> ${s.weight}`);
    else if (changed(p.availableReplicas, s.availableReplicas)) out.push(`available replicas on ${s.cluster} ${p.availableReplicas} -> ${s.availableReplicas}`);
  }
  return out;
}

/** replicaReason says why one resource's replicas move between clusters. */
export function replicaReason(resource: string, base: PlacementTrace | undefined, head: PlacementTrace | undefined): string | undefined {
  const before = base?.templates[resource];
  const after = head?.templates[resource];
  if (!head) return undefined;
  const claim = claimChange(before, after);
  const a = before?.replicas;
  const b = after?.replicas;
  if (!a || !b) return line(claim);
  const causes = [
    ...claim,
    ...(a.total !== b.total ? [`replicas ${a.total} -> ${b.total}`] : []),
    ...(a.strategy !== b.strategy ? [`strategy ${a.strategy} -> ${b.strategy}`] : []),
    ...shareCauses(a, b),
  ];
  // the clusters that hold replicas: a candidate that got none took no part in the result
  const holding = (r: ReplicaTrace) => new Set(r.shares.filter((s) => s.replicas > 0).map((s) => s.cluster));
  const [was, is] = [holding(a), holding(b)];
  const left = [...was].filter((c) => !is.has(c));
  const came = [...is].filter((c) => !was.has(c));
  if (left.length > 0 || came.length > 0) causes.push(`the clusters dividing them changed (${[...came.map((c) => `+${c}`), ...left.map((c) => `-${c}`)].join(' ')})`);
  return line(causes);
}
