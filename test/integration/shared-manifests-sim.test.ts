import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRepo } from '../../bench/generate-repo.js';
import { createKubeClient } from '../../src/kube/kube-client.js';
import { reconcileCluster } from '../../src/reconcile/reconcile-cluster.js';
import { createRenderCache, renderSnapshot } from '../../src/render/index.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';

// A render shares one object between the clusters of a variant, and objects parsed once between commits: the
// apply path must only read them. Every object handed out is frozen here, so a write anywhere would throw.
let fleet: Fleet;
const NAMES = ['member-0000', 'member-0001', 'member-0002'];

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

beforeAll(async () => {
  fleet = await startFleet(NAMES.map((name) => ({ name })));
});

afterAll(async () => {
  await fleet?.stop();
});

describe('shared, frozen manifests', () => {
  it('are applied on every cluster at once, then found unchanged, without a write to them', async () => {
    const repo = generateRepo({ templates: 8, clusters: NAMES.length, placement: 'duplicated' });
    // the Namespaces of the templates, which Karmada's namespace sync sends to every cluster
    const namespaces = Array.from({ length: 8 }, (_, i) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: team-${i}}\n`).join('---\n');
    const snapshot = { ...repo, files: new Map([...repo.files, ['namespaces.yaml', namespaces]]) };
    const cache = createRenderCache();
    renderSnapshot(snapshot, undefined, cache);
    const { plan } = renderSnapshot(snapshot, undefined, cache);
    deepFreeze(plan);
    // ConfigMaps have no override rule: one object for the three clusters
    const config = plan.clusters[NAMES[0] as string]?.find((o) => o.kind === 'ConfigMap');
    expect(NAMES.every((n) => plan.clusters[n]?.includes(config as never))).toBe(true);
    const pass = () => Promise.all(NAMES.map((name) => reconcileCluster(
      createKubeClient({ kubeconfig: fleet.kubeconfig(), context: name }),
      { objects: plan.clusters[name] ?? [], revision: 'r1', dryRun: false, allowMassPrune: false, drift: { defaultMode: 'correct' } },
    )));
    const created = await pass();
    for (const set of created) {
      expect(set.error).toBeUndefined();
      expect(set.entries.filter((e) => e.action === 'failed').map((e) => e.reason)).toEqual([]);
      expect(set.entries.filter((e) => e.action === 'created')).toHaveLength(24);
    }
    const again = await pass();
    for (const set of again) expect(set.entries.every((e) => e.action === 'unchanged')).toBe(true);
  });
});
