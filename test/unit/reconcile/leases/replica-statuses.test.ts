import { describe, expect, it } from 'vitest';
import { named, withReplica } from '../../../../src/reconcile/leases/replica-statuses.js';
import type { StatusReport } from '../../../../src/model/drift.js';

// With several replicas, each cluster's commit status names the replica that wrote it (issue 20: the statuses show
// which replica owns which cluster); the aggregate is left as it is.

describe('commit statuses name the replica that owns the cluster', () => {
  it.each([
    ['a cluster status gets the replica', { context: 'gitfed/m1', state: 'success', description: 'applied: 2 created' }, 'applied: 2 created (replica gitfed-0-42)'],
    ['the aggregate is not one replica\'s', { context: 'gitfed', state: 'success', description: '3/3 clusters in sync' }, '3/3 clusters in sync'],
    ['a long description is shortened, the replica kept whole', { context: 'gitfed/m1', state: 'failure', description: `1 drifted: ${'x'.repeat(200)}` }, expect.stringMatching(/^1 drifted: x+… \(replica gitfed-0-42\)$/)],
  ] as const)('%s', (_rule, status, description) => {
    const out = named({ ...status }, 'gitfed-0-42');
    expect(out.description).toEqual(description);
    expect(out.description.length).toBeLessThanOrEqual(140);
  });

  it('the wrapped reporter posts the named statuses and keeps its kind', async () => {
    const seen: StatusReport[] = [];
    const [r] = withReplica([{ name: 'notes', wholeReports: true, report: async (rep) => void seen.push(rep) }], 'b-7');
    await r?.report({ sha: 'abc', statuses: [{ context: 'gitfed/m2', state: 'pending', description: 'applying' }] });
    expect(r?.wholeReports).toBe(true);
    expect(seen[0]?.statuses[0]?.description).toBe('applying (replica b-7)');
  });
});
