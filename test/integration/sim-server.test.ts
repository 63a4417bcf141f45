import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet, type SimCluster } from '../../src/sim/fleet.js';
import { startClusterServer } from '../../src/sim/server/http.js';
import { createTlsMaterial } from '../../src/sim/server/tls.js';
import type { ClusterApi, ResourceType } from '../../src/sim/types.js';

// The HTTP layer itself: Status errors for bad requests, fault injection, counters, and a 100-cluster fleet.
let fleet: Fleet;

interface Reply { code: number; headers: Record<string, string | string[] | undefined>; body: string; json: Record<string, unknown> }

function call(c: Pick<SimCluster, 'url' | 'token'>, method: string, path: string, opts: { body?: string; type?: string; token?: string; ca?: string } = {}): Promise<Reply> {
  const url = new URL(path, c.url);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method, ca: opts.ca ?? fleet.caPem, agent: false,
      headers: { Authorization: `Bearer ${opts.token ?? c.token}`, Accept: 'application/json', ...(opts.type ? { 'Content-Type': opts.type } : {}) },
    }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => {
        let json: Record<string, unknown> = {};
        try { json = JSON.parse(body) as Record<string, unknown>; } catch { /* not JSON */ }
        resolve({ code: res.statusCode ?? 0, headers: res.headers, body, json });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** onDelay, when set, is told of each wait the latency fault asks for and ends it by calling `release`. */
let onDelay: ((ms: number, release: () => void) => void) | undefined;

beforeAll(async () => {
  // the latency fault waits on the test's terms, never on the clock
  const delay = (ms: number): Promise<void> => new Promise((release) => (onDelay ? onDelay(ms, release) : release()));
  fleet = await startFleet([{ name: 'a', labels: { region: 'eu' }, capacity: { cpu: '8' } }, { name: 'b' }], { token: 'fixed-token', adminPort: 0, delay });
});

afterAll(async () => {
  await fleet?.stop();
});

describe('simulator HTTP layer', () => {
  it('answers Status errors as the real server does', async () => {
    const a = fleet.cluster('a');
    const malformed = await call(a, 'POST', '/api/v1/namespaces/default/configmaps', { body: '{"apiVersion": "v1", kind', type: 'application/json' });
    expect(malformed.code).toBe(400);
    expect(malformed.json).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
    const unknown = await call(a, 'GET', '/apis/example.com/v1/namespaces/default/gizmos');
    expect(unknown.json).toMatchObject({ code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' });
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    const missingNs = await call(a, 'POST', '/api/v1/namespaces/nope/configmaps', { body, type: 'application/json' });
    expect(missingNs.json).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "nope" not found' });
    const badPatch = await call(a, 'PATCH', '/api/v1/namespaces/default/configmaps/x', { body: '{}', type: 'text/plain' });
    expect(badPatch.json).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
    const noManager = await call(a, 'PATCH', '/api/v1/namespaces/default/configmaps/x', { body, type: 'application/apply-patch+yaml' });
    expect(noManager.json).toMatchObject({ code: 422, reason: 'Invalid' });
    const unauthorized = await call(a, 'GET', '/api/v1/namespaces', { token: 'nope' });
    expect(unauthorized.json).toMatchObject({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
  });

  it('answers an unexpected exception with a 500 InternalError Status and keeps serving', async () => {
    const rt: ResourceType = {
      group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', singular: 'configmap', namespaced: true,
      listKind: 'ConfigMapList', shortNames: [], verbs: ['list'], subresources: [],
    };
    const broken = { name: 'broken', resolve: () => rt, resources: () => [rt], list: () => { throw new TypeError('boom'); } } as unknown as ClusterApi;
    const tls = await createTlsMaterial();
    const server = await startClusterServer({ api: broken, token: 't', tls });
    try {
      const target = { url: server.url, token: 't' };
      for (let i = 0; i < 2; i++) {
        const r = await call(target, 'GET', '/api/v1/configmaps', { ca: tls.caPem });
        expect(r.json).toMatchObject({ kind: 'Status', code: 500, reason: 'InternalError', message: 'Internal error occurred: boom' });
      }
    } finally {
      await server.stop();
    }
  });

  it('serves aggregated discovery only when asked for it', async () => {
    const a = fleet.cluster('a');
    const legacy = await call(a, 'GET', '/apis');
    expect(legacy.json['kind']).toBe('APIGroupList');
    const agg = await new Promise<string | undefined>((resolve, reject) => {
      request(new URL('/apis', a.url), {
        ca: fleet.caPem, agent: false,
        headers: { Authorization: `Bearer ${a.token}`, Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' },
      }, (res) => { res.resume(); resolve(res.headers['content-type']); }).on('error', reject).end();
    });
    expect(agg).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
  });

  it('injects latency, 429 with Retry-After, 503, conflicts and refuses connections when down', async () => {
    const b = fleet.cluster('b');
    await b.faults.set({ latencyMs: 150 });
    const asked = new Promise<{ ms: number; release: () => void }>((resolve) => (onDelay = (ms, release) => resolve({ ms, release })));
    let delayOver = false;
    const slow = call(b, 'GET', '/api/v1/namespaces').then((r) => ({ ...r, afterDelay: delayOver }));
    const { ms, release } = await asked;
    onDelay = undefined;
    // the request waits for the latency asked for, and is answered only once that wait is over
    expect(ms).toBe(150);
    delayOver = true;
    release();
    expect(await slow).toMatchObject({ code: 200, afterDelay: true });
    await b.faults.set({ latencyMs: 0, errorRate: 1, errorCodes: [429], retryAfterSeconds: 3 });
    const limited = await call(b, 'GET', '/api/v1/namespaces');
    expect(limited.code).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    expect(limited.json).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 3 } });
    await b.faults.set({ errorCodes: [503] });
    expect((await call(b, 'GET', '/api/v1/namespaces')).code).toBe(503);
    await b.faults.set({ errorRate: 0, conflictRate: 1 });
    const cm = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    expect((await call(b, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm, type: 'application/json' })).json).toMatchObject({ code: 409, reason: 'Conflict' });
    expect((await call(b, 'GET', '/api/v1/namespaces')).code).toBe(200);
    let watchOpen: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => (watchOpen = resolve));
    const watchEnded = new Promise<void>((resolve, reject) => {
      request(new URL('/api/v1/namespaces/default/configmaps?watch=true', b.url), { ca: fleet.caPem, agent: false, headers: { Authorization: `Bearer ${b.token}` } }, (res) => {
        res.resume();
        res.on('close', () => resolve());
        watchOpen();
      }).on('error', reject).end();
    });
    // the watch is served (its headers arrived) before the cluster goes down
    await opened;
    await b.faults.down();
    await watchEnded;
    await expect(call(b, 'GET', '/api/v1/namespaces')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await b.faults.reset();
    expect((await call(b, 'GET', '/api/v1/namespaces')).code).toBe(200);
  });

  it('counts requests by verb and resets the counters', async () => {
    const b = fleet.cluster('b');
    b.counters.reset();
    const cm = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'counted' } });
    await call(b, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm, type: 'application/json' });
    await call(b, 'GET', '/api/v1/namespaces/default/configmaps/counted');
    await call(b, 'GET', '/api/v1/namespaces/default/configmaps');
    await call(b, 'PATCH', '/api/v1/namespaces/default/configmaps/counted?fieldManager=t', { body: cm, type: 'application/apply-patch+yaml' });
    await call(b, 'DELETE', '/api/v1/namespaces/default/configmaps/counted');
    await call(b, 'GET', '/api/v1');
    expect(b.counters.snapshot()).toMatchObject({ create: 1, get: 1, list: 1, patch: 1, delete: 1, reads: 2, writes: 3, watches: 0, discovery: 1 });
    b.counters.reset();
    expect(b.counters.snapshot().total).toBe(0);
  });

  it('exposes faults and counters on the admin endpoint', async () => {
    const adminUrl = fleet.adminUrl ?? '';
    const res = await fetch(`${adminUrl}/clusters/a/faults`, { method: 'PATCH', body: JSON.stringify({ latencyMs: 5 }) });
    expect(((await res.json()) as { faults: { latencyMs: number } }).faults.latencyMs).toBe(5);
    expect(fleet.cluster('a').faults.settings.latencyMs).toBe(5);
    const all = (await (await fetch(`${adminUrl}/clusters`)).json()) as { name: string }[];
    expect(all.map((c) => c.name)).toEqual(['a', 'b']);
    expect(JSON.stringify(all)).not.toContain('fixed-token');
    await fleet.cluster('a').faults.reset();
  });

  it('serves 100 clusters from one process', async () => {
    const before = process.memoryUsage();
    const t0 = Date.now();
    const big = await startFleet(Array.from({ length: 100 }, (_, i) => ({ name: `member${i + 1}` })));
    try {
      const started = Date.now() - t0;
      const replies = await Promise.all(big.clusters.map((c) => call(c, 'GET', '/api/v1/namespaces', { ca: big.caPem })));
      expect(replies.every((r) => r.code === 200 && (r.json['items'] as unknown[]).length === 4)).toBe(true);
      const after = process.memoryUsage();
      const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
      console.log(`100 clusters: started in ${started} ms; rss ${mb(after.rss)} MB (+${mb(after.rss - before.rss)}), heap ${mb(after.heapUsed)} MB (+${mb(after.heapUsed - before.heapUsed)})`);
      expect(new Set(big.clusters.map((c) => c.port)).size).toBe(100);
    } finally {
      await big.stop();
    }
  });
});
