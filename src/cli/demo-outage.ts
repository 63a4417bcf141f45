/**
 * The demo's outage: the running reconciler (health probes, failover) over the simulated fleet; one member stops
 * answering, its replicas move to the others once the (shortened) toleration runs out, and come back when it
 * answers again. Timings are the demo's own: probes every 200 ms, a 1 s failure threshold, a 1 s toleration.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitAll } from '../git/local-repo.js';
import type { CommandIO } from './io.js';
import { replicasOf, type DemoWorld } from './demo-world.js';
import { runReconcileLoop } from './commands/reconcile-loop.js';

/** DOWN is the member the demo stops: it holds replicas of the static-weight web (they move) and of the Aggregated cache (it does not fit elsewhere). */
const DOWN = 'gcp-europe';
const WORKLOADS = ['web', 'cache'] as const;
/** WAIT_MS bounds each wait of the step: far beyond the few seconds failover takes here */
const WAIT_MS = 20_000;
const GITFED_YAML = '# The demo fails over within seconds: a member that stops answering is tolerated for 1 s\n' +
  '# (the default is 300 s, Karmada\'s former default toleration), and gets its replicas back once it has been\n' +
  '# Ready for 1 s (the default hold-down is 120 s).\nfailover:\n  defaultTolerationSeconds: 1\n  holdDownSeconds: 1\n';

type Placement = Record<string, Record<string, number>>;

/** placement reads each workload's replicas per cluster straight from the simulated clusters (a down one too). */
function placement(world: DemoWorld): Placement {
  const out: Placement = {};
  for (const name of WORKLOADS) {
    out[name] = {};
    for (const c of world.fleet.clusters) {
      const n = held(world, c.name, name);
      if (n !== undefined) (out[name] as Record<string, number>)[c.name] = n;
    }
  }
  return out;
}

/** held is a Deployment's spec.replicas on one cluster; undefined where it does not exist. */
function held(world: DemoWorld, cluster: string, name: string): number | undefined {
  try {
    return replicasOf(world.fleet, cluster, 'shop', name);
  } catch {
    return undefined;
  }
}

function show(p: Placement, down: string | undefined): string {
  return WORKLOADS.map((w) => `    ${w.padEnd(6)} ${Object.entries(p[w] ?? {}).map(([c, n]) => `${c}${c === down ? ' (down)' : ''} ${n}`).join(', ')}`).join('\n') + '\n';
}

/** serving sums a workload's replicas on the clusters other than `down`. */
const serving = (p: Placement, w: string, down: string): number => Object.entries(p[w] ?? {}).filter(([c]) => c !== down).reduce((n, [, r]) => n + r, 0);

/** until polls the clusters every 50 ms until `done` holds; false after WAIT_MS. */
async function until(done: () => boolean): Promise<boolean> {
  const end = Date.now() + WAIT_MS;
  while (!done()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** loopLog watches the reconciler's JSON log for finished cycles and prints the ones health started. */
function loopLog(io: CommandIO, seconds: () => string): { io: CommandIO; finished: Set<string>; healthCycles: () => number } {
  const finished = new Set<string>();
  let health = false;
  let cycles = 0;
  return {
    finished,
    healthCycles: () => cycles,
    io: {
      stderr: io.stderr,
      stdout: (line) => {
        const r = JSON.parse(line) as { msg: string; trigger?: string[]; revision?: string; clusters?: { cluster: string; configured: number; pruned: number; code?: string }[] };
        if (r.msg === 'cycle started') health = r.trigger?.includes('health') ?? false;
        if (r.msg !== 'cycle finished') return;
        if (r.revision) finished.add(r.revision);
        if (!health) return;
        cycles += 1;
        const moved = r.clusters?.filter((c) => c.configured || c.pruned).map((c) => `${c.cluster} ~${c.configured} -${c.pruned}`) ?? [];
        const held = r.clusters?.filter((c) => c.code === 'ClusterEvicted').map((c) => `${c.cluster} left untouched`) ?? [];
        io.stdout(`  ${seconds()}  reconciler: health changed, rendered again: ${[...moved, ...held].join(', ') || 'nothing to do'}\n`);
      },
    },
  };
}

/** stepOutage runs the reconciler, stops DOWN, shows its replicas move and come back; true when they did. */
export async function stepOutage(world: DemoWorld, io: CommandIO, heading: (title: string, why: string) => void): Promise<boolean> {
  await writeFile(join(world.repo, 'gitfed.yaml'), GITFED_YAML);
  const sha = await commitAll(world.repo, 'demo: fail over after 1 s');
  heading(`a member cluster goes down: failover and return`,
    `gitfed.yaml (commit ${sha.slice(0, 12)}) shortens the failover toleration and the hold-down to 1 s. The reconciler probes\n` +
    `every member (here every 200 ms, 1 s failure threshold). ${DOWN} is stopped (the simulator's "down" fault):\n` +
    'it becomes Unknown, tainted unreachable:NoExecute, and once the toleration runs out render runs without it.\n' +
    'Replicas that fit elsewhere move; nothing on the failed member is deleted. When it answers again, they come back.');
  const started = Date.now();
  const seconds = () => `t+${((Date.now() - started) / 1000).toFixed(1).padStart(4)} s`;
  const log = loopLog(io, seconds);
  let release: () => void = () => undefined;
  const stopped = new Promise<void>((r) => (release = r));
  const loop = runReconcileLoop({
    repo: world.repo, kubeconfig: world.kubeconfig, format: 'table', status: ['notes'], cacheDir: join(world.dir, 'cache'),
    clusterTimeout: '5', concurrency: '8', interval: '1m', shutdownTimeout: '10s', probeInterval: '200ms', failureThreshold: '1s',
  }, log.io, () => stopped);
  try {
    return await outage(world, io, seconds, { applied: () => log.finished.has(sha), healthCycles: log.healthCycles });
  } finally {
    release();
    await loop;
  }
}

/** total sums a workload's replicas over every cluster that holds it. */
const total = (p: Placement, w: string): number => Object.values(p[w] ?? {}).reduce((a, b) => a + b, 0);

async function outage(world: DemoWorld, io: CommandIO, seconds: () => string, loop: { applied: () => boolean; healthCycles: () => number }): Promise<boolean> {
  if (!(await until(loop.applied))) return false;
  const before = placement(world);
  io.stdout(`  ${seconds()}  reconciler running, every member Ready:\n${show(before, undefined)}`);
  await world.fleet.cluster(DOWN).faults.down();
  io.stdout(`  ${seconds()}  ${DOWN} stops answering\n`);
  // web's replicas move; cache (24 replicas) does not fit on the members left (aws-us-east's pods already hold most
  // of its capacity): it is not placed anywhere else, and nothing of it is removed, as plan --simulate-outage predicts
  const moved = await until(() => serving(placement(world), 'web', DOWN) === total(before, 'web'));
  // the second render health started (the first tainted the member, the second evicted it) logs the moves
  await until(() => loop.healthCycles() >= 2);
  const during = placement(world);
  io.stdout(`  ${seconds()}  web's replicas run on the other members; cache's 24 do not fit on them, so it stays as it\n` +
    `           runs (\`gitfed plan --simulate-outage ${DOWN}\` says so in review). ${DOWN} keeps its objects:\n${show(during, DOWN)}`);
  const untouched = WORKLOADS.every((w) => during[w]?.[DOWN] === before[w]?.[DOWN]) && serving(during, 'cache', DOWN) === serving(before, 'cache', DOWN);
  await world.fleet.cluster(DOWN).faults.up();
  io.stdout(`  ${seconds()}  ${DOWN} answers again\n`);
  // back: web's static weights hold again, web runs once; cache's old copy goes only once its new home serves it all
  const back = await until(() => placement(world).web?.[DOWN] === before.web?.[DOWN] && total(placement(world), 'web') === total(before, 'web'));
  await new Promise((r) => setTimeout(r, 100));
  io.stdout(`  ${seconds()}  web is back on ${DOWN} by its static weights; cache never moved, so nothing serving was lost:\n${show(placement(world), undefined)}`);
  return moved && untouched && back;
}
