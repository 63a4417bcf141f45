import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from '../api-error.js';
import type { ClusterApi } from '../types.js';
import { defaultDiscoveryDocs } from './discovery-docs.js';
import { serveDiscovery, type DiscoveryDocs } from './discovery-routes.js';
import { ClusterFaults, RequestCounters, type Verb } from './faults.js';
import { healthAnswer } from './health.js';
import { handleResource, verbOf } from './resources.js';
import { acceptable, injectedError, internalError, notFound, sendStatus } from './respond.js';
import { parseRoute, resolveTarget, type Route } from './routes.js';
import type { TlsMaterial } from './tls.js';

/** ClusterServerOptions configure the HTTPS listener of one simulated cluster. */
export interface ClusterServerOptions {
  api: ClusterApi;
  /** bearer token every request must carry */
  token: string;
  tls: Pick<TlsMaterial, 'certPem' | 'keyPem'>;
  /** 0 or absent: any free port */
  port?: number;
  /** discovery and OpenAPI document builders (default: src/sim/discovery.ts) */
  docs?: DiscoveryDocs;
  /** randomness of the error-rate and conflict faults (tests pass a fixed sequence) */
  random?: () => number;
  /** how the latency fault waits (default: a timer); tests pass one they control, so no test waits on the clock */
  delay?: (ms: number) => Promise<unknown>;
}

/** ClusterServer is a running listener: its address, fault switchboard and request counters. */
export interface ClusterServer {
  readonly port: number;
  readonly url: string;
  readonly faults: ClusterFaults;
  readonly counters: RequestCounters;
  /** stop closes the listener for good and cuts open connections (watches included) */
  stop(): Promise<void>;
}

const WRITE_VERBS: ReadonlySet<Verb> = new Set(['create', 'update', 'patch', 'delete']);

interface Context {
  api: ClusterApi;
  docs: DiscoveryDocs;
  tokenDigest: Buffer;
  faults: ClusterFaults;
  counters: RequestCounters;
  address: () => string;
  delay: (ms: number) => Promise<unknown>;
}

/** startClusterServer listens on 127.0.0.1 with TLS and serves the Kubernetes API of `api`. */
export async function startClusterServer(opts: ClusterServerOptions): Promise<ClusterServer> {
  const sockets = new Set<Socket>();
  let port = opts.port ?? 0;
  // the handler reads ctx only once the server listens, after ctx is built below
  const server = createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, (req, res) => {
    void handle(ctx, req, res);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  // the API server keeps an idle connection 90 s (k8s.io/apiserver SecureServingInfo.Serve); node's 5 s default
  // would make every client that calls less often than that pay a TLS handshake each time
  server.keepAliveTimeout = 90_000;
  // a client vanishing mid-handshake must not crash the process
  server.on('tlsClientError', () => undefined);
  const listen = (): Promise<void> => listenOn(server, port).then((p) => void (port = p));
  const close = (): Promise<void> => closeServer(server, sockets);
  const ctx: Context = {
    api: opts.api,
    docs: opts.docs ?? defaultDiscoveryDocs,
    tokenDigest: digest(opts.token),
    faults: new ClusterFaults({ close, open: listen }, opts.random),
    counters: new RequestCounters(),
    address: () => `127.0.0.1:${port}`,
    delay: opts.delay ?? sleep,
  };
  await listen();
  return {
    get port() { return port; },
    get url() { return `https://127.0.0.1:${port}`; },
    faults: ctx.faults,
    counters: ctx.counters,
    stop: close,
  };
}

function listenOn(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
  });
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** authorized compares the bearer token in constant time (digests, so lengths never leak either). */
function authorized(ctx: Context, req: IncomingMessage): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return !!m?.[1] && timingSafeEqual(digest(m[1].trim()), ctx.tokenDigest);
}

async function handle(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const latency = ctx.faults.latency();
    if (latency > 0) await ctx.delay(latency);
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const route = parseRoute(url.pathname);
    if (route.type === 'health') {
      const answer = healthAnswer(url.pathname.split('/').find((p) => p !== '') ?? '', ctx.faults.settings.health);
      res.writeHead(answer.code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }).end(answer.body);
      return;
    }
    if (!authorized(ctx, req)) throw new ApiError(401, 'Unauthorized', 'Unauthorized');
    if (route.type === 'unknown') throw notFound();
    if (!acceptable(req.headers.accept)) {
      throw new ApiError(406, 'NotAcceptable', 'only the following media types are accepted: application/json, application/yaml');
    }
    if (route.type === 'resource') await serveResource(ctx, req, res, url, route);
    else {
      ctx.counters.count('discovery');
      const fault = ctx.faults.decide({ write: false });
      if (fault) throw injectedError(fault.code, fault.retryAfterSeconds);
      serveDiscovery(ctx.docs, ctx.api, req, res, route, ctx.address());
    }
  } catch (err) {
    sendError(req, res, err);
  }
}

async function serveResource(ctx: Context, req: IncomingMessage, res: ServerResponse, url: URL, route: Extract<Route, { type: 'resource' }>): Promise<void> {
  const target = resolveTarget(ctx.api, route.group, route.version, route.segments);
  if (!target) throw notFound();
  const verb = verbOf(req.method ?? '', target, url.searchParams);
  if (!verb) throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  ctx.counters.count(verb, url.searchParams.has('dryRun'), req.headers['user-agent']);
  const fault = ctx.faults.decide({ verb, resource: target.rt.plural, write: WRITE_VERBS.has(verb) });
  if (fault) {
    const objectName = target.name ?? '';
    throw injectedError(fault.code, fault.retryAfterSeconds, { name: objectName, group: target.rt.group, kind: target.rt.plural });
  }
  await handleResource({ api: ctx.api, req, res, query: url.searchParams, target }, verb);
}

/** sendError answers any failure as a Status: ApiError as it is, a stray SyntaxError as 400, anything else as 500. */
function sendError(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  try {
    const apiErr = err instanceof ApiError ? err : err instanceof SyntaxError ? new ApiError(400, 'BadRequest', err.message) : internalError(err);
    const retry = apiErr.details?.retryAfterSeconds;
    sendStatus(req, res, apiErr, retry === undefined ? {} : { 'Retry-After': String(retry) });
  } catch {
    // the socket is gone; nothing left to tell the client
    res.destroy();
  }
}
