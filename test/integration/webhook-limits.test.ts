import { createHmac } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { createWebhookHandler, screenDelivery } from '../../src/server/webhook-handler.js';
import type { IntakeLimits } from '../../src/server/webhook-intake.js';
import { sendPush } from '../helpers/webhooks.js';

// Attacks on the webhook port by a peer without credentials: every one must be refused without the
// process taking in what it sends.

const SECRET = 'webhook-secret';
const config = { secret: SECRET, ref: undefined };
let server: RunningServer | undefined;

/** ManualTimers lets a test fire the body timeouts itself instead of waiting for them. */
function manualTimers(): { startTimer: IntakeLimits['startTimer']; fireAll(): void; pending(): number } {
  const timers = new Set<() => void>();
  return {
    startTimer: (_ms, fire) => {
      timers.add(fire);
      return () => timers.delete(fire);
    },
    fireAll: () => [...timers].forEach((fire) => fire()),
    pending: () => timers.size,
  };
}

async function start(limits: Partial<IntakeLimits> = {}): Promise<string> {
  const handle = createWebhookHandler(config);
  server = await startServer({ host: '127.0.0.1', port: 0 }, {
    metrics: createMetrics(), ready: () => true, webhook: handle, screen: (forge, headers) => screenDelivery(config, forge, headers), limits,
  });
  return `http://127.0.0.1:${server.address.port}`;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** open sends a request's headers and `bodyPart` of its body, never the rest, and resolves with the answer. */
function open(url: string, headers: Record<string, string>, bodyPart = ''): { answer: Promise<{ status: number; text: string }> } {
  const req = request(`${url}/hooks/github`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
  req.on('error', () => undefined);
  const answer = new Promise<{ status: number; text: string }>((resolve) => {
    req.on('response', (res: IncomingMessage) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, text }));
    });
  });
  req.flushHeaders();
  if (bodyPart) req.write(bodyPart);
  return { answer };
}

const forged = { 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${'ab'.repeat(32)}` };

describe('the webhook port cannot be exhausted without credentials', () => {
  it('an unsigned delivery is refused from its headers, before its body is read', async () => {
    const url = await start();
    const { answer } = open(url, { 'x-github-event': 'push', 'content-length': String(1024 * 1024) }, '{');
    expect(await answer).toMatchObject({ status: 401 });
  });

  it('a body declared larger than the cap gets 413 at once', async () => {
    const url = await start();
    const { answer } = open(url, { ...forged, 'content-length': String(3 * 1024 * 1024) });
    expect(await answer).toMatchObject({ status: 413, text: expect.stringContaining('at most 2097152 bytes') });
  });

  it('a body that streams past the cap is cut off with 413', async () => {
    const url = await start({ maxBodyBytes: 1024 });
    const { answer } = open(url, { ...forged, 'transfer-encoding': 'chunked' }, 'x'.repeat(4096));
    expect(await answer).toMatchObject({ status: 413 });
  });

  it('150 slow connections: a bounded number is read, the rest get 503 at once, the slow ones 408, memory stays bounded, and a signed delivery still gets in', async () => {
    const timers = manualTimers();
    const url = await start({ maxInFlight: 16, startTimer: timers.startTimer });
    const heapBefore = process.memoryUsage().heapUsed;
    const slow = Array.from({ length: 150 }, () => open(url, { ...forged, 'content-length': String(2 * 1024 * 1024 - 1) }, '{"ref":'));
    // the 134 beyond the bound are answered without waiting for anything
    const answers: { status: number }[] = [];
    await new Promise<void>((resolve) => {
      for (const s of slow) void s.answer.then((a) => { answers.push(a); if (answers.length === 134) resolve(); });
    });
    expect(answers.every((a) => a.status === 503)).toBe(true);
    // the 16 being read wait on the body timer; firing it answers them
    await expect.poll(() => timers.pending()).toBe(16);
    timers.fireAll();
    const all = await Promise.all(slow.map((s) => s.answer));
    expect(all.filter((a) => a.status === 408)).toHaveLength(16);
    expect(all.filter((a) => a.status === 503)).toHaveLength(134);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);
    expect(await sendPush({ forge: 'github', url, secret: SECRET, ref: 'refs/heads/main', after: 'a'.repeat(40) })).toMatchObject({ status: 202 });
  });
});

describe('a captured delivery cannot be replayed within the window', () => {
  it('the same delivery ID is refused within an hour and taken again after it (injected clock)', () => {
    let now = Date.parse('2026-12-04T10:00:00Z');
    const handle = createWebhookHandler(config, () => now);
    const body = Buffer.from(JSON.stringify({ ref: 'refs/heads/main', before: '0'.repeat(40), after: 'b'.repeat(40), repository: { default_branch: 'main' } }));
    const sig = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const headers = { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'd-1', 'x-hub-signature-256': sig };
    expect(handle('github', headers, body)).toMatchObject({ status: 202, trigger: true });
    now += 59 * 60 * 1000;
    expect(handle('github', headers, body)).toMatchObject({ status: 200, trigger: false, message: expect.stringContaining('already received') });
    now += 2 * 60 * 60 * 1000;
    expect(handle('github', headers, body)).toMatchObject({ status: 202, trigger: true });
  });
});
