import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubeconfigFor, resolveSpecs, startSimFleet, type SimFleetOptions } from '../src/cli/commands/sim.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../src/kube/field-manager.js';
import type { Fleet } from '../src/sim/fleet.js';
import { RequestCounters, type CounterSnapshot } from '../src/sim/server/faults.js';

/** Requests sums what a fleet's API servers received, by verb and in total. */
export type Requests = CounterSnapshot;

/** BenchFleet is a running simulated fleet made from a repository's Cluster objects, as `gitfed sim` makes it. */
export interface BenchFleet {
  fleet: Fleet;
  kubeconfig: string;
  /** names of the clusters, sorted */
  names: string[];
  requests(): Requests;
  resetCounters(): void;
  /** Deployments and ConfigMaps labelled as gitfed's in the setup namespaces: a check that a tool applied everything */
  countApplied(): Map<string, number>;
  stop(): Promise<void>;
}

const WRITE = { manager: 'bench-setup', dryRun: false } as const;
const APPLIED = [['apps', 'v1', 'deployments'], ['', 'v1', 'configmaps']] as const;

/**
 * startBenchFleet starts one simulated cluster per Cluster object of `repoDir` with its Nodes and workload
 * controllers (`gitfed sim --clusters repoDir`), creates `namespaces` in each (setup, not measured: both tools
 * start from the same empty clusters) and writes a kubeconfig with one context per cluster into `dir`.
 */
export async function startBenchFleet(repoDir: string, dir: string, namespaces: readonly string[], opts: SimFleetOptions = {}): Promise<BenchFleet> {
  const specs = await resolveSpecs(repoDir, { stdout: () => undefined, stderr: () => undefined });
  if (!specs) throw new Error(`${repoDir} has invalid Cluster objects`);
  const fleet = await startSimFleet(specs, opts);
  for (const c of fleet.clusters) {
    const rt = c.api.resolve('', 'v1', 'namespaces');
    if (!rt) throw new Error('the simulator serves no namespaces');
    for (const name of namespaces) c.api.create(rt, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, WRITE);
  }
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigFor(fleet, specs), { mode: 0o600 });
  return {
    fleet,
    kubeconfig,
    names: fleet.clusters.map((c) => c.name).sort(),
    requests() {
      const sum = new RequestCounters().snapshot();
      for (const c of fleet.clusters) {
        const s = c.counters.snapshot();
        for (const k of Object.keys(sum) as (keyof Requests)[]) sum[k] += s[k];
      }
      return sum;
    },
    resetCounters() {
      for (const c of fleet.clusters) c.counters.reset();
    },
    countApplied() {
      const labelSelector = `${MANAGED_BY_LABEL}=${FIELD_MANAGER}`;
      return new Map(fleet.clusters.map((c) => [c.name, APPLIED.reduce((n, [group, version, plural]) => {
        const rt = c.api.resolve(group, version, plural);
        return n + (rt ? namespaces.reduce((m, ns) => m + c.api.list(rt, ns, { labelSelector }).items.length, 0) : 0);
      }, 0)]));
    },
    stop: () => fleet.stop(),
  };
}
