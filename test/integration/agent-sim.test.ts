import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentOf, type AgentCliOptions } from '../../src/cli/commands/agent.js';
import { agentPass, type AgentPass } from '../../src/reconcile/agent.js';
import { runAgentLoop } from '../../src/reconcile/agent-loop.js';
import { ownerOf } from '../../src/reconcile/source.js';
import { parseAgentReport } from '../../src/model/agent-report.js';
import type { Fleet } from '../../src/sim/fleet.js';
import { createRepo, startGitServer, type GitServer, type WorkRepo } from '../helpers/git-server.js';
import { pullClusters, startCapacityFleet } from '../helpers/pull-fleet.js';

// One agent, inside member m3 (spec.syncMode: Pull), against the real git server and simulated clusters: it
// reconciles its own member only, as the push side would (inventory, owner, field manager), writes its report to
// refs/gitfed/clusters/m3, and changes nothing when the commit cannot be read or rendered.

let git: GitServer;
let repo: WorkRepo;
let fleet: Fleet;
let kubeconfig: string;
let first: string;
const work = mkdtempSync(join(tmpdir(), 'gitfed-agent-'));

const policy = `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: all}
spec:
  resourceSelectors: [{apiVersion: v1, kind: Namespace, name: shop}, {apiVersion: v1, kind: ConfigMap}]
`;
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: shop}\ndata: {k: v}\n`;

beforeAll(async () => {
  git = await startGitServer();
  repo = createRepo(git, 'fleet');
  first = repo.commit({ 'clusters.yaml': pullClusters(['m1', 'm2', 'm3'], ['m3']), 'policy.yaml': policy, 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n', 'a.yaml': configMap('a') });
  fleet = await startCapacityFleet([{ name: 'm1' }, { name: 'm2' }, { name: 'm3', capacity: { cpu: '4', memory: '16Gi', pods: 110 } }]);
  kubeconfig = join(work, 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
});

afterAll(async () => {
  await fleet?.stop();
  await git?.stop();
});

const flags = (over: Partial<AgentCliOptions> = {}): AgentCliOptions => ({
  repo: git.urlOf('fleet'), cluster: 'm3', kubeconfig, interval: '30s', clusterTimeout: '10', reportMaxAge: '60s', format: 'table', cacheDir: join(work, 'cache'), ...over,
});
const configMapsOn = (name: string) => {
  const api = fleet.cluster(name).api;
  return api.list(api.resolve('', 'v1', 'configmaps')!, 'shop', {}).items.map((o) => o.metadata.name).sort();
};
const writesTo = (name: string) => fleet.cluster(name).counters.snapshot().writes;
const reportInGit = () => parseAgentReport(execFileSync('git', ['show', 'refs/gitfed/clusters/m3:status.json'], { cwd: join(git.root, 'fleet.git'), encoding: 'utf8' }));

describe('gitfed agent, one pass', () => {
  it('reconciles its own member only, keeping the push side\'s inventory, owner and field manager, and reports it to Git', async () => {
    const { deps, options } = await agentOf(flags());
    for (const c of fleet.clusters) c.counters.reset();
    const pass = await agentPass(deps, options);
    expect(pass.report).toMatchObject({ cluster: 'm3', state: 'success', revision: first, attempted: first, nodes: 1 });
    expect(configMapsOn('m3')).toEqual(['a']);
    expect(fleet.cluster('m1').counters.snapshot().total + fleet.cluster('m2').counters.snapshot().total).toBe(0);
    const api = fleet.cluster('m3').api;
    const inventory = api.get(api.resolve('', 'v1', 'configmaps')!, 'gitfed-system', 'gitfed-inventory') as unknown as { data: Record<string, string> };
    expect(inventory.data.revision).toBe(first);
    expect(inventory.data.owner).toBe(ownerOf({ repo: git.urlOf('fleet') }));
    const applied = api.get(api.resolve('', 'v1', 'configmaps')!, 'shop', 'a') as unknown as { metadata: { managedFields: { manager: string }[] } };
    expect(applied.metadata.managedFields.map((m) => m.manager)).toEqual(['gitfed']);
    // the report in Git: what the push side reads
    const report = reportInGit();
    expect(report).toMatchObject({ cluster: 'm3', state: 'success', revision: first, condition: { type: 'Ready', status: 'True' }, nodes: 1 });
    expect(report?.capacity?.cpu?.allocatable).toBe('4');
  });

  it('a commit that does not render changes nothing on the member and reports failure', async () => {
    const { deps, options } = await agentOf(flags());
    const bad = repo.commit({ 'a.yaml': null, 'broken.yaml': 'kind: [\n' });
    const pass = await agentPass(deps, options);
    expect(pass.report).toMatchObject({ state: 'failure', revision: first, attempted: bad });
    expect(pass.report.description).toMatch(/^render failed, nothing applied or pruned/);
    expect(configMapsOn('m3')).toEqual(['a']);
    repo.commit({ 'a.yaml': configMap('a'), 'broken.yaml': null });
  });

  it('the repository unreachable: the member keeps what it holds, and the agent retries after 1 s, 2 s, 4 s ... up to the interval', async () => {
    const { deps, options } = await agentOf(flags({ repo: 'http://127.0.0.1:1/fleet.git', cacheDir: join(work, 'gone') }));
    const before = writesTo('m3');
    const waits: number[] = [];
    const stop = new AbortController();
    const passes: AgentPass[] = [];
    await runAgentLoop(() => agentPass(deps, options), {
      intervalMs: 5000, signal: stop.signal,
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 4) stop.abort();
      },
      onPass: (p) => passes.push(p),
    });
    expect(waits).toEqual([1000, 2000, 4000, 5000]);
    expect(passes.every((p) => 'unreadable' in p.outcome && p.outcome.unreadable.code === 'RepoUnreachable')).toBe(true);
    expect(passes[0]?.report).toMatchObject({ state: 'error', revision: first, condition: { status: 'True' } });
    expect(writesTo('m3')).toBe(before);
    expect(configMapsOn('m3')).toEqual(['a']);
  });

  it('a member the repository does not declare Pull is left alone: a push reconciler owns it', async () => {
    const { deps, options } = await agentOf(flags({ cluster: 'm1' }));
    const pass = await agentPass(deps, options);
    expect(pass.report).toMatchObject({ cluster: 'm1', state: 'error' });
    expect(pass.report.description).toContain('not a Cluster with spec.syncMode: Pull');
    expect(writesTo('m1')).toBe(0);
    expect(configMapsOn('m1')).toEqual([]);
  });
});
