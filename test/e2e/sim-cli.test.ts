import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, runCli } from '../helpers/cli.js';
import { whenOutput } from '../helpers/output.js';

interface Kubeconfig {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: { token: string } }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
}

interface Running {
  child: ChildProcess;
  stdout: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function startSim(args: string[]): Running {
  const child = spawn(process.execPath, [CLI, 'sim', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, exited };
}


function get(url: string, token: string, caPem: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: caPem, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject).end();
  });
}

function readKubeconfig(path: string): Kubeconfig {
  return parse(readFileSync(path, 'utf8')) as Kubeconfig;
}

const tmpKubeconfig = (): string => join(mkdtempSync(join(tmpdir(), 'gitfed-sim-')), 'fleet.kubeconfig');

describe('gitfed sim', () => {
  it('serves one cluster per Cluster of a repository until SIGTERM', async () => {
    const kubeconfig = tmpKubeconfig();
    const sim = startSim(['--clusters', 'examples/policy-repo', '--kubeconfig-out', kubeconfig]);
    await whenOutput(sim.child.stdout, sim.stdout, (out) => out.trim().split('\n').length >= 5, 'the cluster table');
    const [header, ...rows] = sim.stdout().trim().split('\n').map((l) => l.trim().split(/\s+/));
    expect(header).toEqual(['CLUSTER', 'URL', 'CONTEXT']);
    expect(rows.map((r) => r[0]).sort()).toEqual(['aws-us-east', 'azure-asia', 'edge-gpu', 'gcp-europe']);
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);

    const config = readKubeconfig(kubeconfig);
    expect(config.contexts.map((c) => c.name).sort()).toEqual(['aws-us-east', 'azure-asia', 'edge-gpu', 'gcp-europe']);
    const aws = config.clusters.find((c) => c.name === 'aws-us-east');
    const token = config.users.find((u) => u.name === config.contexts.find((c) => c.name === 'aws-us-east')?.context.user)?.user.token ?? '';
    expect(rows.find((r) => r[0] === 'aws-us-east')?.[1]).toBe(aws?.cluster.server);
    const ca = Buffer.from(aws?.cluster['certificate-authority-data'] ?? '', 'base64').toString('utf8');
    const nodes = await get(`${aws?.cluster.server}/api/v1/nodes`, token, ca);
    expect(nodes.status).toBe(200);
    const items = (JSON.parse(nodes.body) as { items: { metadata: { labels: Record<string, string> }; status: { allocatable: Record<string, string> } }[] }).items;
    // 32 declared CPUs in two nodes of 16, in the cluster's region
    expect(items.map((n) => n.status.allocatable.cpu)).toEqual(['16', '16']);
    expect(items[0]?.metadata.labels['topology.kubernetes.io/region']).toBe('us-east-1');
    expect((await get(`${aws?.cluster.server}/api/v1/nodes`, 'wrong', ca)).status).toBe(401);

    sim.child.kill('SIGTERM');
    expect(await sim.exited).toBe(0);
  });

  it('--clusters 2 --format json starts member1 and member2 and stops on SIGINT', async () => {
    const kubeconfig = tmpKubeconfig();
    const sim = startSim(['--clusters', '2', '--kubeconfig-out', kubeconfig, '--format', 'json']);
    await whenOutput(sim.child.stdout, sim.stdout, (out) => out.trim().endsWith('}'), 'the JSON table');
    const table = JSON.parse(sim.stdout()) as { kubeconfig: string; clusters: { cluster: string; url: string; context: string }[] };
    expect(table.kubeconfig).toBe(kubeconfig);
    expect(table.clusters.map((c) => [c.cluster, c.context])).toEqual([['member1', 'member1'], ['member2', 'member2']]);
    expect(table.clusters.every((c) => c.url.startsWith('https://127.0.0.1:'))).toBe(true);
    expect(readKubeconfig(kubeconfig).contexts.map((c) => c.name)).toEqual(['member1', 'member2']);
    sim.child.kill('SIGINT');
    expect(await sim.exited).toBe(0);
  });

  it('a repository with errors prints them and exits 2; a bad count is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitfed-sim-bad-'));
    writeFileSync(join(dir, 'clusters.yaml'), 'apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: m1\n');
    const bad = runCli(['sim', '--clusters', dir, '--kubeconfig-out', tmpKubeconfig()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^clusters\.yaml:\d+: /m);
    expect(bad.stdout).toBe('');
    const zero = runCli(['sim', '--clusters', '0', '--kubeconfig-out', tmpKubeconfig()]);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--clusters 0');
  });

  it('--admin serves the fault and counter endpoint: a script can list, count, stop and restart a cluster', async () => {
    const kubeconfig = tmpKubeconfig();
    const sim = startSim(['--clusters', '2', '--kubeconfig-out', kubeconfig, '--format', 'json', '--admin', '127.0.0.1:0']);
    await whenOutput(sim.child.stdout, sim.stdout, (out) => out.trim().endsWith('}'), 'the JSON table');
    const table = JSON.parse(sim.stdout()) as { admin: string; clusters: { cluster: string; url: string }[] };
    expect(table.admin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const admin = async (path: string, init?: RequestInit) => (await fetch(`${table.admin}${path}`, init)).json() as Promise<Record<string, unknown>>;
    const listed = await admin('/clusters') as unknown as { name: string; url: string }[];
    expect(listed.map((c) => [c.name, c.url])).toEqual(table.clusters.map((c) => [c.cluster, c.url]));

    const config = readKubeconfig(kubeconfig);
    const ca = Buffer.from(config.clusters[1]?.cluster['certificate-authority-data'] ?? '', 'base64').toString('utf8');
    const token = config.users.find((u) => u.name === config.contexts[1]?.context.user)?.user.token ?? '';
    const member2 = table.clusters[1]?.url ?? '';
    await admin('/clusters/member2/counters/reset', { method: 'POST' });
    expect((await get(`${member2}/api/v1/namespaces`, token, ca)).status).toBe(200);
    expect(((await admin('/clusters/member2')).counters as { list: number }).list).toBe(1);

    expect(((await admin('/clusters/member2/faults', { method: 'PATCH', body: '{"down": true}' })).faults as { down: boolean }).down).toBe(true);
    // a kept-alive connection is cut (hang up), a new one refused
    await expect(get(`${member2}/api/v1/namespaces`, token, ca)).rejects.toThrow(/ECONNREFUSED|socket hang up|ECONNRESET/);
    await admin('/clusters/member2/faults/reset', { method: 'POST' });
    expect((await get(`${member2}/api/v1/namespaces`, token, ca)).status).toBe(200);
    sim.child.kill('SIGTERM');
    expect(await sim.exited).toBe(0);
  });

  it('a bad --admin address is a usage error naming the flag', () => {
    const r = runCli(['sim', '--clusters', '1', '--kubeconfig-out', tmpKubeconfig(), '--admin', 'not-an-address']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--admin: invalid address "not-an-address"');
  });

  it('--help explains the flags', () => {
    const r = runCli(['sim', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--clusters', '--kubeconfig-out', '--format', '--status-delay', '--admin', 'PATCH /clusters/<name>/faults', 'SIGTERM']) expect(r.stdout).toContain(flag);
  });
});
