/**
 * The reasons `gitfed plan` puts beside each placement change, from the placement traces of base and head: the
 * example repository against an edit of it that moves replicas and clusters for four different causes. The whole
 * comment is a golden file (UPDATE_GOLDEN=1 rewrites it after a reviewed change).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDirectorySnapshot } from '../../../src/git/directory-source.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { renderSnapshot } from '../../../src/render/index.js';
import { diffPlans, type PlanDiff } from '../../../src/reconcile/plan-diff.js';
import { planMarkdown } from '../../../src/reconcile/plan-markdown.js';

const GOLDEN = 'test/golden/plan-reasons.md';

function edited(base: Snapshot, edits: [file: string, from: string, to: string][]): Snapshot {
  const files = new Map(base.files);
  for (const [file, from, to] of edits) {
    const text = files.get(file) ?? '';
    if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
    files.set(file, text.replace(from, to));
  }
  return { revision: 'bbbbbbbbbbbbbbbb', files };
}

/** planned is the plan of the edit, or with `undo` the plan that reverts it. */
async function planned(undo = false): Promise<PlanDiff> {
  const base = { ...(await readDirectorySnapshot('examples/policy-repo')), revision: 'aaaaaaaaaaaaaaaa' };
  const head = edited(base, [
    ['apps/web/propagation.yaml', 'weight: 2', 'weight: 6'],
    ['clusters/clusters.yaml', 'name: azure-asia\n  labels:\n    env: prod', 'name: azure-asia\n  labels:\n    env: staging'],
    ['policies/platform.yaml', '  placement:\n    clusterTolerations:\n      - key: dedicated\n        operator: Equal\n        value: gpu\n        effect: NoSchedule', '  placement: {}'],
    ['apps/cache/cache.yaml', 'replicas: 24', 'replicas: 30'],
  ]);
  const traced = (s: Snapshot) => renderSnapshot(s, undefined, undefined, undefined, { trace: true }).plan;
  const [a, b] = [traced(base), traced(head)];
  expect(b.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  return undo ? diffPlans(b, a) : diffPlans(a, b);
}

describe('gitfed plan: a reason beside each placement change', () => {
  it.each<[string, 'replicaMoves' | 'placement', string, RegExp, boolean?]>([
    ['a static weight changed', 'replicaMoves', 'apps/v1/Deployment/shop/web', /^weight of aws-us-east 2 -> 6; the clusters dividing them changed \(-azure-asia\)$/],
    ['the template\'s replicas changed', 'replicaMoves', 'apps/v1/Deployment/shop/cache', /^replicas 24 -> 30$/],
    ['a cluster label changed', 'placement', 'apps/v1/Deployment/shop/web',
      /^-azure-asia: rejected by cluster affinity: clusterAffinity\.labelSelector env=prod \(the cluster has env=staging\)$/],
    ['a toleration was dropped (the other clusters keep it)', 'placement', 'apps/v1/DaemonSet/monitoring/node-exporter',
      /^-edge-gpu: rejected by taint dedicated=gpu:NoSchedule \(not tolerated by ClusterPropagationPolicy\/platform\)$/],
    ['a dependency follows its workload', 'placement', 'v1/ConfigMap/shop/web-config', /^-azure-asia: rejected by propagateDeps: nothing that needs it runs there$/],
    ['a cluster label changed back (the cluster is added again)', 'placement', 'apps/v1/Deployment/shop/web',
      /^\+azure-asia: no longer rejected by cluster affinity: clusterAffinity\.labelSelector env=prod \(the cluster has env=staging\)$/, true],
  ])('%s', async (_cause, list, resource, reason, undo = false) => {
    const d = await planned(undo);
    const entry = (d[list] as { resource: string; reason?: string }[]).find((x) => x.resource === resource);
    expect(entry?.reason).toMatch(reason);
  });

  it('the pull-request comment carries them (golden)', async () => {
    const md = planMarkdown(await planned());
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, md);
    expect(md).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('a plan without traces has no reasons', async () => {
    const base = await readDirectorySnapshot('examples/policy-repo');
    const head = edited(base, [['apps/web/propagation.yaml', 'weight: 2', 'weight: 6']]);
    const d = diffPlans(renderSnapshot(base).plan, renderSnapshot(head).plan);
    expect(d.replicaMoves.map((m) => m.reason)).toEqual([undefined]);
  });
});
