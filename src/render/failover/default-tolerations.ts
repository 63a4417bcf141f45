import type { Toleration } from '../../model/cluster.js';
import { NOT_READY_TAINT_KEY, UNREACHABLE_TAINT_KEY } from '../../model/cluster-taints.js';
import type { FailoverInputs } from '../../model/catalog.js';
import type { Placement } from '../../model/policy.js';
import { toleratesTaint } from '../placement/tolerations.js';

const DEFAULT_KEYS = [NOT_READY_TAINT_KEY, UNREACHABLE_TAINT_KEY];

/**
 * withDefaultTolerations gives a placement Karmada's former default tolerations (the webhook's, until v1.15):
 * `{key, operator: Exists, effect: NoExecute, tolerationSeconds}` for not-ready and unreachable, each only when
 * none of the policy's own tolerations already tolerates that key's NoExecute taint, so a policy's own choice
 * (for ever, 0 s, 30 s) wins. The policy object is left as it is.
 */
export function withDefaultTolerations(placement: Placement, seconds: number): Placement {
  const own = placement.clusterTolerations ?? [];
  const added = DEFAULT_KEYS
    .filter((key) => !own.some((tol) => toleratesTaint(tol, { key, effect: 'NoExecute' })))
    .map((key): Toleration => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds }));
  return added.length === 0 ? placement : { ...placement, clusterTolerations: [...own, ...added] };
}

/** placementFor is the placement render schedules with: the policy's, with the default tolerations when failover gives them. */
export function placementFor(placement: Placement, failover: FailoverInputs | undefined): Placement {
  const seconds = failover?.defaultTolerationSeconds;
  return seconds === undefined ? placement : withDefaultTolerations(placement, seconds);
}
