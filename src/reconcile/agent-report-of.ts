/** The report an agent writes after a pass: its member's health, capacity and the commit it holds. */
import { summarize } from '../apply/capacity.js';
import { readInventory } from '../apply/inventory-store.js';
import { clusterVerdict, truncate } from '../drift/status.js';
import type { ClusterClient } from '../kube/cluster-client.js';
import type { Interpreter } from '../kube/interpreter/interpreter.js';
import { AGENT_REPORT_SCHEMA, type AgentReport, type ReportedWorkload } from '../model/agent-report.js';
import { kindOf, parseKey } from '../kube/object-ref.js';
import { readWorkloadHealth } from '../kube/workload-health.js';
import { readMember } from './applied-health.js';
import { conditionTime, type ClusterCondition } from '../model/cluster-health.js';
import type { GitfedError } from '../model/errors.js';
import type { ReconcileResult } from '../model/reconcile-result.js';
import { formatDiagnostic } from '../model/diagnostic.js';
import { capacityOf } from './cluster-report.js';
import { readLiveReplicas, type Kind } from '../apply/live-replicas.js';

/** the workload kinds whose replicas a report carries: the ones Divided placement sizes */
const WORKLOADS: readonly Kind[] = [{ apiVersion: 'apps/v1', kind: 'Deployment' }, { apiVersion: 'apps/v1', kind: 'StatefulSet' }];

/** PassOutcome is what one pass came to: a cycle's result, or why the repository could not be read. */
export type PassOutcome = { result: ReconcileResult } | { unreadable: GitfedError };

/** stateOf says in the words of a commit status what the pass came to. */
export function stateOf(cluster: string, outcome: PassOutcome): Pick<AgentReport, 'state' | 'description' | 'attempted'> {
  if ('unreadable' in outcome) return { state: 'error', description: truncate(`repository not read, the member keeps what it holds: ${outcome.unreadable.message}`), attempted: null };
  const { result } = outcome;
  if (result.outcome === 'render-failed') {
    const d = result.diagnostics.find((x) => x.severity === 'error');
    return { state: 'failure', description: truncate(`render failed, nothing applied or pruned: ${d ? formatDiagnostic(d) : 'the commit does not render'}`), attempted: result.revision };
  }
  const cs = result.clusters.find((c) => c.cluster === cluster);
  if (!cs) return { state: 'error', description: `${cluster} is not a Cluster with spec.syncMode: Pull in this commit: the agent leaves it alone`, attempted: result.revision };
  const { status } = clusterVerdict(cs);
  return { state: status.state, description: truncate(status.description), attempted: result.revision };
}

/** agentReport reads the member once more (nodes, pods, inventory) and words the report of a pass; custom kinds by the commit's interpreter. */
export async function agentReport(cluster: string, client: ClusterClient, condition: ClusterCondition, outcome: PassOutcome, now: number, interpreter?: Interpreter): Promise<AgentReport> {
  const [nodes, pods, inventory, replicas] = await Promise.all([
    client.list('v1', 'Node').catch(() => null),
    client.list('v1', 'Pod').catch(() => null),
    readInventory(client).catch(() => null),
    readLiveReplicas(client, WORKLOADS).catch(() => null),
  ]);
  const summary = nodes && pods ? summarize(nodes, pods) : null;
  const workloads = inventory ? await workloadsOf(client, inventory.keys, interpreter).catch(() => null) : null;
  return {
    schema: AGENT_REPORT_SCHEMA,
    cluster,
    observedAt: conditionTime(now),
    revision: inventory?.revision ?? null,
    ...stateOf(cluster, outcome),
    condition,
    resourceSummary: summary,
    capacity: summary ? capacityOf(summary) : null,
    nodes: nodes?.length ?? null,
    ...(replicas ? { replicas: Object.fromEntries([...replicas].sort(([a], [b]) => (a < b ? -1 : 1))) } : {}),
    ...(workloads ? { workloads } : {}),
  };
}

/** workloadsOf reads each object of the inventory on the member, kstatus's way; null when the member did not answer. */
async function workloadsOf(client: ClusterClient, keys: readonly string[], interpreter: Interpreter | undefined): Promise<Record<string, ReportedWorkload> | null> {
  const refs = keys.map(parseKey);
  const read = await readMember(client, refs.map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, metadata: { name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) } })));
  if (read.error) return null;
  const out: Record<string, ReportedWorkload> = {};
  for (const key of [...keys].sort()) {
    const listError = read.kindErrors?.get(kindOf(parseKey(key)));
    const { health: _, ...reading } = readWorkloadHealth(read.live.get(key) ?? null, interpreter);
    out[key] = listError ? { status: 'Unknown', message: `cannot list: ${listError}` } : reading;
  }
  return out;
}
