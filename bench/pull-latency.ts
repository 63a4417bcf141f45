/**
 * Commit -> applied for a pull member beside push members: `npx tsx bench/pull-latency.ts [COMMITS]` (after `npm run
 * build`). A real git smart-HTTP server, three simulated clusters (m3 with spec.syncMode: Pull), `gitfed reconcile`
 * (push, --interval 0) and `gitfed agent` (m3, --interval 30s) as processes, each with a webhook listener. Each
 * commit changes a Duplicated Deployment's replicas; one signed push webhook goes to each process; the clock runs
 * from before `git push` to the member holding the new value (read in-process every 5 ms). Prints JSON.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { renderKubeconfig } from '../src/sim/fleet.js';
import { CLI } from '../test/helpers/cli.js';
import { createRepo, startGitServer } from '../test/helpers/git-server.js';
import { pullClusters, startCapacityFleet } from '../test/helpers/pull-fleet.js';
import { sendPush } from '../test/helpers/webhooks.js';
import { webDeployment } from '../test/helpers/builders.js';

const SECRET = 'bench-pull-secret';
const commits = Number(process.argv[2] ?? 20);
const work = mkdtempSync(join(tmpdir(), 'gitfed-bench-pull-'));
const policy = `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: all}
spec:
  resourceSelectors: [{apiVersion: v1, kind: Namespace, name: shop}, {apiVersion: apps/v1, kind: Deployment}]
`;

/** start runs a gitfed process and resolves its webhook URL once its first cycle or pass ended. */
function start(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, GITFED_WEBHOOK_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    let port = 0;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const r = JSON.parse(line) as { msg: string; port?: number };
      if (r.msg === 'listening') port = r.port ?? 0;
      if ((r.msg === 'cycle finished' || r.msg === 'pass finished') && port) resolve({ url: `http://127.0.0.1:${port}`, child });
    });
  });
}

const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;

async function main(): Promise<void> {
  const git = await startGitServer();
  const repo = createRepo(git, 'fleet');
  const fleet = await startCapacityFleet([{ name: 'm1' }, { name: 'm2' }, { name: 'm3' }]);
  const pushKc = join(work, 'push.kubeconfig');
  const agentKc = join(work, 'agent.kubeconfig');
  writeFileSync(pushKc, renderKubeconfig(fleet.clusters.filter((c) => c.name !== 'm3'), fleet.caPem));
  writeFileSync(agentKc, renderKubeconfig([fleet.cluster('m3')], fleet.caPem));
  repo.commit({ 'clusters.yaml': pullClusters(['m1', 'm2', 'm3'], ['m3']), 'policy.yaml': policy, 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n', 'web.yaml': webDeployment(1) });
  const push = await start(['reconcile', '--repo', git.urlOf('fleet'), '--kubeconfig', pushKc, '--interval', '0', '--listen', '127.0.0.1:0', '--cache-dir', join(work, 'push')]);
  const agent = await start(['agent', '--repo', git.urlOf('fleet'), '--cluster', 'm3', '--kubeconfig', agentKc, '--interval', '30s', '--listen', '127.0.0.1:0', '--cache-dir', join(work, 'agent')]);
  const replicas = (c: string): number => {
    const a = fleet.cluster(c).api;
    try {
      return (a.get(a.resolve('apps', 'v1', 'deployments')!, 'shop', 'web').spec as { replicas: number }).replicas;
    } catch {
      return -1;
    }
  };
  const holds = async (c: string, n: number, t0: number): Promise<number> => {
    while (replicas(c) !== n) await new Promise((r) => setTimeout(r, 5));
    return performance.now() - t0;
  };
  const pushMs: number[] = [];
  const pullMs: number[] = [];
  for (let i = 0; i < commits; i++) {
    const n = 2 + i;
    const t0 = performance.now();
    const after = repo.commit({ 'web.yaml': webDeployment(n) });
    await Promise.all([push.url, agent.url].map((url) => sendPush({ forge: 'github', url, secret: SECRET, ref: 'refs/heads/main', after })));
    const [m1, m2, m3] = await Promise.all([holds('m1', n, t0), holds('m2', n, t0), holds('m3', n, t0)]);
    pushMs.push(Math.max(m1, m2));
    pullMs.push(m3);
  }
  const stats = (xs: number[]) => ({ p50: Math.round(percentile(xs, 50)), p90: Math.round(percentile(xs, 90)), p99: Math.round(percentile(xs, 99)) });
  process.stdout.write(`${JSON.stringify({ commits, push: stats(pushMs), pullWebhook: stats(pullMs), pullPollingMeanMs: `interval/2 + ${Math.round(percentile(pullMs, 50))}` }, null, 2)}\n`);
  push.child.kill('SIGTERM');
  agent.child.kill('SIGTERM');
  await fleet.stop();
  await git.stop();
}

await main();
