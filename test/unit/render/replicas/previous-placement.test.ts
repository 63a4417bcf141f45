import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../../../src/model/cluster.js';
import type { ReplicaSchedulingStrategy } from '../../../../src/model/policy.js';
import { buildCandidates } from '../../../../src/render/placement/candidates.js';
import { overcommitWarnings } from '../../../../src/render/placement/overcommit.js';
import { assignReplicas, type Candidate } from '../../../../src/render/replicas/assign.js';
import { estimateAvailableReplicas } from '../../../../src/render/replicas/estimator.js';
import { replicaRequirements } from '../../../../src/render/replicas/requirements.js';
import { capacity, makeCluster, makeDeployment } from '../../../helpers/builders.js';

// Render given the placement it made before (Karmada's previous spec.clusters, karmada-semantics §4.4 and §4.9):
// the replicas a template holds on a cluster are added back to that cluster's available replicas, Dynamic and
// Aggregated divisions are kept in Steady mode, and a placement that does not fit a cluster's capacity is said.

/** cpus is a cluster with `free` whole CPUs free (110 pods allowed), so a 1-CPU replica has room for `free`. */
const cpus = (name: string, free: number): Cluster => makeCluster(name, { resourceSummary: capacity({ cpu: String(free), pods: '110' }) });
const oneCpu = replicaRequirements(makeDeployment('cache', { replicas: 1, requests: { cpu: '1' } }));
const prev = (spec: string): Map<string, number> => new Map(spec.split(' ').filter(Boolean).map((s) => [s.split('=')[0] as string, Number(s.split('=')[1])]));
const shown = (cs: readonly Candidate[]) => cs.map((c) => `${c.cluster.name}=${c.availableReplicas}`).join(' ');

describe('add-back: previous replicas count as available on their cluster', () => {
  it.each<[string, string, string]>([
    ['a fresh render estimates free capacity only', '', 'a=5 b=3 c=2'],
    ['replicas held on a cluster are added to its estimate', 'a=15 b=9', 'a=20 b=12 c=2'],
    ['the order of candidates follows the sums (most available first)', 'c=10', 'c=12 a=5 b=3'],
    ['a held cluster that is not a candidate adds nothing anywhere', 'z=7', 'a=5 b=3 c=2'],
  ])('%s', (_rule, previous, expected) => {
    const candidates = buildCandidates([cpus('a', 5), cpus('b', 3), cpus('c', 2)], { replicas: 24, requirements: oneCpu, overflow: [], previous: prev(previous) });
    expect(shown(candidates)).toBe(expected);
  });
});

const aggregated: ReplicaSchedulingStrategy = { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' };
const dynamic: ReplicaSchedulingStrategy = { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted', weightPreference: { dynamicWeight: 'AvailableReplicas' } };

/** steady assigns `replicas` over clusters with free CPUs `free` (name=n) that held `held` before. */
function steady(strategy: ReplicaSchedulingStrategy, free: string, held: string, replicas: number): string {
  const previous = prev(held);
  const clusters = [...prev(free)].map(([n, f]) => cpus(n, f));
  const candidates = buildCandidates(clusters, { replicas, requirements: oneCpu, overflow: [], previous });
  const r = assignReplicas({ candidates, replicas, workload: true, strategy, previous });
  return r.ok ? r.targets.map((t) => `${t.name}=${t.replicas}`).join(' ') : r.reason;
}

describe('Steady mode for Dynamic and Aggregated', () => {
  it.each<[string, ReplicaSchedulingStrategy, string, string, number, string]>([
    // the example's cache: 24 over 20 and 12 free CPUs is 15/9; once its pods run, 5 and 3 are free
    ['a fresh Aggregated render divides the shortest prefix by capacity', aggregated, 'a=20 b=12 c=2', '', 24, 'a=15 b=9'],
    ['Aggregated, same count: once its own pods use the capacity it stays where it is', aggregated, 'a=5 b=3 c=2', 'a=15 b=9', 24, 'a=15 b=9'],
    ['Aggregated without the previous placement would not fit any more (what add-back prevents)', aggregated, 'a=5 b=3 c=2', '', 24, 'insufficient capacity: 24 replicas requested, 10 available'],
    ['Dynamic, same count: kept', dynamic, 'a=1 b=1 c=40', 'a=6 b=6', 12, 'a=6 b=6'],
    ['scale-down is proportional to the replicas held', dynamic, 'a=0 b=0 c=40', 'a=8 b=4', 6, 'a=4 b=2'],
    ['Aggregated scale-down keeps the shortest prefix of the largest holders', aggregated, 'a=0 b=0', 'a=8 b=4', 6, 'a=6'],
    ['scale-up places only the new replicas, on free capacity, holders first for Aggregated', aggregated, 'a=2 b=1 c=30', 'a=6 b=4', 12, 'a=8 b=4'],
    ['Dynamic scale-up weighs the new replicas by free capacity, from the seats held', dynamic, 'a=0 b=10', 'a=6', 10, 'a=6 b=4'],
    ['scale-up beyond the free capacity is Unschedulable', dynamic, 'a=1 b=1', 'a=6 b=6', 15, 'insufficient capacity: 3 replicas requested, 2 available'],
    ['replicas held on a cluster that is no longer a candidate are scheduled again', aggregated, 'a=5 b=20', 'a=4 gone=4', 8, 'a=8'],
  ])('%s', (_rule, strategy, free, held, replicas, expected) => {
    expect(steady(strategy, free, held, replicas)).toBe(expected);
  });
});

describe('overcommit warnings', () => {
  const template = { key: 'apps/v1/Deployment/shop/cache', object: makeDeployment('cache', { replicas: 6, requests: { cpu: '1' } }), source: { file: 'cache.yaml', line: 1 } };
  const clusters = new Map([['a', cpus('a', 5)], ['b', cpus('b', 10)], ['u', makeCluster('u')]]);
  const warn = (targets: string, held = '') => overcommitWarnings({
    template, clusters, estimate: estimateAvailableReplicas,
    targets: [...prev(targets)].map(([name, replicas]) => ({ name, replicas })), previous: prev(held),
  }).map((d) => `${d.cluster} ${d.code} ${d.severity}`);
  it.each<[string, string, string, string[]]>([
    ['replicas within the free capacity: none', 'a=5 b=1', '', []],
    ['more replicas than the free capacity: a warning naming the cluster', 'a=6', '', ['a Overcommitted warning']],
    ['replicas already running there count as room (add-back)', 'a=6', 'a=2', []],
    ['a cluster without a resourceSummary has no known capacity: not judged', 'u=50', '', []],
  ])('%s', (_rule, targets, held, expected) => {
    expect(warn(targets, held)).toEqual(expected);
  });
});
