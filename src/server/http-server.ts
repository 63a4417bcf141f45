import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListenAddress } from './listen-address.js';
import type { Metrics } from './metrics.js';
import type { WebhookAnswer } from './webhook-handler.js';
import type { Forge } from './webhook-signature.js';

/** MAX_BODY is GitHub's own cap on webhook payloads. */
const MAX_BODY = 25 * 1024 * 1024;
const FORGES = new Set<string>(['github', 'gitlab', 'gitea']);

/** ServerDeps are what the endpoints answer from. */
export interface ServerDeps {
  metrics: Metrics;
  /** ready once a first cycle finished and until shutdown begins */
  ready(): boolean;
  webhook(forge: Forge, headers: IncomingHttpHeaders, body: Buffer): WebhookAnswer;
}

/** RunningServer is the listening HTTP server. */
export interface RunningServer {
  readonly address: ListenAddress;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BodyTooLarge('payload too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

async function route(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const hook = /^\/hooks\/([a-z]+)$/.exec(path)?.[1];
  if (req.method === 'GET' && path === '/healthz') return send(res, 200, 'ok\n');
  if (req.method === 'GET' && path === '/readyz') return deps.ready() ? send(res, 200, 'ready\n') : send(res, 503, 'not ready\n');
  if (req.method === 'GET' && path === '/metrics') return send(res, 200, await deps.metrics.registry.metrics(), deps.metrics.registry.contentType);
  if (hook === undefined || !FORGES.has(hook)) return send(res, 404, 'not found\n');
  if (req.method !== 'POST') return send(res, 405, 'use POST\n');
  const forge = hook as Forge;
  // the signature covers the raw bytes, so nothing may parse the body before it is verified
  const body = await readBody(req);
  const answer = deps.webhook(forge, req.headers, body);
  deps.metrics.recordWebhook(forge, answer.status);
  send(res, answer.status, `${answer.message}\n`);
}

/** startServer serves /healthz, /readyz, /metrics and POST /hooks/{github,gitlab,gitea}. */
export async function startServer(at: ListenAddress, deps: ServerDeps): Promise<RunningServer> {
  const server = createServer((req, res) => {
    route(req, res, deps).catch((err: unknown) => {
      if (!res.headersSent) send(res, err instanceof BodyTooLarge ? 413 : 500, `${(err as Error).message}\n`);
      else res.destroy();
    });
  });
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
