import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type ConnectionLimits, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { createWebhookHandler, screenDelivery, type WebhookConfig } from '../../src/server/webhook-handler.js';
import { DEFAULT_INTAKE_LIMITS, type IntakeLimits } from '../../src/server/webhook-intake.js';
import { sendPush } from '../helpers/webhooks.js';

// Attacks on the webhook port by a peer without credentials: every one must be refused without the
// process taking in what it sends, and a real delivery must still get in afterwards.

const SECRET = 'webhook-secret';
const on: WebhookConfig = { secret: SECRET, ref: undefined };
let server: RunningServer | undefined;
const sockets: Socket[] = [];

/** manualTimers lets a test fire the body timeouts itself instead of waiting for them, and await how many run. */
function manualTimers(): { startTimer: IntakeLimits['startTimer']; fireAll(): void; pending(): number; until(n: number): Promise<void> } {
  const timers = new Set<() => void>();
  const waiters: { n: number; resolve: () => void }[] = [];
  const changed = () => {
    for (const w of waiters.filter((x) => x.n === timers.size)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  return {
    startTimer: (_ms, fire) => {
      timers.add(fire);
      changed();
      return () => {
        timers.delete(fire);
        changed();
      };
    },
    fireAll: () => [...timers].forEach((fire) => fire()),
    pending: () => timers.size,
    until: (n) => new Promise((resolve) => {
      if (timers.size === n) resolve();
      else waiters.push({ n, resolve });
    }),
  };
}

interface Setup { limits?: Partial<IntakeLimits>; connections?: Partial<ConnectionLimits>; config?: WebhookConfig }

async function start(setup: Setup = {}): Promise<{ url: string; port: number }> {
  const config = setup.config ?? on;
  const handle = createWebhookHandler(config);
  server = await startServer({ host: '127.0.0.1', port: 0 }, {
    metrics: createMetrics(), ready: () => true, webhook: handle, screen: (forge, headers) => screenDelivery(config, forge, headers),
    ...(setup.limits ? { limits: setup.limits } : {}), ...(setup.connections ? { connections: setup.connections } : {}),
  });
  return { url: `http://127.0.0.1:${server.address.port}`, port: server.address.port };
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server?.close();
  server = undefined;
});

/** RawAnswer is what came back on a connection by the time the server closed it (status 0: nothing). */
interface RawAnswer { status: number; text: string }

/** send writes `parts` on a new connection, never more, and resolves once the server closes it (a server that never does fails the test by its timeout). */
function send(port: number, ...parts: (string | Buffer)[]): Promise<RawAnswer> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let got = '';
  socket.on('error', () => undefined);
  socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
  for (const p of parts) socket.write(p);
  return new Promise((resolve) => socket.on('close', () => {
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? 0);
    resolve({ status, text: got.includes('\r\n\r\n') ? got.slice(got.indexOf('\r\n\r\n') + 4) : '' });
  }));
}

/** head is a request line and headers, left unfinished (no blank line) with `ends: false`. */
function head(opts: { method?: string; path?: string; headers?: Record<string, string>; ends?: boolean }): string {
  const lines = [`${opts.method ?? 'POST'} ${opts.path ?? '/hooks/github'} HTTP/1.1`, 'host: 127.0.0.1', ...Object.entries(opts.headers ?? {}).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n${opts.ends === false ? '' : '\r\n'}`;
}

/** raw sends a request's head and `body` (if any), never more. */
function raw(port: number, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string; headEnds?: boolean }): Promise<RawAnswer> {
  const h = head({ ...opts, ...(opts.headEnds === false ? { ends: false } : {}) });
  return opts.body === undefined ? send(port, h) : send(port, h, opts.body);
}

const forgedGitHub = { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'd-forged', 'x-hub-signature-256': `sha256=${'ab'.repeat(32)}` };
const MiB = 1024 * 1024;

describe('the webhook port cannot be exhausted without credentials: refused from the headers, before any body byte', () => {
  const declared = { 'content-length': String(MiB) };
  const cases: [string, string, Record<string, string>, number, string, WebhookConfig?][] = [
    ['an unsigned GitHub delivery', 'github', { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'd-1' }, 401, 'missing or wrong signature'],
    ['a Gitea delivery with the empty signature of a hook without secret', 'gitea', { 'content-type': 'application/json', 'x-gitea-delivery': 'd-1', 'x-gitea-signature': '', 'x-hub-signature-256': 'sha256=' }, 401, 'missing or wrong signature'],
    ['a GitLab delivery with a wrong token', 'gitlab', { 'content-type': 'application/json', 'x-gitlab-token': 'guess' }, 401, 'missing or wrong signature'],
    ['a form-encoded delivery', 'github', { ...forgedGitHub, 'content-type': 'application/x-www-form-urlencoded' }, 415, 'application/json'],
    ['a GitHub delivery without X-GitHub-Delivery', 'github', { ...forgedGitHub, 'x-github-delivery': '' }, 400, 'missing delivery ID: github sends x-github-delivery'],
    ['a Gitea delivery without any delivery ID', 'gitea', { 'content-type': 'application/json', 'x-gitea-signature': 'ab'.repeat(32) }, 400, 'missing delivery ID: gitea sends'],
    ['any delivery while webhooks are off', 'github', forgedGitHub, 403, 'GITFED_WEBHOOK_SECRET', { secret: undefined, ref: undefined }],
  ];
  it.each(cases)('%s gets its answer at once and the connection closed, though the declared 1 MiB body never comes', async (_, forge, headers, status, message, config) => {
    const { port } = await start(config ? { config } : {});
    const answer = await raw(port, { path: `/hooks/${forge}`, headers: { ...headers, ...declared } });
    expect(answer.status).toBe(status);
    expect(answer.text).toContain(message);
  });

  it('a body declared over its forge\'s cap gets 413 at once; each forge has its own cap', async () => {
    const { port } = await start({ limits: { maxBodyBytes: { ...DEFAULT_INTAKE_LIMITS.maxBodyBytes, gitea: 1024 } } });
    const gitea = { 'content-type': 'application/json', 'x-gitea-delivery': 'd-2', 'x-gitea-signature': 'ab'.repeat(32), 'content-length': '2048' };
    expect(await raw(port, { path: '/hooks/gitea', headers: gitea })).toEqual({ status: 413, text: 'payload too large: gitea deliveries are read up to 1024 bytes\n' });
    const github = await raw(port, { headers: { ...forgedGitHub, 'content-length': String(2 * MiB + 1) } });
    expect(github).toMatchObject({ status: 413, text: expect.stringContaining('github deliveries are read up to 2097152 bytes') });
  });

  it('a chunked body that streams past the cap is cut off with 413 and the connection closed', async () => {
    const { port } = await start({ limits: { maxBodyBytes: { github: 1024, gitlab: 1024, gitea: 1024 } } });
    const chunk = `${(4096).toString(16)}\r\n${'x'.repeat(4096)}\r\n`;
    expect(await raw(port, { headers: { ...forgedGitHub, 'transfer-encoding': 'chunked' }, body: chunk })).toMatchObject({ status: 413 });
  });

  it.each([
    ['a POST to an unknown path', 'POST', '/anything', 404],
    ['a POST to an unknown forge', 'POST', '/hooks/bitbucket', 404],
    ['a PUT on a hook', 'PUT', '/hooks/github', 405],
  ])('%s with a body that never ends is answered and closed, not drained for ever', async (_, method, path, status) => {
    const { port } = await start();
    expect(await raw(port, { method, path, headers: { 'content-length': String(100 * MiB) }, body: 'x' })).toMatchObject({ status });
  });
});

describe('slow senders are cut off', () => {
  // Node enforces these itself on its own clock: tiny limits make the test quick, and it awaits the close
  const quick: Partial<ConnectionLimits> = { headersTimeoutMs: 50, requestTimeoutMs: 100, checkIntervalMs: 10 };

  it('slowloris: headers that never finish get 408 and the connection is closed', async () => {
    const { port } = await start({ connections: quick });
    expect(await raw(port, { headers: { 'x-github-event': 'push' }, headEnds: false })).toMatchObject({ status: 408 });
  });

  it('a connection that sends nothing at all is closed', async () => {
    const { port } = await start({ connections: quick });
    expect(await send(port)).toMatchObject({ status: 408 });
  });

  it('a signed-looking body that stops halfway gets 408 when the body timer fires, and its place is free again', async () => {
    const timers = manualTimers();
    const { port, url } = await start({ limits: { maxInFlight: 1, startTimer: timers.startTimer } });
    const slow = raw(port, { headers: { ...forgedGitHub, 'content-length': '1000' }, body: '{"ref":' });
    await timers.until(1);
    const turnedAway = await raw(port, { headers: { ...forgedGitHub, 'content-length': '1000' }, body: '{' });
    expect(turnedAway).toMatchObject({ status: 503, text: expect.stringContaining('retry later') });
    timers.fireAll();
    expect(await slow).toMatchObject({ status: 408, text: expect.stringContaining('did not arrive within 10000 ms') });
    expect(await sendPush({ forge: 'github', url, secret: SECRET, ref: 'refs/heads/main', after: 'c'.repeat(40) })).toMatchObject({ status: 202 });
  });

  it('a sender that hangs up mid-body frees its place at once, without waiting for the body timer', async () => {
    const timers = manualTimers();
    const { port, url } = await start({ limits: { maxInFlight: 1, startTimer: timers.startTimer } });
    const socket = connect(port, '127.0.0.1');
    socket.write(`${head({ headers: { ...forgedGitHub, 'content-length': '1000' } })}{`);
    await timers.until(1);
    socket.destroy();
    await timers.until(0);
    expect(await sendPush({ forge: 'github', url, secret: SECRET, ref: 'refs/heads/main', after: 'd'.repeat(40) })).toMatchObject({ status: 202 });
  });

  it('connections beyond the bound are closed at once', async () => {
    // the held ones end by the headers timeout: the server then counts them gone before their senders see the close
    const { port, url } = await start({ connections: { maxConnections: 3, headersTimeoutMs: 2000, requestTimeoutMs: 4000, checkIntervalMs: 20 } });
    const held = [0, 1, 2].map(() => send(port, head({ headers: { 'x-github-event': 'push' }, ends: false })));
    // the three are in the server's accept queue before the fourth knocks: the bound, not arrival luck, decides
    await Promise.all(sockets.slice(-3).map((s) => (s.connecting ? once(s, 'connect') : undefined)));
    expect(await raw(port, { method: 'GET', path: '/healthz' })).toEqual({ status: 0, text: '' });
    expect((await Promise.all(held)).map((a) => a.status)).toEqual([408, 408, 408]);
    expect(await sendPush({ forge: 'github', url, secret: SECRET, ref: 'refs/heads/main', after: 'e'.repeat(40) })).toMatchObject({ status: 202 });
  });
});

describe('150 slow connections cannot exhaust the process', () => {
  it('16 are read, 134 get 503 at once, the slow ones 408, memory stays bounded, and a signed delivery still gets in', async () => {
    const timers = manualTimers();
    const { port, url } = await start({ limits: { maxInFlight: 16, startTimer: timers.startTimer } });
    const used = () => { const m = process.memoryUsage(); return { heapAndBuffers: m.heapUsed + m.external, rss: m.rss }; };
    const before = used();
    // each sends 1 MiB of a declared 2 MiB body and then nothing: read in full, 150 of them would hold 150 MiB
    const part = Buffer.alloc(MiB, 0x20);
    const answers = Array.from({ length: 150 }, (_, i) => raw(port, { headers: { ...forgedGitHub, 'x-github-delivery': `d-${i}`, 'content-length': String(2 * MiB - 1) }, body: part }));
    let refused = 0;
    await new Promise<void>((resolve) => answers.forEach((a) => void a.then((r) => { if (r.status === 503 && ++refused === 134) resolve(); })));
    // a 503 means 16 reads were under way, each with its body timer
    expect(timers.pending()).toBe(16);
    const during = used();
    timers.fireAll();
    const all = await Promise.all(answers);
    expect(all.filter((a) => a.status === 408)).toHaveLength(16);
    expect(all.filter((a) => a.status === 503)).toHaveLength(134);
    const after = used();
    for (const m of [during, after]) {
      expect(m.heapAndBuffers - before.heapAndBuffers).toBeLessThan(50 * MiB);
      expect(m.rss - before.rss).toBeLessThan(100 * MiB);
    }
    expect(await sendPush({ forge: 'github', url, secret: SECRET, ref: 'refs/heads/main', after: 'a'.repeat(40) })).toMatchObject({ status: 202 });
  });
});

describe('a captured delivery cannot be replayed within the window', () => {
  const push = (after: string) => Buffer.from(JSON.stringify({ ref: 'refs/heads/main', before: '0'.repeat(40), after, repository: { default_branch: 'main' } }));
  const hmac = (body: Buffer) => createHmac('sha256', SECRET).update(body).digest('hex');
  const github = (body: Buffer, id: string) => ({ 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': id, 'x-hub-signature-256': `sha256=${hmac(body)}` });
  const gitea = (body: Buffer, id: string) => ({ 'content-type': 'application/json', 'x-gitea-event': 'push', 'x-gitea-delivery': id, 'x-gitea-signature': hmac(body) });
  const gitlab = (_: Buffer, id: string) => ({ 'content-type': 'application/json', 'x-gitlab-event': 'Push Hook', 'idempotency-key': id, 'x-gitlab-token': SECRET });

  it('the same delivery ID is refused within an hour and taken again after it (injected clock)', () => {
    let now = Date.parse('2026-12-04T10:00:00Z');
    const handle = createWebhookHandler(on, () => now);
    const body = push('b'.repeat(40));
    expect(handle('github', github(body, 'd-1'), body)).toMatchObject({ status: 202, trigger: true });
    now += 59 * 60 * 1000;
    expect(handle('github', github(body, 'd-1'), body)).toMatchObject({ status: 200, trigger: false, message: 'ignored: delivery d-1 was already received' });
    now += 2 * 60 * 60 * 1000;
    expect(handle('github', github(body, 'd-1'), body)).toMatchObject({ status: 202, trigger: true });
  });

  it.each([['github', github], ['gitea', gitea]] as const)('a captured %s delivery replayed under a fresh delivery ID is ignored: the signature binds the body, not the ID', (forge, headers) => {
    const handle = createWebhookHandler(on);
    const body = push('c'.repeat(40));
    expect(handle(forge, headers(body, 'original'), body)).toMatchObject({ status: 202, trigger: true });
    expect(handle(forge, headers(body, 'made-up'), body)).toMatchObject({ status: 200, trigger: false, message: 'ignored: this signed payload was already received under another delivery ID' });
  });

  it('GitLab pushes that repeat an earlier one byte for byte under a new ID still count (its token is no signature)', () => {
    const handle = createWebhookHandler(on);
    const body = push('d'.repeat(40));
    expect(handle('gitlab', gitlab(body, 'k-1'), body)).toMatchObject({ status: 202, trigger: true });
    expect(handle('gitlab', gitlab(body, 'k-2'), body)).toMatchObject({ status: 202, trigger: true });
    expect(handle('gitlab', gitlab(body, 'k-2'), body)).toMatchObject({ status: 200, trigger: false, message: 'ignored: delivery k-2 was already received' });
  });

  it('an unsigned delivery that squats a delivery ID does not block the real delivery with that ID', async () => {
    const { url } = await start();
    const body = push('e'.repeat(40));
    const squat = await fetch(`${url}/hooks/github`, { method: 'POST', headers: { ...github(body, 'd-squat'), 'x-hub-signature-256': `sha256=${'ab'.repeat(32)}` }, body });
    expect(squat.status).toBe(401);
    const real = await fetch(`${url}/hooks/github`, { method: 'POST', headers: github(body, 'd-squat'), body });
    expect(real.status).toBe(202);
  });
});
