/**
 * The trace of a resource that KubeFed or Federation v1 places: which cluster its placement left out and why. Read
 * from the binding those renderers produce (selected, not Ready, override failed), not from inside them.
 */
import type { Cluster } from '../../model/cluster.js';
import type { ClusterVerdict, TemplateTrace } from '../../model/trace.js';
import { compareStrings } from '../../kube/compare-strings.js';
import { describeClaim, type ForeignOutput } from '../foreign.js';
import { CLUSTER_SELECTOR } from '../fedv1/annotations.js';
import { parseClusterSelector } from '../fedv1/cluster-selector.js';
import { requirementMatches } from '../selectors/requirement.js';
import type { KubeObject } from '../../model/kube.js';

/** foreignTrace gives every cluster of the repository its verdict for one KubeFed or Federation v1 output. */
export function foreignTrace(o: ForeignOutput, clusters: readonly Cluster[], template?: KubeObject): TemplateTrace {
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
      ? `the cluster's labels do not match the annotation ${CLUSTER_SELECTOR}${selectorMiss(template, c)}`
      : `${o.claim.owner} spec.placement does not select it (not in its clusters list, or its labels do not match its clusterSelector)`;
    return { cluster: c.name, kept: false, step: 'Placement', reason: `placement: ${how}` };
  });
  return { resource: b.resource, claim: { policy: o.claim.owner, reason: `placed by ${describeClaim(o.claim)}`, rivals: [] }, attempts: [], clusters: verdicts, overrides: [] };
}

/** selectorMiss names the first requirement of the Federation v1 selector the cluster's labels fail: `: tier != [edge] (...)`. */
function selectorMiss(template: KubeObject | undefined, c: Cluster): string {
  const text = template?.metadata.annotations?.[CLUSTER_SELECTOR];
  const reqs = text === undefined ? [] : parseClusterSelector(text);
  if (typeof reqs === 'string') return '';
  const miss = reqs.find((r) => !requirementMatches(r, c.labels));
  if (!miss) return '';
  const has = Object.hasOwn(c.labels, miss.key) ? `the cluster has ${miss.key}=${c.labels[miss.key]}` : `the cluster has no label ${miss.key}`;
  return `: ${miss.key} ${miss.op} [${miss.values.join(', ')}] (${has})`;
}
