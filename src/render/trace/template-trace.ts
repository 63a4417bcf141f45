/** TemplateTraceBuilder collects one template's trace while render schedules it, attempt by attempt. */
import type { Template } from '../../model/catalog.js';
import type { Cluster } from '../../model/cluster.js';
import type { Binding } from '../../model/plan.js';
import type { ClusterAffinityTerm, Placement, PropagationPolicy } from '../../model/policy.js';
import type { AttemptTrace, ClaimTrace, ClusterVerdict, OverrideChange, ReplicaTrace, TemplateTrace } from '../../model/trace.js';
import { compareStrings } from '../../kube/compare-strings.js';
import type { FilterContext, FitOutcome } from '../placement/filters.js';
import { MAX_INT32 } from '../placement/candidates.js';
import type { AssignInput, AssignResult, Candidate } from '../replicas/assign.js';
import { explainClaim } from './claim.js';
import { rejection } from './filter-reasons.js';
import { replicaTrace } from './replicas.js';
import { spreadReason } from './spread-reason.js';

/** Attempt is one scheduling attempt's trace in the making. */
interface Attempt {
  trace: AttemptTrace;
  where: string;
  verdicts: Map<string, ClusterVerdict>;
  replicas?: ReplicaTrace;
}

const UNCLAIMED: ClaimTrace = { reason: 'not claimed', rivals: [] };

/** TemplateTraceBuilder implements TemplateRecorder for one template. */
export class TemplateTraceBuilder {
  claim: ClaimTrace = UNCLAIMED;
  readonly overrides: OverrideChange[] = [];
  private readonly attempts: Attempt[] = [];
  private final = new Map<string, ClusterVerdict>();
  private replicas: ReplicaTrace | undefined;
  private readonly clusters: readonly Cluster[];
  private readonly template: Template | undefined;
  private readonly resource: string;

  constructor(template: Template | undefined, clusters: readonly Cluster[], resource = template?.key ?? '') {
    this.template = template;
    this.clusters = clusters;
    this.resource = resource;
  }

  /** of wraps a finished trace (KubeFed, Federation v1). */
  static of(resource: string, trace: TemplateTrace): TemplateTraceBuilder {
    const b = new TemplateTraceBuilder(undefined, [], resource);
    b.claim = trace.claim;
    for (const v of trace.clusters) b.final.set(v.cluster, v);
    return b;
  }

  private get policy(): string {
    return this.claim.policy ?? 'no policy';
  }

  namespaceSync(): void {
    this.claim = { policy: 'namespace-sync', reason: 'Karmada\'s namespace sync sends every Namespace (but default and reserved ones) to every cluster', rivals: [] };
    for (const c of this.clusters) {
      this.final.set(c.name, c.deleting ? deleting(c) : { cluster: c.name, kept: true, step: 'NamespaceSync', reason: 'namespace sync' });
    }
  }

  claimed(policies: readonly PropagationPolicy[], chosen: PropagationPolicy | undefined): void {
    if (!this.template) return;
    this.claim = explainClaim(this.template.object, policies, chosen);
    if (chosen) return;
    for (const c of this.clusters) this.final.set(c.name, { cluster: c.name, kept: false, step: 'Unclaimed', reason: this.claim.reason });
  }

  attempt(index: number, term: ClusterAffinityTerm | undefined): void {
    const where = term ? `clusterAffinities[${index}] (${term.affinityName})` : 'clusterAffinity';
    this.attempts.push({ trace: { index, ...(term ? { term: term.affinityName } : {}), ok: true }, where, verdicts: new Map() });
  }

  private get current(): Attempt | undefined {
    return this.attempts[this.attempts.length - 1];
  }

  filtered(ctx: FilterContext, clusters: readonly Cluster[], fit: FitOutcome): void {
    const a = this.current;
    if (!a) return;
    for (const c of clusters) {
      if (c.deleting) a.verdicts.set(c.name, deleting(c));
      else if (fit.rejected.has(c.name)) a.verdicts.set(c.name, rejection(ctx, c, this.policy, a.where));
      else a.verdicts.set(c.name, { cluster: c.name, kept: true, step: 'Scheduled', reason: 'passed every filter' });
    }
  }

  candidates(list: readonly Candidate[]): void {
    for (const c of list) {
      const v = this.current?.verdicts.get(c.cluster.name);
      if (!v) continue;
      if (c.availableReplicas < MAX_INT32) v.availableReplicas = c.availableReplicas;
      if (c.tier > 0) {
        v.tier = c.tier;
        v.reason = `passed every filter in overflow tier ${c.tier} (overflowAffinities[${c.tier - 1}])`;
      }
    }
  }

  selected(placement: Placement, list: readonly Candidate[]): void {
    const chosen = new Set(list.map((c) => c.cluster.name));
    for (const c of this.clusters) {
      const v = this.current?.verdicts.get(c.name);
      if (v?.kept && !chosen.has(c.name)) Object.assign(v, { kept: false, step: 'SpreadSelection', reason: spreadReason(placement, c, list) });
    }
  }

  assigned(input: AssignInput, result: AssignResult): void {
    const a = this.current;
    if (!a || !result.ok) return;
    const targets = new Map(result.targets.map((t) => [t.name, t.replicas ?? 0]));
    const outcome = replicaTrace(input, targets);
    if (!outcome) return;
    a.replicas = outcome.trace;
    for (const [name, reason] of outcome.zero) {
      const v = a.verdicts.get(name);
      if (v) Object.assign(v, { kept: false, step: 'Assignment', reason });
    }
  }

  attemptEnd(failure: string | undefined): void {
    const a = this.current;
    if (!a || failure === undefined) return;
    a.trace = { ...a.trace, ok: false, reason: failure };
    for (const v of a.verdicts.values()) {
      if (v.kept) Object.assign(v, { kept: false, step: 'Unschedulable', reason: `${a.where} could not be scheduled: ${failure}` });
    }
  }

  bound(binding: Binding): void {
    if (!this.claim.policy) return;
    const chosen = this.attempts.find((a) => a.trace.ok) ?? this.attempts[0];
    if (chosen) {
      this.final = new Map(chosen.verdicts);
      this.replicas = chosen.replicas;
    } else if (binding.reason !== undefined) {
      for (const c of this.clusters) this.final.set(c.name, { cluster: c.name, kept: false, step: 'Unschedulable', reason: `${binding.policy} places it nowhere: ${binding.reason}` });
    }
    for (const t of binding.clusters) {
      const v = this.final.get(t.name);
      if (v && t.replicas !== undefined) v.replicas = t.replicas;
    }
    for (const name of binding.suspended ?? []) {
      this.final.set(name, { cluster: name, kept: false, step: 'Suspended', reason: `dispatching suspended by ${binding.policy} (suspendDispatching)` });
    }
  }

  dependency(policy: string, requiredBy: readonly string[], added: readonly string[]): void {
    if (!this.claim.policy) {
      // no policy of its own: it goes only where what needs it runs (build() says so for the other clusters)
      this.claim = { policy, reason: `required by ${requiredBy.join(', ')} (propagateDeps)`, rivals: [] };
      this.final.clear();
    }
    for (const name of added) {
      this.final.set(name, { cluster: name, kept: true, step: 'Dependency', reason: `propagateDeps: ${requiredBy.join(', ')} runs there and needs it` });
    }
  }

  overrideFailed(cluster: string, message: string): void {
    this.final.set(cluster, { cluster, kept: false, step: 'OverrideFailed', reason: `override failed: ${message}` });
  }

  /** build finishes the trace; a template render did not keep (a claim conflict) is rejected everywhere. */
  build(rendered: boolean): TemplateTrace {
    for (const c of this.clusters) {
      if (!this.final.has(c.name)) this.final.set(c.name, { cluster: c.name, kept: false, step: 'Dependency', reason: 'propagateDeps: nothing that needs it runs there' });
    }
    const verdicts = [...this.final.values()].sort((a, b) => compareStrings(a.cluster, b.cluster));
    const clusters = rendered || !this.claim.policy || verdicts.every((v) => !v.kept) ? verdicts : verdicts.map((v) => ({
      cluster: v.cluster, kept: false, step: 'Conflict' as const, reason: 'more than one owner places it (a Karmada policy, a KubeFed object or a Federation v1 annotation): none renders it',
    }));
    return {
      resource: this.resource, claim: this.claim, attempts: this.attempts.map((a) => a.trace), clusters,
      ...(this.replicas ? { replicas: this.replicas } : {}), overrides: this.overrides,
    };
  }
}

function deleting(c: Cluster): ClusterVerdict {
  return { cluster: c.name, kept: false, step: 'Deleting', reason: 'deletion: the Cluster is being deleted' };
}
