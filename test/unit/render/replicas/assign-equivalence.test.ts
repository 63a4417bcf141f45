import { describe, expect, it, vi } from 'vitest';
import type { ReplicaSchedulingStrategy } from '../../../../src/model/policy.js';
import { assignReplicas, type AssignResult, type Candidate } from '../../../../src/render/replicas/assign.js';
import { divideJobCompletions } from '../../../../src/render/replicas/job-completions.js';
import { websterAllocate } from '../../../../src/render/replicas/webster.js';
import { makeCluster } from '../../../helpers/builders.js';
import { intBelow, mulberry32, pickFrom, type SeededRandom } from '../../../helpers/seeded-random.js';
import { perSeat } from '../../../helpers/webster-reference.js';

/**
 * referenceAssign is assignReplicas as it was, built from the same strategy code over the seat-by-seat Webster:
 * a second copy of the modules with webster.js replaced by the reference.
 */
async function referenceModules(): Promise<{ assign: typeof assignReplicas; completions: typeof divideJobCompletions }> {
  vi.resetModules();
  vi.doMock('../../../../src/render/replicas/webster.js', () => ({ websterAllocate: perSeat }));
  const assign = await import('../../../../src/render/replicas/assign.js');
  const jobs = await import('../../../../src/render/replicas/job-completions.js');
  vi.doUnmock('../../../../src/render/replicas/webster.js');
  return { assign: assign.assignReplicas, completions: jobs.divideJobCompletions };
}

const NAMES = ['a', 'b', 'c', 'm1', 'm2', 'm3', 'aws', 'gcp', 'x', 'zz'];

function randomStrategy(rand: SeededRandom): ReplicaSchedulingStrategy | undefined {
  const divided = (s: Partial<ReplicaSchedulingStrategy>): ReplicaSchedulingStrategy => ({ replicaSchedulingType: 'Divided', ...s });
  const rules = Array.from({ length: intBelow(rand, 4) }, () => ({
    targetCluster: { clusterNames: NAMES.filter(() => rand() < 0.3) }, weight: pickFrom(rand, [1, 1, 2, 3, 7, 1000, 2 ** 40]),
  }));
  return pickFrom(rand, [
    undefined,
    { replicaSchedulingType: 'Duplicated' },
    divided({ replicaDivisionPreference: 'Weighted' }),
    divided({ replicaDivisionPreference: 'Weighted', weightPreference: { staticWeightList: rules } }),
    divided({ replicaDivisionPreference: 'Weighted', weightPreference: { dynamicWeight: 'AvailableReplicas' } }),
    divided({ replicaDivisionPreference: 'Aggregated' }),
  ]);
}

function randomCandidates(rand: SeededRandom, total: number): Candidate[] {
  const names = NAMES.filter(() => rand() < 0.5);
  const tiers = rand() < 0.3 ? 3 : 1;
  return names.map((name) => ({
    cluster: makeCluster(name),
    availableReplicas: pickFrom(rand, [0, 1, 2, 5, total, Infinity, intBelow(rand, 2 * total + 3), intBelow(rand, 50)]),
    tier: intBelow(rand, tiers),
  }));
}

const shown = (r: AssignResult) => (r.ok ? r.targets : r.reason);

describe('every Karmada division path equals the former seat-by-seat one', () => {
  it.each([
    ['small totals', 7001, [0, 1, 2, 3, 7, 10, 31]],
    ['medium totals', 7002, [100, 257, 1000, 4099, 20000]],
  ])('assignReplicas on 1,500 random placements with %s (static, dynamic, aggregated, tiers, duplicated)', async (_name, seed, totals) => {
    const reference = await referenceModules();
    const rand = mulberry32(seed);
    for (let i = 0; i < 1500; i++) {
      const replicas = pickFrom(rand, totals);
      const input = { candidates: randomCandidates(rand, replicas), replicas, workload: rand() < 0.9, strategy: randomStrategy(rand) };
      const label = JSON.stringify({ ...input, candidates: input.candidates.map((c) => [c.cluster.name, c.availableReplicas, c.tier]) });
      expect(shown(assignReplicas(input)), label).toEqual(shown(reference.assign(input)));
    }
  });

  it('a Job\'s completions on 1,500 random splits', async () => {
    const reference = await referenceModules();
    const rand = mulberry32(7003);
    for (let i = 0; i < 1500; i++) {
      const targets = NAMES.filter(() => rand() < 0.5).map((name) => ({ name, replicas: intBelow(rand, 40) }));
      const completions = pickFrom(rand, [0, 1, 5, 17, 100, 3000]);
      expect(Object.fromEntries(divideJobCompletions(completions, targets))).toEqual(Object.fromEntries(reference.completions(completions, targets)));
    }
  });
});

describe('websterAllocate equals the seat-by-seat rule on medium totals and weights up to 2^53', () => {
  it('on 300 random apportionments (held seats, zero, unlimited and near-2^52 weights)', () => {
    const rand = mulberry32(7004);
    for (let i = 0; i < 300; i++) {
      const parties = Array.from({ length: 1 + intBelow(rand, 12) }, (_, k) => ({
        name: `p${k}`,
        weight: pickFrom(rand, [() => 1 + intBelow(rand, 10), () => Math.floor(rand() * 2 ** 53), () => 2 ** 52 + intBelow(rand, 5), () => 3 ** 30, () => Infinity, () => 0])(),
        ...(rand() < 0.3 ? { seats: intBelow(rand, 100) } : {}),
      }));
      const seats = pickFrom(rand, [999, 4099, 12345, 20011]);
      expect(Object.fromEntries(websterAllocate(parties, seats)), JSON.stringify({ parties, seats })).toEqual(Object.fromEntries(perSeat(parties, seats)));
    }
  });
});

describe('dividing 2147483647 replicas over N clusters is fast and exact', () => {
  const T = 2147483647;
  const candidates = (available: readonly number[]) => available.map((a, i) => ({ cluster: makeCluster(`m${String(i).padStart(3, '0')}`), availableReplicas: a, tier: 0 }));
  const replicasOf = (r: AssignResult) => (r.ok ? r.targets.map((t) => t.replicas ?? 0) : []);
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

  it('static weights 1..500: the replicas add up and each cluster is within one of its exact share', () => {
    const strategy: ReplicaSchedulingStrategy = {
      replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted',
      weightPreference: { staticWeightList: Array.from({ length: 500 }, (_, i) => ({ targetCluster: { clusterNames: [`m${String(i).padStart(3, '0')}`] }, weight: i + 1 })) },
    };
    const got = replicasOf(assignReplicas({ candidates: candidates(Array(500).fill(0)), replicas: T, workload: true, strategy }));
    expect(sum(got)).toBe(T);
    got.forEach((n, i) => expect(Math.abs(n - (T * (i + 1)) / 125250)).toBeLessThanOrEqual(1));
  });

  it('dynamic weight over 300 equal clusters: the 247 smallest names get one more than the rest', () => {
    // 2147483647 = 300 × 7158278 + 247
    const strategy: ReplicaSchedulingStrategy = { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted', weightPreference: { dynamicWeight: 'AvailableReplicas' } };
    const got = replicasOf(assignReplicas({ candidates: candidates(Array(300).fill(2 ** 40)), replicas: T, workload: true, strategy }));
    expect(got.slice(0, 247).every((n) => n === 7158279)).toBe(true);
    expect(got.slice(247).every((n) => n === 7158278)).toBe(true);
  });

  it('aggregated takes the two largest clusters that hold it and splits it 2^30 / 2^30 - 1', () => {
    const strategy: ReplicaSchedulingStrategy = { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' };
    const got = assignReplicas({ candidates: candidates([5, 2 ** 30, 10, 2 ** 30, 2 ** 29]), replicas: T, workload: true, strategy });
    expect(got).toEqual({ ok: true, targets: [{ name: 'm001', replicas: 2 ** 30 }, { name: 'm003', replicas: 2 ** 30 - 1 }] });
  });

  it('a Job\'s 2147483647 completions over targets holding 1 and 2 replicas split 1 : 2', () => {
    // Webster of 1 : 2 over 3k + 1 seats gives k and 2k + 1
    expect(Object.fromEntries(divideJobCompletions(T, [{ name: 'a', replicas: 1 }, { name: 'b', replicas: 2 }]))).toEqual({ a: 715827882, b: 1431655765 });
  });
});
