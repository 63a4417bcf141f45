/**
 * The trace of a resource that KubeFed or Federation v1 places: which cluster its placement left out and why. Read
 * from the binding those renderers produce (selected, not Ready, override failed), not from inside them.
 */
import type { Cluster } from '../../model/cluster.js';
import type { ClusterVerdict, TemplateTrace } from '../../model/trace.js';
import { compareStrings } from '../../kube/compare-strings.js';
import { describeClaim, type ForeignOutput } from '../foreign.js';
import { CLUSTER_SELECTOR } from '../fedv1/annotations.js';

/** foreignTrace gives every cluster of the repository its verdict for one KubeFed or Federation v1 output. */
export function foreignTrace(o: ForeignOutput, clusters: readonly Cluster[]): TemplateTrace {
  const b = o.binding;
  const kept = new Map(b.clusters.map((t) => [t.name, t.replicas]));
  const notReady = new Set(b.notReady ?? []);
  const failed = new Set(b.overrideFailed ?? []);
  const fedV1 = o.claim.owner.includes(CLUSTER_SELECTOR);
  const verdicts = [...clusters].sort((x, y) => compareStrings(x.name, y.name)).map((c): ClusterVerdict => {
    if (kept.has(c.name)) {
      const replicas = kept.get(c.name);
      return { cluster: c.name, kept: true, step: 'Scheduled', reason: `selected by ${o.claim.owner}`, ...(replicas !== undefined ? { replicas } : {}) };
    }
    if (notReady.has(c.name)) return { cluster: c.name, kept: false, step: 'NotReady', reason: 'readiness: the cluster is selected but not Ready, so nothing is created, updated or deleted there' };
    if (failed.has(c.name)) return { cluster: c.name, kept: false, step: 'OverrideFailed', reason: 'override failed: the cluster keeps what it holds' };
    if (b.reason !== undefined) return { cluster: c.name, kept: false, step: 'Placement', reason: `placement: ${b.reason}` };
    const how = fedV1
      ? `the cluster's labels do not match the annotation ${CLUSTER_SELECTOR}`
      : `${o.claim.owner} spec.placement does not select it (not in its clusters list, or its labels do not match its clusterSelector)`;
    return { cluster: c.name, kept: false, step: 'Placement', reason: `placement: ${how}` };
  });
  return { resource: b.resource, claim: { policy: o.claim.owner, reason: `placed by ${describeClaim(o.claim)}`, rivals: [] }, attempts: [], clusters: verdicts, overrides: [] };
}
