import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDashboardPath, loadDashboardFiles, serveDashboard, type DashboardFiles, type DashboardPort } from './dashboard-routes.js';
import type { ListenAddress } from './listen-address.js';
import type { Metrics } from './metrics.js';
import type { WebhookAnswer } from './webhook-handler.js';
import { createIntake, declaredTooLarge, DEFAULT_INTAKE_LIMITS, type IntakeLimits, type IntakeResult } from './webhook-intake.js';
import type { Forge } from './webhook-signature.js';

const FORGES = new Set<string>(['github', 'gitlab', 'gitea']);

/** ConnectionLimits bound what a connection costs before any request on it is known, enforced by Node's http server. */
export interface ConnectionLimits {
  /** the request line and headers must arrive within this, else 408 and the connection is closed */
  headersTimeoutMs: number;
  /** the whole request must arrive within this */
  requestTimeoutMs: number;
  /** how often Node checks the two timeouts above: they are enforced late by up to this much */
  checkIntervalMs: number;
  /** open connections at most; further ones are closed at once */
  maxConnections: number;
}

/** DEFAULT_CONNECTION_LIMITS: headers in 10 s, the request in 30 s, checked every second, 1,024 connections. */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, checkIntervalMs: 1_000, maxConnections: 1024 };

/** ServerDeps are what the endpoints answer from. */
export interface ServerDeps {
  metrics: Metrics;
  /** ready once a first cycle finished and until shutdown begins */
  ready(): boolean;
  webhook(forge: Forge, headers: IncomingHttpHeaders, body: Buffer): WebhookAnswer;
  /** the answer from headers alone (no signature, webhooks off...), before any body byte is read */
  screen(forge: Forge, headers: IncomingHttpHeaders): WebhookAnswer | undefined;
  /** bounds on reading unverified bodies (defaults: DEFAULT_INTAKE_LIMITS) */
  limits?: Partial<IntakeLimits>;
  /** bounds on connections (defaults: DEFAULT_CONNECTION_LIMITS) */
  connections?: Partial<ConnectionLimits>;
  /** the dashboard's read model: with it, `/` serves the page and `/api/*` its data */
  dashboard?: DashboardPort;
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

/**
 * refuse answers without reading (the rest of) the body and closes the connection: Node would otherwise keep it
 * open, with no timeout, to drain a body that may never end.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  const text = `${message}\n`;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), connection: 'close',
    ...(status === 503 ? { 'retry-after': '1' } : {}),
  });
  res.end(text, () => req.destroy());
}

type Read = (req: IncomingMessage, forge: Forge) => Promise<IntakeResult>;

async function hook(req: IncomingMessage, res: ServerResponse, forge: Forge, deps: ServerDeps, limits: IntakeLimits, read: Read): Promise<void> {
  const early = declaredTooLarge(req, forge, limits) ?? deps.screen(forge, req.headers);
  if (early) {
    deps.metrics.recordWebhook(forge, early.status);
    return refuse(req, res, early.status, early.message);
  }
  // the signature covers the raw bytes, so nothing may parse the body before it is verified
  const got = await read(req, forge);
  if (got.refused) {
    deps.metrics.recordWebhook(forge, got.status);
    return refuse(req, res, got.status, got.message);
  }
  const answer = deps.webhook(forge, req.headers, got.body);
  deps.metrics.recordWebhook(forge, answer.status);
  send(res, answer.status, `${answer.message}\n`);
}

async function route(req: IncomingMessage, res: ServerResponse, deps: ServerDeps, limits: IntakeLimits, read: Read, files?: DashboardFiles): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (deps.dashboard && files && isDashboardPath(path)) return serveDashboard(req, res, url, deps.dashboard, files);
  const forge = /^\/hooks\/([a-z]+)$/.exec(path)?.[1];
  if (req.method === 'GET' && path === '/healthz') return send(res, 200, 'ok\n');
  if (req.method === 'GET' && path === '/readyz') return deps.ready() ? send(res, 200, 'ready\n') : send(res, 503, 'not ready\n');
  if (req.method === 'GET' && path === '/metrics') return send(res, 200, await deps.metrics.registry.metrics(), deps.metrics.registry.contentType);
  if (forge === undefined || !FORGES.has(forge)) return refuse(req, res, 404, 'not found');
  if (req.method !== 'POST') return refuse(req, res, 405, 'use POST');
  return hook(req, res, forge as Forge, deps, limits, read);
}

/** startServer serves /healthz, /readyz, /metrics, POST /hooks/{github,gitlab,gitea} and, when given its read model, the dashboard. */
export async function startServer(at: ListenAddress, deps: ServerDeps): Promise<RunningServer> {
  const limits: IntakeLimits = { ...DEFAULT_INTAKE_LIMITS, ...deps.limits };
  const conn = { ...DEFAULT_CONNECTION_LIMITS, ...deps.connections };
  const read = createIntake(limits);
  const files = deps.dashboard ? await loadDashboardFiles() : undefined;
  // slow headers and whole requests are cut off by Node itself; a slow body by the intake's own timer
  const server = createServer({ headersTimeout: conn.headersTimeoutMs, requestTimeout: conn.requestTimeoutMs, connectionsCheckingInterval: conn.checkIntervalMs }, (req, res) => {
    route(req, res, deps, limits, read, files).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, `${(err as Error).message}\n`);
      else res.destroy();
    });
  });
  server.maxConnections = conn.maxConnections;
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
