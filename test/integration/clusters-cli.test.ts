import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterReport } from '../../src/reconcile/cluster-report.js';
import type { Fleet } from '../../src/sim/fleet.js';
import { runCliAsync, tempRepo } from '../helpers/cli.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';

// `gitfed clusters` through the real binary on simulated members: one healthy (with a taint of its own), one down,
// one whose /readyz fails, and one the kubeconfig has no context for.

const CLUSTERS = `
apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: member1}
spec:
  taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
---
apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: member2}
---
apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: member3}
---
apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata:
  name: member4
  annotations: {gitfed.io/context: nowhere}
`;

let fleet: Fleet;
let repo: string;
let kubeconfig: string;

beforeAll(async () => {
  fleet = await startWorkloadFleet(['member1', 'member2', 'member3']);
  await fleet.cluster('member2').faults.set({ down: true });
  await fleet.cluster('member3').faults.set({ health: 'failing' });
  repo = tempRepo({ 'clusters.yaml': CLUSTERS });
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'gitfed-clusters-')), 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
});

afterAll(async () => {
  await fleet?.stop();
});

const run = (...extra: string[]) => runCliAsync(['clusters', '--repo', repo, '--kubeconfig', kubeconfig, ...extra]);

describe('gitfed clusters lists every member with its health, version, nodes, capacity and taints', () => {
  it('--format json: one row per Cluster, in the repository\'s order, and exit 0 though members are down', async () => {
    const r = await run('--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as ClusterReport[];
    const brief = rows.map((row) => [row.name, row.condition.status, row.condition.reason, row.version, row.nodes, row.taints.map((t) => `${t.key}:${t.effect}:${t.source}`)]);
    expect(brief).toEqual([
      // without a ClusterTaintPolicy the built-in policy adds NoExecute beside Karmada's NoSchedule
      ['member1', 'True', 'ClusterReady', 'v1.33.1', 1, ['dedicated:NoSchedule:repository']],
      ['member2', 'Unknown', 'ClusterNotReachable', null, null, ['cluster.karmada.io/unreachable:NoSchedule:health', 'cluster.karmada.io/unreachable:NoExecute:health']],
      ['member3', 'False', 'ClusterNotReady', 'v1.33.1', 1, ['cluster.karmada.io/not-ready:NoSchedule:health', 'cluster.karmada.io/not-ready:NoExecute:health']],
      ['member4', 'Unknown', 'ClusterConfigMalformed', null, null, ['cluster.karmada.io/unreachable:NoSchedule:health', 'cluster.karmada.io/unreachable:NoExecute:health']],
    ]);
    const [m1, m2, m3, m4] = rows as [ClusterReport, ClusterReport, ClusterReport, ClusterReport];
    expect(m1.condition.message).toBe('/readyz responded with ok');
    expect(m2.condition.message).toMatch(/^cluster is not reachable: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    expect(m3.condition.message).toBe('/readyz responded without ok: HTTP 500: [-]etcd failed: reason withheld');
    expect(m4.condition.message).toBe('cluster\'s configuration may be malformed: kubeconfig has no context "nowhere"');
    // one probe, reported as it is: the condition and its taint date from that probe
    expect(m2.condition.lastTransitionTime).toBe(m2.condition.lastProbeTime);
    expect(m2.taints[0]?.timeAdded).toBe(m2.condition.lastTransitionTime);
    expect(m2.capacity).toBeNull();
  });

  it('capacity is the nodes\' allocatable minus the requests of running pods', async () => {
    const rows = JSON.parse((await run('--format', 'json')).stdout) as ClusterReport[];
    const cpu = rows[0]?.capacity?.cpu;
    expect(cpu?.allocatable).toBe('16');
    // the simulator runs system pods on each node, as a real cluster does
    const free = (q: string): number => (q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q));
    expect(free(cpu?.available ?? '')).toBeCloseTo(16 - free(cpu?.allocated ?? ''), 6);
    expect(rows[0]?.capacity?.memory?.allocatable).toBe('64Gi');
    expect(rows[0]?.capacity?.pods?.allocatable).toBe('110');
  });

  it('the text table has a row per member and says under it why the others are not Ready', async () => {
    const r = await run();
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]?.split(/\s{2,}/)).toEqual(['NAME', 'READY', 'AGE', 'VERSION', 'NODES', 'CPU', 'MEMORY', 'PODS', 'TAINTS']);
    expect(lines[1]).toMatch(/^member1\s+True\s+\d+s\s+v1\.33\.1\s+1\s+\S+\/16\s+\S+\/64Gi\s+\S+\/110\s+dedicated=gpu:NoSchedule$/);
    expect(lines[2]).toMatch(/^member2\s+Unknown\s+\d+s\s+<unknown>\s+<unknown>\s+<unknown>\s+<unknown>\s+<unknown>\s+cluster\.karmada\.io\/unreachable:NoSchedule,cluster\.karmada\.io\/unreachable:NoExecute$/);
    expect(lines.slice(6)).toEqual([
      expect.stringMatching(/^member2: ClusterNotReachable: cluster is not reachable: connect ECONNREFUSED/),
      'member3: ClusterNotReady: /readyz responded without ok: HTTP 500: [-]etcd failed: reason withheld',
      'member4: ClusterConfigMalformed: cluster\'s configuration may be malformed: kubeconfig has no context "nowhere"',
    ]);
  });

  it('--fail-on-unready exits 1 when a member is not Ready', async () => {
    expect((await run('--fail-on-unready', '--format', 'json')).code).toBe(1);
  });

  it('a member back up is Ready on the next run: one round reports the probe as it is', async () => {
    await fleet.cluster('member3').faults.set({ health: 'ok' });
    try {
      const rows = JSON.parse((await run('--format', 'json')).stdout) as ClusterReport[];
      expect(rows[2]?.condition).toMatchObject({ status: 'True', reason: 'ClusterReady' });
      expect(rows[2]?.taints).toEqual([]);
    } finally {
      await fleet.cluster('member3').faults.set({ health: 'failing' });
    }
  });

  it('an unreadable kubeconfig exits 3, a repository without Cluster objects exits 2', async () => {
    expect((await runCliAsync(['clusters', '--repo', repo, '--kubeconfig', join(repo, 'missing')])).code).toBe(3);
    const empty = tempRepo({ 'app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\n' });
    const r = await runCliAsync(['clusters', '--repo', empty, '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/declares no member cluster/);
  });
});
