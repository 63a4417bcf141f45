import { join } from 'node:path';
import { commitAll } from '../../git/local-repo.js';
import type { Fleet } from '../../sim/fleet.js';
import type { CommandIO, ExitCode } from '../io.js';
import {
  copyExample, editFile, editReplicas, formatNote, makeTempDir, readStatusNote, replicasOf, startClusters, teardown, type DemoWorld,
} from '../demo-world.js';
import { runPlan } from './plan.js';
import { runReconcile } from './reconcile.js';
import { runReconcileLoop } from './reconcile-loop.js';
import { untilSignalled } from '../signals.js';
import { stepOutage } from '../demo-outage.js';
import { stepPull } from '../demo-pull.js';

/** DemoOptions are the flags of `gitfed demo`. */
export interface DemoOptions {
  /** leave the clusters running until SIGINT/SIGTERM */
  keep?: boolean;
}

/** The workload the demo edits by hand and re-weights by commit. */
const WEB = { namespace: 'shop', name: 'web', cluster: 'aws-us-east' };
const STEPS = 8;

function heading(io: CommandIO, n: number, title: string, why: string): void {
  io.stdout(`\n== Step ${n}/${STEPS}: ${title} ==\n${why.split('\n').map((l) => `   ${l}`).join('\n')}\n\n`);
}

/** reconcile runs one `gitfed reconcile --once` cycle with the git-notes reporter, exactly as the command does. */
function reconcile(world: DemoWorld, io: CommandIO): Promise<ExitCode> {
  return runReconcile({
    repo: world.repo, kubeconfig: world.kubeconfig, once: true, format: 'table', status: ['notes'],
    cacheDir: join(world.dir, 'cache'), clusterTimeout: '30', concurrency: '8',
  }, io);
}

async function showNote(world: DemoWorld, sha: string, io: CommandIO): Promise<void> {
  const note = await readStatusNote(world.repo, sha);
  io.stdout(`commit statuses recorded for ${sha.slice(0, 12)} in refs/notes/gitfed (git notes --ref=gitfed show ${sha.slice(0, 12)}):\n`);
  io.stdout(note ? formatNote(note) : '  (no note was written)\n');
}

async function stepClusters(dir: string, io: CommandIO): Promise<Pick<DemoWorld, 'fleet' | 'specs' | 'kubeconfig'>> {
  heading(io, 1, 'start simulated member clusters',
    'Each Cluster object in examples/policy-repo/clusters becomes a Kubernetes API server on 127.0.0.1\n' +
    '(HTTPS, token auth, Nodes sized from its declared capacity). A kubeconfig gets one context per cluster.');
  const started = await startClusters(dir, io);
  for (const c of started.fleet.clusters) io.stdout(`  ${c.name.padEnd(12)} ${c.url}\n`);
  io.stdout(`  kubeconfig: ${started.kubeconfig}\n`);
  return started;
}

async function stepRepo(dir: string, io: CommandIO): Promise<{ repo: string; sha: string }> {
  const made = await copyExample(dir);
  heading(io, 2, 'make a Git repository of the example',
    'gitfed reconciles commits, never a work tree: examples/policy-repo is copied to a temporary\n' +
    'directory and committed once. Its commit statuses will be recorded there as git notes.');
  io.stdout(`  ${made.repo}\n  commit ${made.sha}\n`);
  return made;
}

async function stepFirstReconcile(world: DemoWorld, io: CommandIO): Promise<boolean> {
  heading(io, 3, 'reconcile the commit',
    'gitfed renders the commit (placement, replica division, overrides), reads each cluster\'s free capacity,\n' +
    'server-side applies each cluster\'s objects with field manager gitfed, records an inventory per cluster\n' +
    'and writes the outcome as a git note on the commit (the --status notes reporter).');
  return (await reconcile(world, io)) === 0;
}

async function stepDrift(world: DemoWorld, sha: string, io: CommandIO): Promise<boolean> {
  const desired = replicasOf(world.fleet, WEB.cluster, WEB.namespace, WEB.name) ?? 0;
  const edited = desired + 3;
  heading(io, 4, 'someone edits a cluster by hand; gitfed reports and corrects the drift',
    `As field manager kubectl-edit, Deployment ${WEB.namespace}/${WEB.name} on ${WEB.cluster} is scaled ${desired} -> ${edited}.\n` +
    'The next cycle finds the field gitfed owns written by another manager, names it, and re-applies\n' +
    'the commit (drift mode "correct"). The commit\'s status for that cluster becomes failure: it drifted.');
  editReplicas(world.fleet, WEB.cluster, WEB.namespace, WEB.name, edited);
  io.stdout(`  kubectl-edit: ${WEB.cluster} Deployment/${WEB.namespace}/${WEB.name} spec.replicas ${desired} -> ${edited}\n\n`);
  const ok = (await reconcile(world, io)) === 0;
  const now = replicasOf(world.fleet, WEB.cluster, WEB.namespace, WEB.name);
  io.stdout(`\n  live spec.replicas on ${WEB.cluster} after the cycle: ${now} (corrected)\n\n`);
  await showNote(world, sha, io);
  return ok && now === desired;
}

async function stepChange(world: DemoWorld, base: string, io: CommandIO): Promise<boolean> {
  await editFile(world.repo, 'apps/web/propagation.yaml', 'weight: 2', 'weight: 6');
  const head = await commitAll(world.repo, 'web: weight aws-us-east 6');
  heading(io, 5, 'commit a change and look at its plan',
    `apps/web/propagation.yaml: the static weight of aws-us-east goes from 2 to 6 (commit ${head.slice(0, 12)}).\n` +
    '`gitfed plan` renders both commits offline, no cluster credentials, and shows per cluster what\n' +
    'would change: replica moves and a diff of the rendered YAML, as markdown for a pull request.');
  const planned = await runPlan(world.repo, { base, head, format: 'markdown' }, io);
  heading(io, 6, 'reconcile the new commit',
    'The same cycle as in step 3, now at the new commit: the clusters whose replicas move are configured,\n' +
    'the rest unchanged; the new commit gets its own note.');
  const ok = (await reconcile(world, io)) === 0;
  io.stdout('\n');
  await showNote(world, head, io);
  return planned === 1 && ok;
}

/** readableLog turns the running reconciler's JSON log lines into short lines for a person watching the demo. */
function readableLog(io: CommandIO): CommandIO {
  return {
    stderr: io.stderr,
    stdout: (line) => {
      const r = JSON.parse(line) as { msg: string; dashboard?: string; trigger?: string[] | string; revision?: string; seconds?: number; cluster?: string; drifted?: number; clusters?: { cluster: string; configured: number; created: number; pruned: number; drifted: number }[] };
      if (r.msg === 'listening') return io.stdout(`  dashboard: ${r.dashboard ?? ''} (read-only; it follows the reconciler live)\n`);
      // a cluster's own pass is worth a line only when a watch event started it: that is drift being handled
      if (r.msg === 'cluster reconciled') {
        if (r.trigger === 'drift') io.stdout(`  reconciler: ${r.cluster} changed by hand${r.drifted ? `: ${r.drifted} drifted, handled` : ''}\n`);
        return;
      }
      const changed = r.clusters?.map((c) => `${c.cluster} +${c.created} ~${c.configured} -${c.pruned}${c.drifted ? ` drifted ${c.drifted}` : ''}`).join(', ');
      const detail = Array.isArray(r.trigger) ? ` (${r.trigger.join(', ')})` : r.revision ? ` ${r.revision.slice(0, 12)} in ${r.seconds?.toFixed(2)} s: ${changed}` : '';
      io.stdout(`  reconciler: ${r.msg}${detail}\n`);
    },
  };
}

async function keepRunning(world: DemoWorld, io: CommandIO, stop: () => Promise<unknown>): Promise<void> {
  const first = world.specs[0]?.context ?? '';
  io.stdout(`\nThe clusters and the reconciler keep running (--keep). Point kubectl at them:\n` +
    `  kubectl --kubeconfig ${world.kubeconfig} --context ${first} get deploy -A\n` +
    `Contexts: ${world.specs.map((s) => s.context).join(', ')}\n` +
    `Commit to ${world.repo} and the reconciler applies it within a second (it watches the repository;\n` +
    `it watches the clusters too: a hand edit is put back the moment it is made).\n` +
    `Press Ctrl-C to stop the clusters and remove ${world.dir}.\n`);
  await runReconcileLoop({
    repo: world.repo, kubeconfig: world.kubeconfig, format: 'table', status: ['notes'], cacheDir: join(world.dir, 'cache'),
    clusterTimeout: '30', concurrency: '8', interval: '1m', shutdownTimeout: '30s', listen: '127.0.0.1:0',
  }, readableLog(io), stop);
}

/** runDemo is `gitfed demo`: clusters, a repository, a reconcile, drift corrected, a planned change applied, an outage, a pull member; 0 when every step went as shown. */
export async function runDemo(opts: DemoOptions, io: CommandIO, stop: () => Promise<unknown> = untilSignalled): Promise<ExitCode> {
  const started = Date.now();
  const dir = await makeTempDir();
  let fleet: Fleet | undefined;
  try {
    const clusters = await stepClusters(dir, io);
    fleet = clusters.fleet;
    const { repo, sha } = await stepRepo(dir, io);
    const world: DemoWorld = { dir, repo, ...clusters };
    const ok = (await stepFirstReconcile(world, io)) && (await stepDrift(world, sha, io)) && (await stepChange(world, sha, io)) &&
      (await stepOutage(world, io, (title, why) => heading(io, 7, title, why))) &&
      (await stepPull(world, io, (title, why) => heading(io, 8, title, why), () => reconcile(world, io)));
    io.stdout(`\ndemo ${ok ? 'finished' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    if (opts.keep) await keepRunning(world, io, stop);
    return ok ? 0 : 1;
  } finally {
    await teardown(dir, fleet);
  }
}
