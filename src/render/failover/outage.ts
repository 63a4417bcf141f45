import type { Catalog } from '../../model/catalog.js';
import { UNREACHABLE_TAINT_KEY, type DerivedTaint } from '../../model/cluster-taints.js';
import type { RepoConfig } from '../../model/repo-config.js';
import { GitfedError } from '../../model/errors.js';
import { builtInPolicyOn } from './derive-taints.js';

/** OUTAGE_SINCE is when a simulated outage began: the epoch, so that every tolerationSeconds has run out by OUTAGE_NOW. */
const OUTAGE_SINCE = new Date(0).toISOString();
/** OUTAGE_NOW is the moment a simulated outage is rendered at: the last moment a Date can hold. */
const OUTAGE_NOW = 8.64e15;

/**
 * withOutage is the catalog as render sees it once the named members have been unreachable for ever: each carries
 * `cluster.karmada.io/unreachable` with NoSchedule and NoExecute, added long enough ago that every toleration with
 * tolerationSeconds has run out (a toleration without tolerationSeconds still tolerates them, as in Karmada), and
 * policies get the default tolerations when the repository's failover settings give them. The other members are
 * healthy. A name that is not a member is a usage error.
 */
export function withOutage(catalog: Catalog, config: RepoConfig, failed: readonly string[]): Catalog {
  const names = new Set(catalog.clusters.map((c) => c.name));
  const unknown = failed.filter((n) => !names.has(n));
  if (unknown.length > 0) {
    throw new GitfedError('UsageError', '--simulate-outage', `names no member cluster of the repository: ${unknown.join(', ')} (members: ${[...names].sort().join(', ')})`);
  }
  const down = new Set(failed);
  const taints: DerivedTaint[] = [
    { key: UNREACHABLE_TAINT_KEY, effect: 'NoSchedule', timeAdded: OUTAGE_SINCE },
    { key: UNREACHABLE_TAINT_KEY, effect: 'NoExecute', timeAdded: OUTAGE_SINCE },
  ];
  const clusters = catalog.clusters.map((c) => ({ ...c, healthTaints: down.has(c.name) ? taints : [] }));
  const policies = catalog.clusterTaintPolicies ?? [];
  const seconds = builtInPolicyOn(policies, config) ? { defaultTolerationSeconds: config.failover.defaultTolerationSeconds } : {};
  return { ...catalog, clusters, failover: { now: OUTAGE_NOW, ...seconds } };
}
