import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src/reconcile/workload-report.js';
import type { Fleet, SimCluster } from '../../src/sim/fleet.js';
import { runCliAsync, tempRepo } from '../helpers/cli.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';

// `gitfed status` through the real binary on two simulated members holding a Divided Deployment (3 + 3), after
// one `reconcile --once`: READY 6/6 across them, then one member down (unreachable, exit 1), then both (exit 3).

const REPO = {
  'clusters.yaml': `
apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: member1}
---
apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: member2}
`,
  'nginx.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx, namespace: default}
spec:
  replicas: 6
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec: {containers: [{name: nginx, image: nginx:1.27}]}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: nginx, namespace: default}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: nginx}]
  placement:
    clusterAffinity: {clusterNames: [member1, member2]}
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference:
        staticWeightList:
          - {targetCluster: {clusterNames: [member1]}, weight: 1}
          - {targetCluster: {clusterNames: [member2]}, weight: 1}
`,
};

let fleet: Fleet;
let repo: string;
let kubeconfig: string;

function readyReplicas(sim: SimCluster): number | undefined {
  const rt = sim.api.resolve('apps', 'v1', 'deployments');
  if (!rt) return undefined;
  const status = sim.api.list(rt, 'default', {}).items[0]?.status as { readyReplicas?: number } | undefined;
  return status?.readyReplicas;
}

/** settled awaits the sims' workload controllers (status delay 0) turn by turn of the event loop, never a clock. */
async function settled(): Promise<void> {
  for (let turn = 0; turn < 1000; turn++) {
    if (['member1', 'member2'].every((n) => readyReplicas(fleet.cluster(n)) === 3)) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the simulated Deployments never became ready');
}

beforeAll(async () => {
  fleet = await startWorkloadFleet(['member1', 'member2']);
  repo = tempRepo(REPO);
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'gitfed-status-')), 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
  const r = await runCliAsync(['reconcile', '--repo', repo, '--kubeconfig', kubeconfig, '--once']);
  expect(r.code, r.stderr).toBe(0);
  await settled();
});

afterAll(async () => {
  await fleet?.stop();
});

const run = (...extra: string[]) => runCliAsync(['status', '--repo', repo, '--kubeconfig', kubeconfig, ...extra]);

describe('gitfed status sums READY over the members per resource template', () => {
  it('--format json: nginx 6/6 Current, 3/3 on each member, exit 0', async () => {
    const r = await run('--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as StatusReport;
    expect(report.outcome).toBe('read');
    expect(report.clusters).toEqual([{ cluster: 'member1' }, { cluster: 'member2' }]);
    expect(report.resources).toEqual([{
      resource: 'apps/v1/Deployment/default/nginx', subject: 'Deployment/default/nginx', ready: 6, desired: 6, status: 'Current', health: 'Healthy',
      members: [
        { cluster: 'member1', reachable: true, status: 'Current', health: 'Healthy', ready: 3, desired: 3, message: '3/3 ready' },
        { cluster: 'member2', reachable: true, status: 'Current', health: 'Healthy', ready: 3, desired: 3, message: '3/3 ready' },
      ],
    }]);
  });

  it('the table: the template with READY 6/6, then a row per member', async () => {
    const r = await run();
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]?.split(/\s{2,}/)).toEqual(['RESOURCE', 'READY', 'STATUS', 'MESSAGE']);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^Deployment\/default\/nginx\s+6\/6\s+Current\s+2 clusters$/),
      expect.stringMatching(/^ {2}member1\s+3\/3\s+Current\s+3\/3 ready$/),
      expect.stringMatching(/^ {2}member2\s+3\/3\s+Current\s+3\/3 ready$/),
    ]);
  });

  it('a member down is unreachable: its planned replicas count as desired, none ready, exit 1; both down exit 3', async () => {
    await fleet.cluster('member2').faults.set({ down: true });
    try {
      const r = await run('--format', 'json', '--cluster-timeout', '5');
      expect(r.code, r.stderr).toBe(1);
      const report = JSON.parse(r.stdout) as StatusReport;
      const nginx = report.resources[0];
      expect([nginx?.ready, nginx?.desired, nginx?.status, nginx?.health]).toEqual([3, 6, 'Unknown', 'Unknown']);
      expect(nginx?.members[1]).toMatchObject({ cluster: 'member2', reachable: false, status: 'Unknown', ready: 0, desired: 3 });
      expect(nginx?.members[1]?.message).toMatch(/^unreachable: /);
      expect(report.clusters[1]?.cluster).toBe('member2');
      expect(report.clusters[1]?.error).toBeTruthy();
      const table = await run('--cluster-timeout', '5');
      expect(table.stdout).toMatch(/^Deployment\/default\/nginx\s+3\/6\s+Unknown/m);
      expect(table.stdout).toMatch(/^ {2}member2\s+0\/3\s+Unknown\s+unreachable: /m);
      await fleet.cluster('member1').faults.set({ down: true });
      expect((await run('--cluster-timeout', '5')).code).toBe(3);
    } finally {
      await fleet.cluster('member1').faults.reset();
      await fleet.cluster('member2').faults.reset();
    }
  });

  it('a commit that does not render exits 2 and reads nothing', async () => {
    const broken = tempRepo({ ...REPO, 'bad.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: [oops]}\n' });
    const r = await runCliAsync(['status', '--repo', broken, '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});
