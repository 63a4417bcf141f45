/** KubeFedCluster (`core.kubefed.io/v1beta1`) as a member-cluster declaration of the shared Cluster model. */
import type { Cluster } from '../../model/cluster.js';
import type { FieldReader } from '../load/field-reader.js';

/** KUBEFED_NAMESPACE is where KubeFed's controllers list member clusters (the chart's default). */
export const KUBEFED_NAMESPACE = 'kube-federation-system';

/**
 * readReady is KubeFed's IsClusterReady (a condition `Ready` with status "True"), applied only when the
 * repository carries a `status`: readiness is live state, so a declaration without one counts as ready. A status
 * without conditions is not ready, as KubeFed reads it.
 */
function readReady(r: FieldReader): boolean | undefined {
  if (!r.object(['status'])) return undefined;
  const conditions = r.list(['status', 'conditions']) ?? [];
  return conditions.some((_, i) => r.string(['status', 'conditions', i, 'type']) === 'Ready' && r.string(['status', 'conditions', i, 'status']) === 'True');
}

/**
 * readKubeFedCluster turns a KubeFedCluster into a Cluster: labels for selectors, `status.region` and
 * `status.zones`, readiness. One in a namespace other than the KubeFed namespace is not a member (warning);
 * one without a namespace is taken as a member, as `kubectl apply -n kube-federation-system` would place it.
 */
export function readKubeFedCluster(r: FieldReader): Cluster | undefined {
  const before = r.errorCount;
  const name = r.string(['metadata', 'name'], { required: true }) ?? '';
  const namespace = r.string(['metadata', 'namespace']);
  const labels = r.stringMap(['metadata', 'labels']) ?? {};
  const annotations = r.stringMap(['metadata', 'annotations']) ?? {};
  const cluster: Cluster = {
    name,
    labels,
    provider: '',
    region: r.string(['status', 'region']) ?? '',
    zones: r.stringList(['status', 'zones']) ?? [],
    taints: [],
    deleting: r.has(['metadata', 'deletionTimestamp']),
    context: annotations['gitfed.io/context'] ?? name,
    source: r.doc.source,
  };
  const ready = readReady(r);
  if (ready !== undefined) cluster.ready = ready;
  if (r.errorCount !== before) return undefined;
  if (namespace !== undefined && namespace !== KUBEFED_NAMESPACE) {
    r.warn(['metadata', 'namespace'], `KubeFedCluster ${name} is not in ${KUBEFED_NAMESPACE}: KubeFed does not treat it as a member cluster`);
    return undefined;
  }
  return cluster;
}
