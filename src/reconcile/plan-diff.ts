import { createTwoFilesPatch } from 'diff';
import { guardRefusal, type PruneGuard } from '../apply/prune.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { objectKey, objectSubject } from '../kube/object-ref.js';
import type { KubeObject } from '../model/kube.js';
import type { Binding, Plan } from '../model/plan.js';
import { isSecret, secretKeyChanges, type SecretKeyChange } from '../kube/secret-mask.js';
import { compareStrings } from '../kube/compare-strings.js';
import { toYaml } from '../kube/fast-yaml.js';
import { maskSecretPair } from './plan-mask.js';
import { subjectOf } from './plan-subject.js';
import { ADOPT_ANNOTATION } from '../apply/ownership.js';
import type { Weakening } from '../render/index.js';
import type { OutageReport } from './plan-outage.js';
import { placementReason, replicaReason } from './plan-reasons.js';

/** ObjectChange is one object added, removed or changed on one cluster, with a unified diff of its YAML. */
export interface ObjectChange {
  key: string;
  subject: string;
  change: 'added' | 'removed' | 'changed';
  diff: string;
  /** a Secret's keys of data and stringData that differ, e.g. `data.password` changed (their values are never shown) */
  secretKeys?: SecretKeyChange[];
}

/** ClusterPlanDiff is what one cluster would see change. */
export interface ClusterPlanDiff {
  cluster: string;
  changes: ObjectChange[];
  /** the deletions the mass-deletion guard would refuse */
  heldBack?: string;
}

/** ReplicaMove is a resource whose replicas move between clusters. */
export interface ReplicaMove {
  resource: string;
  subject: string;
  moves: { cluster: string; from: number; to: number }[];
  /** why, in one line, when both plans carry their placement trace */
  reason?: string;
}

/** PlacementChange is a resource whose set of clusters changes. */
export interface PlacementChange {
  resource: string;
  subject: string;
  added: string[];
  removed: string[];
  /** why, in one line, when both plans carry their placement trace */
  reason?: string;
}

/** PlanDiff compares the plans of two revisions. */
export interface PlanDiff {
  base: string | null;
  head: string | null;
  clusters: ClusterPlanDiff[];
  replicaMoves: ReplicaMove[];
  placement: PlacementChange[];
  diagnostics: Diagnostic[];
  /** safety settings of `gitfed.yaml` the head loosens: they hold only once the head is applied */
  weakened: Weakening[];
  /** objects the head newly asks to take over where they already exist (`gitfed.io/adopt`), by subject */
  adopts: { subject: string; mode: string; clusters: string[] }[];
  summary: string;
  changed: boolean;
  /** `--simulate-outage`: where the head would put every replica if those clusters failed */
  outage?: OutageReport;
}

// the library's `stringify(o, { lineWidth: 0 })`, byte for byte, written directly for the usual object
const yamlOf = (o: KubeObject | undefined): string => (o ? toYaml(o) : '');

function clusterChanges(cluster: string, base: KubeObject[], head: KubeObject[]): ObjectChange[] {
  const before = new Map(base.map((o) => [objectKey(o), o]));
  const after = new Map(head.map((o) => [objectKey(o), o]));
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort(compareStrings);
  const out: ObjectChange[] = [];
  for (const key of keys) {
    // one instance on both sides (a manifest the render cache handed out again) is one text: no need to write it
    if (before.get(key) === after.get(key) || yamlOf(before.get(key)) === yamlOf(after.get(key))) continue;
    // a plan is posted where anyone reviewing the pull request reads it: Secret values never appear
    const [a, b] = maskSecretPair(before.get(key), after.get(key)).map(yamlOf) as [string, string];
    const obj = (after.get(key) ?? before.get(key)) as KubeObject;
    const change = !a ? 'added' : !b ? 'removed' : 'changed';
    const diff = createTwoFilesPatch(`a/${cluster}/${key}`, `b/${cluster}/${key}`, a, b, undefined, undefined, { context: 3 });
    const keys = isSecret(obj) ? secretKeyChanges(before.get(key), after.get(key)) : [];
    // keep the --- a/ and +++ b/ headers (review tools need them); drop only the ==== rule above them
    out.push({ key, subject: objectSubject(obj), change, diff: diff.replace(/^=+\n/, ''), ...(keys.length ? { secretKeys: keys } : {}) });
  }
  return out;
}

function replicasOf(b: Binding | undefined): Map<string, number | undefined> {
  return new Map((b?.clusters ?? []).map((c) => [c.name, c.replicas]));
}


/** sameTargets: both bindings list the same clusters with the same replicas in the same order. */
function sameTargets(a: Binding | undefined, b: Binding | undefined): boolean {
  if (!a || !b || a.clusters.length !== b.clusters.length) return false;
  // === as the moves compare them (NaN is never the same: it is left to the full comparison)
  return a.clusters.every((c, i) => c.name === b.clusters[i]?.name && c.replicas === b.clusters[i]?.replicas);
}

function withReason<T extends object>(change: T, reason: string | undefined): T & { reason?: string } {
  return reason === undefined ? change : { ...change, reason };
}

function bindingChanges(base: Plan | undefined, head: Plan): { moves: ReplicaMove[]; placement: PlacementChange[] } {
  const before = new Map((base?.bindings ?? []).map((b) => [b.resource, b]));
  const after = new Map(head.bindings.map((b) => [b.resource, b]));
  const moves: ReplicaMove[] = [];
  const placement: PlacementChange[] = [];
  for (const resource of [...new Set([...before.keys(), ...after.keys()])].sort(compareStrings)) {
    // the same targets with the same replicas, in the same order, add, remove and move nothing
    if (sameTargets(before.get(resource), after.get(resource))) continue;
    const [a, b] = [replicasOf(before.get(resource)), replicasOf(after.get(resource))];
    const added = [...b.keys()].filter((c) => !a.has(c)).sort(compareStrings);
    const removed = [...a.keys()].filter((c) => !b.has(c)).sort(compareStrings);
    if (added.length || removed.length) placement.push(withReason({ resource, subject: subjectOf(resource), added, removed }, placementReason(resource, added, removed, base?.trace, head.trace)));
    const clusters = [...new Set([...a.keys(), ...b.keys()])].sort(compareStrings);
    const changed = clusters
      .map((cluster) => ({ cluster, from: a.get(cluster) ?? 0, to: b.get(cluster) ?? 0 }))
      .filter((m) => m.from !== m.to && (a.get(m.cluster) !== undefined || b.get(m.cluster) !== undefined));
    if (changed.length) moves.push(withReason({ resource, subject: subjectOf(resource), moves: changed }, replicaReason(resource, base?.trace, head.trace)));
  }
  return { moves, placement };
}

/** summarize is the one-line summary of a plan diff. */
function summarize(clusters: ClusterPlanDiff[], moves: ReplicaMove[], weakened: Weakening[]): string {
  const count = (c: ObjectChange['change']) => clusters.reduce((n, d) => n + d.changes.filter((x) => x.change === c).length, 0);
  const touched = clusters.filter((d) => d.changes.length > 0).length;
  const loosens = weakened.length ? `loosens safety settings (${weakened.map((w) => w.setting).join(', ')})` : '';
  if (touched === 0) return loosens || 'no changes';
  const held = clusters.filter((d) => d.heldBack).length;
  return `${touched} cluster(s) change: ${count('added')} added, ${count('changed')} changed, ${count('removed')} removed` +
    `${moves.length ? `; replicas move for ${moves.length} resource(s)` : ''}${held ? `; the mass-deletion guard would hold back deletions on ${held} cluster(s)` : ''}` +
    `${loosens ? `; ${loosens}` : ''}`;
}

/**
 * diffPlans compares the base plan (undefined: nothing yet) with the head plan, cluster by cluster; `guard` is
 * the mass-deletion guard the head would be applied under and `weakened` the safety settings the head loosens.
 * `baseUnbuilt` counts, per cluster, base objects left out of both plans because they are the same in the head.
 */
export function diffPlans(base: Plan | undefined, head: Plan, guard?: { allowMassPrune: boolean; guard: PruneGuard }, weakened: Weakening[] = [], baseUnbuilt?: ReadonlyMap<string, number>): PlanDiff {
  const names = [...new Set([...Object.keys(base?.clusters ?? {}), ...Object.keys(head.clusters)])].sort(compareStrings);
  const clusters = names.map((cluster): ClusterPlanDiff => {
    const before = base?.clusters[cluster] ?? [];
    const changes = clusterChanges(cluster, before, head.clusters[cluster] ?? []);
    const removed = changes.filter((c) => c.change === 'removed').length;
    const refusal = guardRefusal(removed, { allowMassPrune: guard?.allowMassPrune ?? false, inventorySize: before.length + (baseUnbuilt?.get(cluster) ?? 0), ...(guard ? { guard: guard.guard } : {}) });
    return refusal ? { cluster, changes, heldBack: refusal } : { cluster, changes };
  });
  const { moves, placement } = bindingChanges(base, head);
  const changed = clusters.some((c) => c.changes.length > 0) || weakened.length > 0;
  return {
    base: base?.revision ?? null, head: head.revision, clusters, replicaMoves: moves, placement, diagnostics: head.diagnostics,
    weakened, adopts: adoptions(base, head), summary: summarize(clusters, moves, weakened), changed,
  };
}

/** adoptions lists the objects whose adopt annotation the head adds or changes, with the clusters they go to. */
function adoptions(base: Plan | undefined, head: Plan): PlanDiff['adopts'] {
  const before = new Map<string, string | undefined>();
  for (const objects of Object.values(base?.clusters ?? {})) for (const o of objects) before.set(objectKey(o), o.metadata.annotations?.[ADOPT_ANNOTATION]);
  const found = new Map<string, { subject: string; mode: string; clusters: string[] }>();
  for (const [cluster, objects] of Object.entries(head.clusters).sort(([a], [b]) => compareStrings(a, b))) {
    for (const o of objects) {
      const mode = o.metadata.annotations?.[ADOPT_ANNOTATION];
      if (mode === undefined || before.get(objectKey(o)) === mode) continue;
      const entry = found.get(objectKey(o)) ?? { subject: objectSubject(o), mode, clusters: [] };
      entry.clusters.push(cluster);
      found.set(objectKey(o), entry);
    }
  }
  return [...found.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, v]) => v);
}
