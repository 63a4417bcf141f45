import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { createWebhookHandler, screenDelivery } from '../../src/server/webhook-handler.js';

let server: RunningServer;
let ready = false;
let url: string;

beforeAll(async () => {
  const config = { secret: 's', ref: undefined };
  const handle = createWebhookHandler(config);
  server = await startServer({ host: '127.0.0.1', port: 0 }, { metrics: createMetrics(), ready: () => ready, webhook: handle, screen: (forge, headers) => screenDelivery(config, forge, headers) });
  url = `http://127.0.0.1:${server.address.port}`;
});
afterAll(() => server.close());

describe('the reconciler HTTP endpoints', () => {
  it('/healthz answers 200 at once; /readyz 503 until the first cycle finished, then 200', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('/metrics is Prometheus text with gitfed series and process metrics', async () => {
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('# TYPE gitfed_cycles_total counter');
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('unknown paths get 404, an unknown forge too, and GET on a hook 405', async () => {
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/hooks/bitbucket`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${url}/hooks/github`)).status).toBe(405);
  });

  it('a body over 25 MB gets 413', async () => {
    const res = await fetch(`${url}/hooks/github`, { method: 'POST', body: Buffer.alloc(26 * 1024 * 1024, 0x20) });
    expect(res.status).toBe(413);
  });
});
