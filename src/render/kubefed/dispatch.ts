/**
 * The sync controller's dispatch of one federated resource (`sync/controller.go:syncToClusters`,
 * `dispatch/managed.go`): per selected cluster, skip it when not ready, else render its object (§5 steps 5–6).
 */
import type { JsonObject, KubeObject } from '../../model/kube.js';
import type { ClusterOverride } from '../../model/kubefed.js';
import type { Binding } from '../../model/plan.js';
import { deepCopy } from '../../kube/deep-copy.js';
import { finishObject, replicasOf, type ForeignOutput } from '../foreign.js';
import { applyClusterOverrides } from './overrides.js';
import { GitfedError } from '../../model/errors.js';

/** MANAGED_LABEL is the label KubeFed adds after overrides, so no override can remove it. */
export const MANAGED_LABEL = 'kubefed.io/managed';

/** DispatchInput is one federated resource ready to dispatch: its target object, placement and overrides. */
export interface DispatchInput {
  binding: Binding;
  target: JsonObject;
  /** selected clusters, sorted */
  selected: readonly string[];
  ready: ReadonlySet<string>;
  overrides: ReadonlyMap<string, readonly ClusterOverride[]>;
  /** reports a cluster whose patch failed */
  onFailure: (cluster: string, message: string) => void;
}

/** renderCluster is §5 steps 5–6 on a private copy, then gitfed's pruning and label. Throws a patch failure. */
export function renderCluster(target: JsonObject, overrides: readonly ClusterOverride[]): KubeObject {
  const out = applyClusterOverrides(deepCopy(target), overrides);
  const meta = out.metadata;
  if (typeof out.apiVersion !== 'string' || typeof out.kind !== 'string' || typeof meta !== 'object' || meta === null || Array.isArray(meta) || typeof meta.name !== 'string') {
    throw new GitfedError('OverrideFailed', '', 'the patched object has no apiVersion, kind or metadata.name');
  }
  const labels = meta.labels ?? {};
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) throw new GitfedError('OverrideFailed', '', 'metadata.labels is not a mapping');
  meta.labels = { ...labels, [MANAGED_LABEL]: 'true' };
  return finishObject(out as unknown as KubeObject);
}

/**
 * dispatch renders the object of every selected ready cluster. A cluster that is not ready is left alone
 * (`notReady`); a cluster whose patch fails is left out of the binding's clusters and named in
 * `overrideFailed`, so what it holds is kept, as KubeFed neither updates nor deletes it.
 */
export function dispatch(input: DispatchInput): Omit<ForeignOutput, 'claim'> {
  const { binding } = input;
  const objects: ForeignOutput['objects'] = [];
  const notReady = input.selected.filter((n) => !input.ready.has(n));
  if (notReady.length > 0) binding.notReady = notReady;
  for (const name of input.selected.filter((n) => input.ready.has(n))) {
    try {
      const obj = renderCluster(input.target, input.overrides.get(name) ?? []);
      objects.push([name, obj]);
      const replicas = replicasOf(obj);
      binding.clusters.push(replicas === undefined ? { name } : { name, replicas });
    } catch (err) {
      input.onFailure(name, err instanceof Error ? err.message : String(err));
      binding.overrideFailed = [...(binding.overrideFailed ?? []), name];
    }
  }
  return { binding, objects };
}
