/**
 * A member cluster's health as KubeFedCluster and Karmada's Cluster show it: one `Ready` condition, read from a
 * probe of the member's `/readyz` (or `/healthz`). Reasons and messages are KubeFed's cluster-health words
 * (pkg/controller/kubefedcluster/clusterclient.go), with the path probed and what it answered appended.
 */

/** ReadyStatus is the status of the `Ready` condition: False answered but unhealthy, Unknown no answer. */
export type ReadyStatus = 'True' | 'False' | 'Unknown';

/**
 * ReadyReason is the condition's reason; ClusterConfigMalformed when gitfed cannot even address the member;
 * ClusterStatusUnknown when a pull member's agent stopped reporting (Karmada's word when a cluster's lease runs out).
 */
export type ReadyReason = 'ClusterReady' | 'ClusterNotReady' | 'ClusterNotReachable' | 'ClusterConfigMalformed' | 'ClusterStatusUnknown';

/** ClusterCondition is `status.conditions[type=Ready]` of a KubeFedCluster / Karmada Cluster (times RFC 3339, seconds). */
export interface ClusterCondition {
  type: 'Ready';
  status: ReadyStatus;
  reason: ReadyReason;
  message: string;
  /** when the member was last probed */
  lastProbeTime: string;
  /** when status last changed */
  lastTransitionTime: string;
}

/** HealthPath is the endpoint a probe read: `/readyz`, or `/healthz` on a server without `/readyz`. */
export type HealthPath = '/readyz' | '/healthz';

/** ProbeResult is what one probe of a member found. */
export type ProbeResult =
  /** the endpoint answered 200 */
  | { kind: 'healthy'; path: HealthPath }
  /** the API server answered, but not 200 */
  | { kind: 'unhealthy'; path: HealthPath; code: number; body: string }
  /** no HTTP answer: connection refused, reset, timed out, TLS failed */
  | { kind: 'unreachable'; cause: string }
  /** the kubeconfig has no usable context for the member */
  | { kind: 'unconfigured'; cause: string };

/** ObservedReady is the condition a probe result stands for, before thresholds and times. */
export interface ObservedReady {
  status: ReadyStatus;
  reason: ReadyReason;
  message: string;
}

/** observedReady words a probe result as KubeFed does: `/healthz responded with ok`, `cluster is not reachable`. */
export function observedReady(probe: ProbeResult): ObservedReady {
  switch (probe.kind) {
    case 'healthy':
      return { status: 'True', reason: 'ClusterReady', message: `${probe.path} responded with ok` };
    case 'unhealthy':
      return { status: 'False', reason: 'ClusterNotReady', message: `${probe.path} responded without ok: HTTP ${probe.code}${detail(probe.body)}` };
    case 'unreachable':
      return { status: 'Unknown', reason: 'ClusterNotReachable', message: `cluster is not reachable: ${probe.cause}` };
    case 'unconfigured':
      return { status: 'Unknown', reason: 'ClusterConfigMalformed', message: `cluster's configuration may be malformed: ${probe.cause}` };
  }
}

const MAX_DETAIL = 200;

/** detail keeps the failed checks of a `/readyz` body (`[-]etcd failed: reason withheld`), else its first line. */
function detail(body: string): string {
  const lines = body.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const failed = lines.filter((l) => l.startsWith('[-]'));
  const text = (failed.length > 0 ? failed.join('; ') : lines[0] ?? '');
  if (text === '') return '';
  return `: ${text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text}`;
}

/** conditionTime formats a time in ms as Kubernetes writes metav1.Time: RFC 3339 in UTC, whole seconds. */
export function conditionTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
