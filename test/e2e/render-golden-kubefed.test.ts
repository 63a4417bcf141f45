import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const GOLDEN = 'test/golden/kubefed-repo.json';

interface RenderJson {
  clusters: Record<string, { kind: string; metadata: { name: string }; spec?: { replicas?: number } }[]>;
  bindings: { resource: string; policy: string; clusters: { name: string; replicas?: number }[]; notReady?: string[] }[];
  diagnostics: unknown[];
}

describe('examples/kubefed-repo', () => {
  it('renders exactly the golden plan (UPDATE_GOLDEN=1 rewrites it after a reviewed change)', () => {
    const r = runCli(['render', 'examples/kubefed-repo', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, r.stdout);
    expect(r.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('places each resource as KubeFed and Federation v1 would', () => {
    const plan = JSON.parse(runCli(['render', 'examples/kubefed-repo', '--format', 'json']).stdout) as RenderJson;
    const binding = (key: string) => plan.bindings.find((b) => b.resource === key);
    const where = (key: string) => Object.fromEntries(binding(key)?.clusters.map((c) => [c.name, c.replicas ?? '-']) ?? []);
    // the RSP divides 9 replicas 2:1 over the ready clusters its selector and the FederatedNamespace allow
    expect(where('apps/v1/Deployment/shop/web')).toEqual({ 'us-east': 6, 'eu-west': 3 });
    expect(binding('apps/v1/Deployment/shop/web')?.policy).toBe('ReplicaSchedulingPreference/shop/web');
    // Federation v1: min 2 on us-east, then 4 split evenly; the edge cluster fails the selector
    expect(where('apps/v1/Deployment/shop/worker')).toEqual({ 'us-east': 4, 'eu-west': 2 });
    // the Namespace follows its FederatedNamespace (every cluster) rather than Karmada's namespace sync
    expect(binding('v1/Namespace/shop')).toMatchObject({ policy: 'FederatedNamespace/shop/shop', notReady: ['eu-central'] });
    expect(Object.keys(where('v1/Namespace/shop'))).toEqual(['edge', 'eu-west', 'us-east']);
    // the offline cluster receives nothing; an override changes the eu-west copy of the ConfigMap
    expect(plan.clusters['eu-central']).toEqual([]);
    const euConfig = plan.clusters['eu-west']?.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'web-config') as unknown as { data: Record<string, string> };
    expect(euConfig.data.REGION).toBe('eu');
    expect(plan.diagnostics).toEqual([]);
  });
});
