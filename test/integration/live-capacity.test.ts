import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfigFor, resolveSpecs, startSimFleet } from '../../src/cli/commands/sim.js';
import { readDirectorySnapshot } from '../../src/git/directory-source.js';
import type { KubeObject } from '../../src/model/kube.js';
import { renderSnapshot } from '../../src/render/index.js';
import type { Fleet } from '../../src/sim/fleet.js';
import { runCliAsync } from '../helpers/cli.js';

// The example declares per Cluster what is allocatable and what is already allocated; the simulator must hold
// the allocation (as running pods), so that a live reconcile places every workload where the offline render does.

const EXAMPLE = 'examples/policy-repo';
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);
let fleet: Fleet;
let kubeconfig: string;

beforeAll(async () => {
  const specs = await resolveSpecs(EXAMPLE, { stdout: () => undefined, stderr: () => undefined });
  fleet = await startSimFleet(specs ?? [], { statusDelayMs: 0 });
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'gitfed-live-capacity-')), 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigFor(fleet, specs ?? []));
});

afterAll(async () => {
  await fleet?.stop();
});

const plural: Record<string, string> = { Deployment: 'deployments', StatefulSet: 'statefulsets', ReplicaSet: 'replicasets' };

function liveReplicas(cluster: string, o: KubeObject): number | undefined {
  const api = fleet.cluster(cluster)!.api;
  try {
    return (api.get(api.resolve('apps', 'v1', plural[o.kind] as string)!, o.metadata.namespace, o.metadata.name).spec as { replicas?: number }).replicas;
  } catch {
    return undefined;
  }
}

describe('live capacity equals declared capacity in the simulator', () => {
  it('a live reconcile places every workload of the example as the offline render does', async () => {
    const offline = renderSnapshot(await readDirectorySnapshot(EXAMPLE)).plan;
    const r = await runCliAsync(['reconcile', '--repo', EXAMPLE, '--kubeconfig', kubeconfig, '--once']);
    expect(r.code, r.stderr).toBe(0);
    const expected: string[] = [];
    const live: string[] = [];
    for (const [cluster, objects] of Object.entries(offline.clusters)) {
      for (const o of objects.filter((x) => WORKLOADS.has(x.kind))) {
        const spec = o.spec as { replicas?: number };
        expected.push(`${cluster} ${o.kind}/${o.metadata.namespace}/${o.metadata.name} ${spec.replicas ?? '-'}`);
        live.push(`${cluster} ${o.kind}/${o.metadata.namespace}/${o.metadata.name} ${liveReplicas(cluster, o) ?? '-'}`);
      }
    }
    expect(live.sort()).toEqual(expected.sort());
    // the Aggregated cache: 15 on aws-us-east and 9 on gcp-europe, from allocatable minus allocated
    expect(expected).toContain('aws-us-east Deployment/shop/cache 15');
    expect(expected).toContain('gcp-europe Deployment/shop/cache 9');
  });
});
