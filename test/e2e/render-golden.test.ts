import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const GOLDEN = 'test/golden/policy-repo.json';

describe('examples/policy-repo', () => {
  it('renders exactly the golden plan (UPDATE_GOLDEN=1 rewrites it after a reviewed change)', () => {
    const r = runCli(['render', 'examples/policy-repo', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, r.stdout);
    expect(r.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('places each workload as its policy says', () => {
    const plan = JSON.parse(runCli(['render', 'examples/policy-repo', '--format', 'json']).stdout) as {
      bindings: { resource: string; clusters: { name: string; replicas?: number }[] }[];
    };
    const where = (key: string) => Object.fromEntries(plan.bindings.find((b) => b.resource === key)?.clusters.map((c) => [c.name, c.replicas ?? '-']) ?? []);
    // static weights 2:1:1 over 8 replicas
    expect(where('apps/v1/Deployment/shop/web')).toEqual({ 'aws-us-east': 4, 'azure-asia': 2, 'gcp-europe': 2 });
    // Aggregated: the shortest prefix by free capacity (aws 20, gcp 12), then Webster 20:12 over 24
    expect(where('apps/v1/Deployment/shop/cache')).toEqual({ 'aws-us-east': 15, 'gcp-europe': 9 });
    // propagateDeps: the ConfigMap follows web, never to the tainted edge cluster
    expect(Object.keys(where('v1/ConfigMap/shop/web-config'))).toEqual(['aws-us-east', 'azure-asia', 'gcp-europe']);
    // the DaemonSet tolerates the edge taint
    expect(Object.keys(where('apps/v1/DaemonSet/monitoring/node-exporter'))).toContain('edge-gpu');
  });
});
