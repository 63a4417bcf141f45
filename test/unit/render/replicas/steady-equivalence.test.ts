import { describe, expect, it, vi } from 'vitest';
import type { ReplicaSchedulingStrategy } from '../../../../src/model/policy.js';
import { assignReplicas, type AssignResult, type Candidate } from '../../../../src/render/replicas/assign.js';
import { makeCluster } from '../../../helpers/builders.js';
import { intBelow, mulberry32, pickFrom, type SeededRandom } from '../../../helpers/seeded-random.js';
import { perSeat } from '../../../helpers/webster-reference.js';
import { assignSteady as formerSteady } from '../../../helpers/steady-reference.js';

/** referenceAssign is assignReplicas built over the former Steady code and the seat-by-seat Webster. */
async function referenceAssign(): Promise<typeof assignReplicas> {
  vi.resetModules();
  vi.doMock('../../../../src/render/replicas/webster.js', () => ({ websterAllocate: perSeat }));
  vi.doMock('../../../../src/render/replicas/steady.js', () => ({ assignSteady: formerSteady }));
  const assign = await import('../../../../src/render/replicas/assign.js');
  vi.doUnmock('../../../../src/render/replicas/webster.js');
  vi.doUnmock('../../../../src/render/replicas/steady.js');
  return assign.assignReplicas;
}

const divided = (s: Partial<ReplicaSchedulingStrategy>): ReplicaSchedulingStrategy => ({ replicaSchedulingType: 'Divided', ...s });
const STRATEGIES: readonly ReplicaSchedulingStrategy[] = [
  divided({ replicaDivisionPreference: 'Weighted', weightPreference: { dynamicWeight: 'AvailableReplicas' } }),
  divided({ replicaDivisionPreference: 'Aggregated' }),
];

/** randomFleet draws n clusters with capacities and a previous placement on some of them (and on clusters gone since). */
function randomFleet(rand: SeededRandom, n: number): { candidates: Candidate[]; previous: Map<string, number> } {
  const candidates = Array.from({ length: n }, (_, i) => ({
    cluster: makeCluster(`m${String(intBelow(rand, 3 * n)).padStart(4, '0')}-${i}`),
    availableReplicas: pickFrom(rand, [0, 1, 3, intBelow(rand, 20), intBelow(rand, 200)]),
    tier: 0,
  }));
  const previous = new Map<string, number>();
  for (const c of candidates) if (rand() < 0.4) previous.set(c.cluster.name, 1 + intBelow(rand, 30));
  if (rand() < 0.3) previous.set('gone', 7);
  // the add-back: a cluster's estimate includes what it already holds (buildCandidates)
  for (const c of candidates) c.availableReplicas += previous.get(c.cluster.name) ?? 0;
  return { candidates, previous };
}

const shown = (r: AssignResult) => (r.ok ? r.targets : r.reason);

describe('the Steady division (scale up, scale down, unchanged) equals the former code', () => {
  it.each([
    ['a few clusters', 8101, 12],
    ['up to 150 clusters', 8102, 150],
  ])('assignReplicas with a previous placement on 600 random fleets of %s', async (_name, seed, most) => {
    const reference = await referenceAssign();
    const rand = mulberry32(seed);
    for (let i = 0; i < 600; i++) {
      const { candidates, previous } = randomFleet(rand, 1 + intBelow(rand, most));
      const held = [...previous.values()].reduce((a, b) => a + b, 0);
      const replicas = pickFrom(rand, [held, Math.max(0, held - intBelow(rand, 20)), held + intBelow(rand, 50), intBelow(rand, 400)]);
      const input = { candidates, replicas, workload: true, strategy: pickFrom(rand, STRATEGIES), previous };
      const label = JSON.stringify({ ...input, candidates: candidates.map((c) => [c.cluster.name, c.availableReplicas]), previous: [...previous] });
      expect(shown(assignReplicas(input)), label).toEqual(shown(reference(input)));
    }
  });
});
