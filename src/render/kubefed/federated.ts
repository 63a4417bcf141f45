/** Federated<Kind> (`types.kubefed.io/v1beta1`): reading one, and the target object it describes (§5 steps 1–3). */
import type { JsonObject, JsonValue } from '../../model/kube.js';
import type { ClusterOverride, ClusterSelector, FederatedObject, FederatedPlacement, FederatedTypeConfig, OverrideItem, OverrideOp } from '../../model/kubefed.js';
import { deepCopy } from '../../kube/deep-copy.js';
import type { FieldReader } from '../load/field-reader.js';
import { targetAPIVersion } from './type-config.js';
import { isPlainObject } from '../../kube/plain-object.js';

const OPS = ['add', 'remove', 'replace', ''] as const satisfies readonly OverrideOp[];

function readSelector(r: FieldReader, path: (string | number)[]): ClusterSelector | undefined {
  if (!r.object(path)) return undefined;
  const selector: ClusterSelector = {};
  const matchLabels = r.stringMap([...path, 'matchLabels']);
  if (matchLabels) selector.matchLabels = matchLabels;
  const exprs = r.list([...path, 'matchExpressions']);
  // operators are not checked by the CRD: KubeFed fails placement computation instead (ComputePlacementFailed)
  if (exprs) {
    selector.matchExpressions = exprs.map((_, i) => ({
      key: r.string([...path, 'matchExpressions', i, 'key'], { required: true }) ?? '',
      operator: r.string([...path, 'matchExpressions', i, 'operator'], { required: true }) ?? '',
      ...(r.has([...path, 'matchExpressions', i, 'values']) ? { values: r.stringList([...path, 'matchExpressions', i, 'values']) ?? [] } : {}),
    }));
  }
  return selector;
}

function readPlacement(r: FieldReader): FederatedPlacement {
  const path = ['spec', 'placement'];
  const placement: FederatedPlacement = {};
  // null and absent are the same (Go decodes both to a nil slice); [] is a real, empty list
  const clusters = r.list([...path, 'clusters']);
  if (clusters) placement.clusters = clusters.map((_, i) => r.string([...path, 'clusters', i, 'name'], { required: true }) ?? '');
  const selector = readSelector(r, [...path, 'clusterSelector']);
  if (selector) placement.clusterSelector = selector;
  return placement;
}

function readClusterOverride(r: FieldReader, path: (string | number)[]): ClusterOverride {
  if (!r.has([...path, 'path'])) r.error([...path, 'path'], 'is required');
  const o: ClusterOverride = {
    op: r.string([...path, 'op'], { oneOf: OPS }) ?? '',
    path: r.string([...path, 'path']) ?? '',
  };
  const value = r.raw([...path, 'value']);
  if (value !== undefined) o.value = deepCopy(value);
  return o;
}

function readOverrides(r: FieldReader): OverrideItem[] {
  const path = ['spec', 'overrides'];
  return (r.list(path) ?? []).map((_, i) => ({
    clusterName: r.string([...path, i, 'clusterName'], { required: true }) ?? '',
    clusterOverrides: (r.list([...path, i, 'clusterOverrides']) ?? []).map((__, j) => readClusterOverride(r, [...path, i, 'clusterOverrides', j])),
  }));
}

/** readFederatedObject reads a Federated<Kind>; schema violations the API server would refuse are errors. */
export function readFederatedObject(r: FieldReader): FederatedObject | undefined {
  const before = r.errorCount;
  const apiVersion = r.string(['apiVersion'], { required: true }) ?? '';
  const kind = r.string(['kind'], { required: true }) ?? '';
  const name = r.string(['metadata', 'name'], { required: true }) ?? '';
  const namespace = r.string(['metadata', 'namespace']) ?? '';
  const template = r.object(['spec', 'template']) ?? {};
  const fed: FederatedObject = { apiVersion, kind, name, namespace, template: deepCopy(template), placement: readPlacement(r), overrides: readOverrides(r), source: r.doc.source };
  return r.errorCount === before ? fed : undefined;
}

/** federatedId names a federated object in bindings and messages: `<Kind>/<namespace>/<name>` (cluster-scoped: `<Kind>/<name>`). */
export function federatedId(o: { kind: string; namespace: string; name: string }): string {
  return o.namespace ? `${o.kind}/${o.namespace}/${o.name}` : `${o.kind}/${o.name}`;
}

function asObject(v: JsonValue | undefined): JsonObject | undefined {
  return isPlainObject(v) ? v : undefined;
}

/**
 * targetObject is §5 steps 1–3: a copy of the template without annotations and finalizers, named after the
 * federated object, in its namespace for namespaced targets, with the FTC's kind and (unless the template has
 * one) apiVersion. Everything else, spec.replicas included, is copied verbatim.
 */
export function targetObject(fed: FederatedObject, ftc: FederatedTypeConfig): JsonObject {
  const { apiVersion, kind: _kind, metadata, ...rest } = deepCopy(fed.template);
  const meta: JsonObject = { ...asObject(metadata) };
  delete meta.annotations;
  delete meta.finalizers;
  meta.name = fed.name;
  if (ftc.targetType.scope === 'Namespaced') meta.namespace = fed.namespace;
  else delete meta.namespace;
  const version = typeof apiVersion === 'string' && apiVersion !== '' ? apiVersion : targetAPIVersion(ftc.targetType);
  return { apiVersion: version, kind: ftc.targetType.kind, metadata: meta, ...rest };
}

/** droppedTemplateFields names the template metadata KubeFed drops (it records a warning event for each). */
export function droppedTemplateFields(fed: FederatedObject): string[] {
  const meta = asObject(fed.template.metadata);
  return ['annotations', 'finalizers'].filter((f) => meta?.[f] !== undefined && meta[f] !== null);
}
