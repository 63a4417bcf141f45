import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StatusNote } from '../drift/reporters/git-notes.js';
import { NOTES_REF } from '../git/notes.js';
import { commitAll, initRepo, readNoteText } from '../git/local-repo.js';
import { GitfedError } from '../model/errors.js';
import type { Fleet } from '../sim/fleet.js';
import { kubeconfigFor, resolveSpecs, startSimFleet, type SimSpec } from './commands/sim.js';
import type { CommandIO } from './io.js';

/** EXAMPLE_REPO is the example policy repository shipped beside dist/ (found from this module, whatever the cwd). */
export const EXAMPLE_REPO = fileURLToPath(new URL('../../examples/policy-repo', import.meta.url));

/** DemoWorld is what the demo sets up: simulated clusters, their kubeconfig and a local Git copy of the example. */
export interface DemoWorld {
  /** the temporary directory holding everything below */
  dir: string;
  fleet: Fleet;
  specs: SimSpec[];
  kubeconfig: string;
  /** the local Git repository the demo reconciles */
  repo: string;
}

/** startClusters simulates every Cluster of the example and writes their kubeconfig into `dir`. */
export async function startClusters(dir: string, io: CommandIO): Promise<Pick<DemoWorld, 'fleet' | 'specs' | 'kubeconfig'>> {
  const specs = await resolveSpecs(EXAMPLE_REPO, io);
  if (!specs) throw new GitfedError('InvalidInput', EXAMPLE_REPO, 'the example repository does not load');
  // the controllers report a rollout at once: each reconcile's commit statuses then show its workloads healthy
  const fleet = await startSimFleet(specs, { statusDelayMs: 0 });
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, kubeconfigFor(fleet, specs), { mode: 0o600 });
  return { fleet, specs, kubeconfig };
}

/** makeTempDir is the demo's one temporary directory. */
export function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'gitfed-demo-'));
}

/** copyExample copies the example into `dir`/policy-repo and commits it once; returns the path and the commit. */
export async function copyExample(dir: string): Promise<{ repo: string; sha: string }> {
  const repo = join(dir, 'policy-repo');
  await cp(EXAMPLE_REPO, repo, { recursive: true });
  await initRepo(repo);
  return { repo, sha: await commitAll(repo, 'The example fleet') };
}

/** editFile rewrites one file of the repository, failing when the text to replace is not there. */
export async function editFile(repo: string, file: string, from: string, to: string): Promise<void> {
  const path = join(repo, file);
  const text = await readFile(path, 'utf8');
  if (!text.includes(from)) throw new GitfedError('InvalidInput', file, `does not contain "${from}"`);
  await writeFile(path, text.replace(from, to));
}

/** readStatusNote reads back the note the git-notes reporter attached to a commit. */
export async function readStatusNote(repo: string, sha: string): Promise<StatusNote | undefined> {
  const text = await readNoteText(repo, NOTES_REF, sha);
  return text === undefined ? undefined : (JSON.parse(text) as StatusNote);
}

/** formatNote prints the aggregate and per-cluster statuses of a note, one per line. */
export function formatNote(note: StatusNote): string {
  const rows = [
    ['gitfed', note.state ?? '-', note.description ?? ''],
    ...note.clusters.map((c) => [c.context, c.state, c.description]),
  ];
  const width = Math.max(...rows.map((r) => (r[0] ?? '').length));
  return rows.map(([ctx, state, desc]) => `  ${(ctx ?? '').padEnd(width)}  ${(state ?? '').padEnd(7)}  ${desc ?? ''}`).join('\n') + '\n';
}

/** replicasOf reads a Deployment's spec.replicas straight from a simulated cluster. */
export function replicasOf(fleet: Fleet, cluster: string, namespace: string, name: string): number | undefined {
  const api = fleet.cluster(cluster).api;
  const rt = api.resolve('apps', 'v1', 'deployments');
  if (!rt) return undefined;
  const spec = api.get(rt, namespace, name).spec as { replicas?: number } | undefined;
  return spec?.replicas;
}

/** editReplicas changes a Deployment's replicas as `kubectl edit` would: a merge patch by another field manager. */
export function editReplicas(fleet: Fleet, cluster: string, namespace: string, name: string, replicas: number): void {
  const api = fleet.cluster(cluster).api;
  const rt = api.resolve('apps', 'v1', 'deployments');
  if (!rt) throw new GitfedError('ClusterApiError', '', `${cluster} serves no Deployments`);
  api.patch(rt, namespace, name, 'application/merge-patch+json', JSON.stringify({ spec: { replicas } }), { manager: 'kubectl-edit', dryRun: false });
}

/** teardown stops the clusters and removes the temporary directory. */
export async function teardown(dir: string, fleet: Fleet | undefined): Promise<void> {
  await fleet?.stop();
  await rm(dir, { recursive: true, force: true });
}
