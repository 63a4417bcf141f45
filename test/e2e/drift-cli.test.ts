import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { CLI } from '../helpers/cli.js';

// `gitfed drift` as a user runs it: a plain directory repository, two simulated clusters, the built binary.
const run = promisify(execFile);
let fleet: Fleet;
let kubeconfig: string;
const work = mkdtempSync(join(tmpdir(), 'gitfed-drift-'));
const repo = join(work, 'repo');

const files: Record<string, string> = {
  'clusters.yaml': ['m1', 'm2'].map((n) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${n}}\n`).join('---\n'),
  'app.yaml': `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1.0}]}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]
`,
};

async function gitfed(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const drift = (...extra: string[]) => gitfed('drift', '--repo', repo, '--kubeconfig', kubeconfig, ...extra);
const writes = () => fleet.clusters.reduce((n, c) => n + c.counters.snapshot().writes, 0);

beforeAll(async () => {
  mkdirSync(repo);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(repo, name), text);
  fleet = await startFleet([{ name: 'm1' }, { name: 'm2' }]);
  kubeconfig = join(work, 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
  const r = await gitfed('reconcile', '--repo', repo, '--kubeconfig', kubeconfig, '--once');
  expect(r.code, r.stderr).toBe(0);
});

afterAll(async () => {
  await fleet?.stop();
});

describe('gitfed drift', () => {
  it('exits 0 when every cluster is in sync, and writes nothing', async () => {
    for (const c of fleet.clusters) c.counters.reset();
    const r = await drift();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^m1\s+-\s+-\s+in sync/m);
    expect(r.stdout).toContain('2 in sync, 0 drifted, 0 could not be checked');
    expect(writes()).toBe(0);
  });

  it('exits 1 on drift: the table names cluster, object, path, desired → live and manager', async () => {
    const m2 = fleet.cluster('m2').api;
    m2.patch(m2.resolve('apps', 'v1', 'deployments')!, 'shop', 'web', 'application/merge-patch+json', '{"spec":{"replicas":5}}', { manager: 'kubectl-edit', dryRun: false });
    for (const c of fleet.clusters) c.counters.reset();
    const r = await drift();
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^m2\s+Deployment\/shop\/web\s+spec\.replicas\s+2 → 5\s+kubectl-edit\s+correct$/m);
    expect(writes()).toBe(0);
    const json = await drift('--format', 'json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).clusters).toEqual([
      { cluster: 'm1', objects: [] },
      { cluster: 'm2', objects: [{ key: 'apps/v1/Deployment/shop/web', subject: 'Deployment/shop/web', type: 'modified', mode: 'correct', fields: [{ path: 'spec.replicas', desired: 2, live: 5, manager: 'kubectl-edit' }] }] },
    ]);
  });

  it('exits 1 when a cluster cannot be checked and the others can, as reconcile does for a failed cluster', async () => {
    await fleet.cluster('m1').faults.down();
    try {
      const r = await drift('--cluster-timeout', '3');
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^m1\s+-\s+-\s+not checked \(error below\)/m);
      expect(r.stdout).toMatch(/^errors:\n {2}m1: /m);
    } finally {
      await fleet.cluster('m1').faults.reset();
    }
  });

  it('exits 2 on usage errors, 3 when the kubeconfig cannot be read (the environment, not the commit)', async () => {
    expect((await gitfed('drift', '--repo', repo)).code).toBe(2);
    expect((await gitfed('drift', '--repo', repo, '--kubeconfig', join(work, 'missing'))).code).toBe(3);
  });
});
