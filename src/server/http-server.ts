import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListenAddress } from './listen-address.js';
import type { Metrics } from './metrics.js';
import type { WebhookAnswer } from './webhook-handler.js';
import { createIntake, declaredTooLarge, DEFAULT_INTAKE_LIMITS, IntakeRefusal, type IntakeLimits } from './webhook-intake.js';
import type { Forge } from './webhook-signature.js';

const FORGES = new Set<string>(['github', 'gitlab', 'gitea']);

/** ServerDeps are what the endpoints answer from. */
export interface ServerDeps {
  metrics: Metrics;
  /** ready once a first cycle finished and until shutdown begins */
  ready(): boolean;
  webhook(forge: Forge, headers: IncomingHttpHeaders, body: Buffer): WebhookAnswer;
  /** the answer from headers alone (no signature, webhooks off...), before any body byte is read */
  screen?(forge: Forge, headers: IncomingHttpHeaders): WebhookAnswer | undefined;
  /** bounds on reading unverified bodies (defaults: DEFAULT_INTAKE_LIMITS) */
  limits?: Partial<IntakeLimits>;
}

/** RunningServer is the listening HTTP server. */
export interface RunningServer {
  readonly address: ListenAddress;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

/** refuse answers without reading (the rest of) the body and closes the connection, so its bytes are never taken in. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close', ...(status === 503 ? { 'retry-after': '1' } : {}) });
  res.end(`${message}\n`, () => req.destroy());
}

type Read = (req: IncomingMessage) => Promise<Buffer>;

async function route(req: IncomingMessage, res: ServerResponse, deps: ServerDeps, limits: IntakeLimits, read: Read): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const hook = /^\/hooks\/([a-z]+)$/.exec(path)?.[1];
  if (req.method === 'GET' && path === '/healthz') return send(res, 200, 'ok\n');
  if (req.method === 'GET' && path === '/readyz') return deps.ready() ? send(res, 200, 'ready\n') : send(res, 503, 'not ready\n');
  if (req.method === 'GET' && path === '/metrics') return send(res, 200, await deps.metrics.registry.metrics(), deps.metrics.registry.contentType);
  if (hook === undefined || !FORGES.has(hook)) return send(res, 404, 'not found\n');
  if (req.method !== 'POST') return send(res, 405, 'use POST\n');
  const forge = hook as Forge;
  const early = declaredTooLarge(req, limits) ?? deps.screen?.(forge, req.headers);
  if (early) {
    deps.metrics.recordWebhook(forge, early.status);
    return refuse(req, res, early.status, early.message);
  }
  // the signature covers the raw bytes, so nothing may parse the body before it is verified
  const body = await read(req).catch((err: unknown) => {
    if (!(err instanceof IntakeRefusal)) throw err;
    deps.metrics.recordWebhook(forge, err.status);
    refuse(req, res, err.status, err.message);
    return undefined;
  });
  if (body === undefined) return;
  const answer = deps.webhook(forge, req.headers, body);
  deps.metrics.recordWebhook(forge, answer.status);
  send(res, answer.status, `${answer.message}\n`);
}

/** startServer serves /healthz, /readyz, /metrics and POST /hooks/{github,gitlab,gitea}. */
export async function startServer(at: ListenAddress, deps: ServerDeps): Promise<RunningServer> {
  const limits = { ...DEFAULT_INTAKE_LIMITS, ...deps.limits };
  const read = createIntake(limits);
  const server = createServer((req, res) => {
    route(req, res, deps, limits, read).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, `${(err as Error).message}\n`);
      else res.destroy();
    });
  });
  // slow headers are cut off by Node itself; a slow body by the intake's own timer
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  return {
    address: { host: bound.address, port: bound.port },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
