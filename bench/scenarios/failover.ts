import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { KubeObject } from '../../src/model/kube.js';
import { createRepo, startGitServer } from '../../test/helpers/git-server.js';
import { startLoop, type LoopProcess } from '../../test/helpers/loop-process.js';
import { startBenchFleet, type BenchFleet } from '../bench-fleet.js';
import { NAMESPACES } from '../first-sync.js';
import { appManifest, appName, clustersYaml, PLACEMENTS, propagationPolicy } from '../generate-repo.js';
import { listening, sleep } from '../loop-world.js';
import type { BenchContext, Scenario, ScenarioResult, Table } from '../scenario.js';

// Issue 17's figure: from a member cluster stopping until all its replicas are available on the others, with the
// default tolerations at 0 s, so what is measured is gitfed's own reaction (probe failures up to the threshold,
// the render without the member, the passes on the others) plus the simulated members starting the pods.

const TEMPLATES = 10;

/** Probing is one setting of the prober: the defaults, and a short one that shows what is left besides the threshold. */
interface Probing { label: string; args: string[] }
const PROBINGS: readonly Probing[] = [
  { label: 'defaults (--probe-interval 10s --failure-threshold 30s)', args: [] },
  { label: '--probe-interval 1s --failure-threshold 3s', args: ['--probe-interval', '1s', '--failure-threshold', '3s'] },
];

/** Reaction is one stop: when the reconciler re-rendered, and when the replicas were available elsewhere (ms from the stop). */
interface Reaction { clusters: number; probing: string; rerenderMs: number | null; availableMs: number | null; replicasMoved: number; untouched: boolean }

/** poll checks every 50 ms (reading every Deployment of the fleet costs the simulated members' CPU) until `timeoutMs`. */
async function poll(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) return false;
    await sleep(50);
  }
  return true;
}

function repository(clusters: number): Record<string, string> {
  const files: Record<string, string> = { 'clusters.yaml': clustersYaml(clusters), 'gitfed.yaml': 'failover: {defaultTolerationSeconds: 0}\n' };
  for (let i = 0; i < TEMPLATES; i++) {
    // about two replicas per cluster, divided by the static weights (2 for aws, 1 for the others)
    files[`apps/${appName(i)}.yaml`] = appManifest(i, 2 * clusters);
    files[`policies/${appName(i)}.yaml`] = propagationPolicy({ namespace: `team-${i % 10}`, name: appName(i), selector: `, name: ${appName(i)}`, placement: PLACEMENTS.weighted });
  }
  return files;
}

/** available sums, per template, the available replicas the sim's Deployments report on the given clusters. */
function available(bf: BenchFleet, clusters: readonly string[]): number[] {
  return Array.from({ length: TEMPLATES }, (_, i) => clusters.reduce((n, name) => {
    const api = bf.fleet.cluster(name)?.api;
    const rt = api?.resolve('apps', 'v1', 'deployments');
    const d = rt ? (api?.get(rt, `team-${i % 10}`, appName(i)) as KubeObject | undefined) : undefined;
    return n + Number((d?.status as { availableReplicas?: number } | undefined)?.availableReplicas ?? 0);
  }, 0));
}

/** snapshot is the stopped member's Deployments as they stand: failover must leave them exactly so. */
function snapshot(bf: BenchFleet, name: string): string {
  const api = bf.fleet.cluster(name)?.api;
  const rt = api?.resolve('apps', 'v1', 'deployments');
  return JSON.stringify(rt ? NAMESPACES.flatMap((ns) => api?.list(rt, ns, {}).items ?? []).map((d) => [d.metadata.name, d.metadata.resourceVersion]) : []);
}

async function stopOne(ctx: BenchContext, clusters: number, probing: Probing): Promise<Reaction> {
  const dir = join(ctx.workDir, `failover-${clusters}-${probing.args.length}`);
  mkdirSync(dir, { recursive: true });
  const git = await startGitServer();
  const repo = createRepo(git, 'fleet');
  repo.commit(repository(clusters), 'fleet with Divided workloads');
  const bf = await startBenchFleet(repo.dir, dir, NAMESPACES);
  let loop: LoopProcess | undefined;
  try {
    loop = startLoop(['--repo', git.urlOf('fleet'), '--kubeconfig', bf.kubeconfig, '--cache-dir', join(dir, 'cache'), '--listen', '127.0.0.1:0', '--interval', '0', ...probing.args]);
    await listening(loop, 300_000);
    await loop.waitFor((r) => r.msg === 'cycle finished', 300_000);
    const subject = bf.names[bf.names.length - 1] as string;
    const others = bf.names.filter((n) => n !== subject);
    const total = 2 * clusters;
    if (!(await poll(() => available(bf, bf.names).every((n) => n === total), 120_000))) throw new Error('the fleet never had every replica available');
    const before = available(bf, others);
    const held = snapshot(bf, subject);
    const from = loop.records.length;
    ctx.log(`failover, ${clusters} clusters, ${probing.label}: stopping ${subject}`);
    const t0 = performance.now();
    await bf.fleet.cluster(subject)?.faults.set({ down: true });
    const records = loop.records;
    let rerenderMs: number | null = null;
    const ok = await poll(() => {
      if (rerenderMs === null && records.slice(from).some((r) => r.msg === 'cycle started' && JSON.stringify(r.trigger).includes('health'))) rerenderMs = performance.now() - t0;
      return available(bf, others).every((n) => n === total);
    }, 180_000);
    const availableMs = ok ? performance.now() - t0 : null;
    const after = available(bf, others);
    return { clusters, probing: probing.label, rerenderMs, availableMs, replicasMoved: after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0), untouched: snapshot(bf, subject) === held };
  } finally {
    await loop?.stop();
    await bf.stop();
    await git.stop();
  }
}

function table(reactions: readonly Reaction[]): Table {
  const ms = (v: number | null): string => (v === null ? 'not within the timeout' : `${(v / 1000).toFixed(1)} s`);
  return {
    title: `failover: a member stops -> all its replicas available on the others (${TEMPLATES} Divided templates of 2 replicas per cluster, default tolerations 0 s)`,
    columns: ['clusters', 'prober', 'health re-render', 'replicas available elsewhere', 'replicas moved', 'stopped member untouched'],
    rows: reactions.map((r) => [r.clusters, r.probing, ms(r.rerenderMs), ms(r.availableMs), r.replicasMoved, r.untouched]),
  };
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const sizes = ctx.quick ? [3] : [10, 50];
  const probings = ctx.quick ? PROBINGS.slice(1) : PROBINGS;
  const reactions: Reaction[] = [];
  for (const clusters of sizes) for (const p of probings) reactions.push(await stopOne(ctx, clusters, p));
  return {
    tables: [table(reactions)],
    ratios: [],
    notes: [
      'The member is stopped with the simulator\'s `down` fault (its listener closed: connections refused). The clock stops when the Deployments of the other members report every replica available (status.availableReplicas, as the simulator\'s controllers set it once the new pods are ready). "health re-render" is when the reconciler logged a `cycle started` with trigger health.',
      'With the default prober the figure is dominated by the failure threshold: Ready turns Unknown only after 30 s of failed probes (Karmada\'s --cluster-failure-threshold), and a probe comes every 10 s.',
      'Reproduce: `npm run bench -- failover`.',
    ],
    raw: reactions,
  };
}

/** failoverScenario measures issue 17's reaction time: a member stops, its replicas run elsewhere. */
export const failoverScenario: Scenario = {
  name: 'failover',
  summary: 'a member cluster stops: time until all its replicas are available on the others (10 and 50 clusters, tolerations 0 s)',
  run,
};
