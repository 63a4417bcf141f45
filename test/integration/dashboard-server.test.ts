import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import type { DashboardQuery } from '../../src/model/dashboard-query.js';
import type { DashboardChange } from '../../src/server/dashboard-routes.js';
import { createMetrics } from '../../src/server/metrics.js';
import { createWebhookHandler, screenDelivery } from '../../src/server/webhook-handler.js';

// The dashboard's routes on the reconciler's server, over a stand-in read model: the page's files from gitfed
// itself under a policy that forbids anything else, the JSON, the event stream, and nothing but GET.

let server: RunningServer;
let url: string;
const queries: DashboardQuery[] = [];
const listeners = new Set<(e: DashboardChange) => void>();

beforeAll(async () => {
  const config = { secret: 's', ref: undefined };
  server = await startServer({ host: '127.0.0.1', port: 0 }, {
    metrics: createMetrics(), ready: () => true, webhook: createWebhookHandler(config), screen: (forge, headers) => screenDelivery(config, forge, headers),
    dashboard: {
      page: (q) => (queries.push(q), { version: 1 }),
      object: (key) => (key === 'v1/ConfigMap/shop/a' ? { key } : undefined),
      subscribe: (fn) => (listeners.add(fn), () => void listeners.delete(fn)),
    },
  });
  url = `http://127.0.0.1:${server.address.port}`;
});
afterAll(() => server.close());

describe('the dashboard routes', () => {
  it.each([
    ['/', 'text/html', '<script src="/dashboard.js"'],
    ['/dashboard.js', 'text/javascript', 'EventSource'],
    ['/dashboard.css', 'text/css', ':root'],
  ])('%s is served by gitfed itself, and the page may load nothing from elsewhere', async (path, type, text) => {
    const res = await fetch(`${url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain(text);
  });

  it('the page names no other host', async () => {
    for (const path of ['/', '/dashboard.js', '/dashboard.css']) expect(await (await fetch(`${url}${path}`)).text()).not.toMatch(/https?:\/\//);
  });

  it('/api/dashboard reads the page query, with defaults for what is missing or not a number', async () => {
    await fetch(`${url}/api/dashboard?rowOffset=50&rowLimit=x&clusterOffset=20&resource=web&only=drifted`);
    expect(queries.at(-1)).toEqual({ rowOffset: 50, rowLimit: 50, clusterOffset: 20, clusterLimit: 20, resource: 'web', only: 'drifted' });
  });

  it('/api/object answers 404 for a template not in the plan', async () => {
    expect(await (await fetch(`${url}/api/object?key=v1/ConfigMap/shop/a`)).json()).toEqual({ key: 'v1/ConfigMap/shop/a' });
    expect((await fetch(`${url}/api/object?key=v1/ConfigMap/shop/b`)).status).toBe(404);
  });

  it('is read-only: anything but GET gets 405', async () => {
    for (const path of ['/', '/api/dashboard', '/api/events']) expect((await fetch(`${url}${path}`, { method: 'POST', body: '{}' })).status).toBe(405);
  });

  it('/api/events sends the changes of one moment as one event', async () => {
    const res = await fetch(`${url}/api/events`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const read = async (): Promise<string> => new TextDecoder().decode((await reader.read()).value);
    expect(await read()).toBe('retry: 2000\n\n');
    for (const fn of listeners) {
      fn({ version: 7, type: 'pass', cluster: 'm1' });
      fn({ version: 8, type: 'drift', cluster: 'm2' });
    }
    const event = await read();
    expect(event).toBe(`event: change\ndata: ${JSON.stringify({ version: 8, types: ['pass', 'drift'], clusters: ['m1', 'm2'], more: false })}\n\n`);
    await reader.cancel();
  });
});
