import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Fleet } from '../../src/sim/fleet.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';
import { CLI } from '../helpers/cli.js';

// The built CLI carries client-node bundled into one module (scripts/bundle-client-node.mjs): a credential plugin,
// which client-node runs as a child process, must still work through it, as it does for EKS, GKE or AKS users.
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'gitfed-exec-'));
let fleet: Fleet;

/** withExecUser replaces each user's token by a credential plugin (node) that prints that token. */
function withExecUser(kubeconfig: string): string {
  const doc = parse(kubeconfig) as { users: { name: string; user: Record<string, unknown> }[] };
  for (const u of doc.users) {
    const credential = { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: u.user.token } };
    u.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', `console.log(${JSON.stringify(JSON.stringify(credential))})`], interactiveMode: 'Never' } };
  }
  return stringify(doc);
}

beforeAll(async () => {
  fleet = await startWorkloadFleet(['m1']);
  const repo = join(work, 'repo');
  mkdirSync(repo);
  writeFileSync(join(repo, 'fleet.yaml'), `apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: m1}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: default}
data: {mode: exec}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: settings, namespace: default}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap, name: settings}]
  placement: {clusterAffinity: {clusterNames: [m1]}}
`);
  writeFileSync(join(work, 'kubeconfig'), withExecUser(fleet.kubeconfig()));
});

afterAll(async () => {
  await fleet?.stop();
});

describe('the built CLI authenticates with a kubeconfig credential plugin', () => {
  it('reconcile --once applies through a user whose token comes from an exec plugin', async () => {
    const r = await run(process.execPath, [CLI, 'reconcile', '--repo', join(work, 'repo'), '--kubeconfig', join(work, 'kubeconfig'), '--once', '--cache-dir', join(work, 'cache'), '--format', 'json'], { encoding: 'utf8' });
    const result = JSON.parse(r.stdout) as { outcome: string; clusters: { cluster: string; error?: unknown }[] };
    expect(result.clusters).toEqual([expect.objectContaining({ cluster: 'm1' })]);
    expect(result.clusters[0]?.error).toBeUndefined();
    const api = fleet.cluster('m1')!.api;
    expect(api.get(api.resolve('', 'v1', 'configmaps')!, 'default', 'settings').data).toEqual({ mode: 'exec' });
  });
});
