/**
 * What a pull agent (`gitfed agent`) tells the rest of the fleet about its member, through Git: one JSON document,
 * `status.json` in the tree of the commit at `refs/gitfed/clusters/<name>` of the policy repository.
 */
import type { ClusterCondition } from './cluster-health.js';
import type { ResourceSummary } from './cluster.js';
import type { KStatus } from './kstatus.js';

/** AGENT_REPORT_SCHEMA names the format of `status.json`; a reader ignores a report of another schema. */
export const AGENT_REPORT_SCHEMA = 'gitfed.io/cluster-report/v1';

/** ReportedCapacity is one resource as `gitfed clusters` shows it: nodes' allocatable, pods' requests, what is left. */
export interface ReportedCapacity {
  allocatable: string;
  allocated: string;
  available: string;
}

/** ReportedWorkload is how one object gitfed holds on the member reads, kstatus's way, as `gitfed status` shows it. */
export interface ReportedWorkload {
  status: KStatus;
  ready?: number;
  desired?: number;
  message: string;
}

/** AgentReport is one pass of an agent: when, which commit it holds, its member's health and capacity. */
export interface AgentReport {
  schema: typeof AGENT_REPORT_SCHEMA;
  cluster: string;
  /** when the pass ended (RFC 3339): the report's age is what makes a silent agent's member Unknown */
  observedAt: string;
  /** the commit the member holds after the pass (its inventory's revision); null before the first apply */
  revision: string | null;
  /** the commit the pass tried: differs from revision when the pass failed or the commit did not render */
  attempted: string | null;
  /** success, failure (an apply failed, drift, render failed) or error (the member's API could not be reached) */
  state: 'success' | 'failure' | 'error' | 'pending';
  /** at most 140 characters, as the commit status says it */
  description: string;
  /** the member's Ready condition as its agent sees its own API server */
  condition: ClusterCondition;
  /** nodes' allocatable and pods' requests: what the push side renders dynamic weights and Aggregated division with */
  resourceSummary: ResourceSummary | null;
  /** cpu, memory and pods as `gitfed clusters` shows them */
  capacity: Record<string, ReportedCapacity> | null;
  /** null when the Nodes could not be listed */
  nodes: number | null;
  /**
   * `spec.replicas` of gitfed's Deployments and StatefulSets on the member, by object key: their pods are counted in
   * the capacity above, and a render adds them back, as the push side does with what its members run
   */
  replicas?: Record<string, number>;
  /** how each object of the member's inventory reads, by object key: `gitfed status` sums READY with them */
  workloads?: Record<string, ReportedWorkload>;
}

/** parseAgentReport reads `status.json`; undefined when it is not a report this version understands. */
export function parseAgentReport(text: string): AgentReport | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<AgentReport>;
  const condition = r.condition as Partial<ClusterCondition> | undefined;
  if (r.schema !== AGENT_REPORT_SCHEMA || typeof r.cluster !== 'string' || typeof r.observedAt !== 'string' || Number.isNaN(Date.parse(r.observedAt))) return undefined;
  if (condition?.type !== 'Ready' || typeof condition.status !== 'string') return undefined;
  return r as AgentReport;
}
