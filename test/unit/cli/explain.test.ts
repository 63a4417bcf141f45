/** `gitfed explain` against the example repository: the text, the JSON, the exit codes and how an object is named. */
import { describe, expect, it } from 'vitest';
import { matchesTarget, runExplain, type ExplainOptions } from '../../../src/cli/commands/explain.js';
import type { CommandIO } from '../../../src/cli/io.js';
import { GitfedError } from '../../../src/model/errors.js';

function capture(): CommandIO & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

const REPO = 'examples/policy-repo';
const explain = async (target: string, opts: Partial<ExplainOptions> = {}) => {
  const io = capture();
  const code = await runExplain(target, REPO, { format: 'text', ...opts }, io);
  return { code, ...io };
};

describe('gitfed explain', () => {
  it('prints the claim, one line per cluster, the replica arithmetic and the overrides', async () => {
    const { code, out } = await explain('Deployment/shop/web');
    expect(code).toBe(0);
    expect(out).toContain('apps/v1/Deployment/shop/web\nclaimed by PropagationPolicy/shop/web: selects it by an explicit name (priority 0)\n');
    expect(out).toContain('  edge-gpu: rejected by taint dedicated=gpu:NoSchedule (not tolerated by PropagationPolicy/shop/web)\n');
    expect(out).toContain('  aws-us-east: kept (passed every filter), 4 replicas, 80 available\n');
    expect(out).toContain('  aws-us-east: 4 (weight 2, exact share 4, 80 available)\n');
    expect(out).toContain('  gcp-europe /spec/template/spec/containers/0/image: registry.example.com/shop/web:1.4.2 -> eu.mirror.example.com/shop/web:1.4.2 by ClusterOverridePolicy/regional-registries rule 0 (imageOverrider, policies/overrides.yaml:13)\n');
  });

  it('--cluster keeps that cluster\'s verdict and overrides; --format json is the trace', async () => {
    const { code, out } = await explain('deployment/shop/cache', { cluster: 'azure-asia', format: 'json' });
    expect(code).toBe(0);
    const json = JSON.parse(out) as { revision: null; traces: { resource: string; clusters: unknown[]; overrides: { cluster: string }[] }[] };
    expect(json.traces.map((t) => t.resource)).toEqual(['apps/v1/Deployment/shop/cache']);
    expect(json.traces[0]?.clusters).toEqual([{
      cluster: 'azure-asia', kept: false, step: 'Assignment', availableReplicas: 2,
      reason: 'replica assignment: Aggregated needs no more clusters; the clusters with more available replicas hold all 24',
    }]);
    expect(json.traces[0]?.overrides.every((o) => o.cluster === 'azure-asia')).toBe(true);
  });

  it('names a cluster-scoped object KIND/NAME', async () => {
    const { code, out } = await explain('ClusterRole/shop-reader', { cluster: 'edge-gpu' });
    expect(code).toBe(0);
    expect(out).toBe('rbac.authorization.k8s.io/v1/ClusterRole/shop-reader\nclaimed by ClusterPropagationPolicy/platform: selects it by a selector of its kind without name or labels (priority 0)\nclusters:\n  edge-gpu: kept (passed every filter)\n');
  });

  it.each([
    ['an object the repository does not hold', 'Deployment/shop/nope', {}],
    ['a name without a kind', 'web', {}],
    ['a cluster the repository does not declare', 'Deployment/shop/web', { cluster: 'mars' }],
  ])('%s is a usage error (exit 2)', async (_rule, target, opts) => {
    await expect(explain(target, opts)).rejects.toSatisfy((e) => e instanceof GitfedError && e.code === 'UsageError');
  });

  it.each([
    ['apps/v1/Deployment/shop/web', 'Deployment/shop/web', true],
    ['apps/v1/Deployment/shop/web', 'apps/v1/Deployment/shop/web', true],
    ['apps/v1/Deployment/shop/web', 'DEPLOYMENT/shop/web', true],
    ['apps/v1/Deployment/shop/web', 'Deployment/web', false],
    ['v1/ConfigMap/shop/web', 'shop/web', false],
    ['rbac.authorization.k8s.io/v1/ClusterRole/shop-reader', 'ClusterRole/shop-reader', true],
    ['v1/Namespace/shop', 'Namespace/shop', true],
  ])('%s is named by %s: %s', (key, target, expected) => {
    expect(matchesTarget(key, target)).toBe(expected);
  });
});
