/**
 * The dashboard's routes: the page (one HTML, one script, one stylesheet from web/dashboard, read once at start and
 * served by gitfed itself: nothing is loaded from elsewhere, which the Content-Security-Policy enforces), its JSON
 * (`/api/dashboard`, `/api/object`) and its event stream (`/api/events`, server-sent events). Read-only: GET only.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { DashboardQuery } from '../model/dashboard-query.js';

/** DashboardChange is what the stream needs of an event: its number, its type and the member it concerns. */
export interface DashboardChange {
  version: number;
  type: string;
  cluster?: string;
}

/** DashboardPort is the read model the routes answer from (the reconciler's dashboard state). */
export interface DashboardPort {
  page(query: DashboardQuery): unknown;
  /** undefined: no such template (404) */
  object(key: string): unknown;
  subscribe(fn: (e: DashboardChange) => void): () => void;
}

/** DashboardFiles are the page's three files, by path. */
export type DashboardFiles = ReadonlyMap<string, { body: Buffer; type: string }>;

/** DASHBOARD_DIR is web/dashboard in the repository, found from this module (src/server or dist/server). */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../web/dashboard/', import.meta.url));

const FILES: readonly [string, string, string][] = [
  ['/', 'index.html', 'text/html; charset=utf-8'],
  ['/dashboard.js', 'dashboard.js', 'text/javascript; charset=utf-8'],
  ['/dashboard.css', 'dashboard.css', 'text/css; charset=utf-8'],
];

/** the page may load only from gitfed itself, and may not be framed */
const SECURITY = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const HEARTBEAT_MS = 15_000;
const MAX_CLUSTERS_PER_CHANGE = 50;

/** loadDashboardFiles reads the page's files once. */
export async function loadDashboardFiles(dir = DASHBOARD_DIR): Promise<DashboardFiles> {
  const entries = await Promise.all(FILES.map(async ([path, file, type]) => [path, { body: await readFile(`${dir}${file}`), type }] as const));
  return new Map(entries);
}

/** isDashboardPath tells the paths these routes own. */
export function isDashboardPath(path: string): boolean {
  return path === '/' || path === '/index.html' || path === '/dashboard.js' || path === '/dashboard.css' || path.startsWith('/api/');
}

/** serveDashboard answers one request on a dashboard path. */
export function serveDashboard(req: IncomingMessage, res: ServerResponse, url: URL, port: DashboardPort, files: DashboardFiles): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'read-only: use GET', { allow: 'GET, HEAD' });
  const path = url.pathname === '/index.html' ? '/' : url.pathname;
  const file = files.get(path);
  if (file) {
    res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, 'cache-control': 'no-cache', ...SECURITY });
    return void res.end(req.method === 'HEAD' ? undefined : file.body);
  }
  if (path === '/api/dashboard') return json(res, port.page(queryOf(url.searchParams)));
  if (path === '/api/object') {
    const detail = port.object(url.searchParams.get('key') ?? '');
    return detail === undefined ? plain(res, 404, 'no such resource in the current plan') : json(res, detail);
  }
  if (path === '/api/events') return stream(res, port);
  return plain(res, 404, 'not found');
}

/** queryOf reads a page query; what is missing or not a number takes the default (the view clamps the rest). */
export function queryOf(p: URLSearchParams): DashboardQuery {
  const num = (name: string, fallback: number): number => {
    const v = Number.parseInt(p.get(name) ?? '', 10);
    return Number.isFinite(v) ? v : fallback;
  };
  const only = p.get('only');
  return {
    rowOffset: num('rowOffset', 0), rowLimit: num('rowLimit', 50), clusterOffset: num('clusterOffset', 0), clusterLimit: num('clusterLimit', 20),
    ...(p.get('resource') ? { resource: p.get('resource') as string } : {}),
    ...(p.get('cluster') ? { cluster: p.get('cluster') as string } : {}),
    ...(only === 'drifted' || only === 'not-ready' ? { only } : {}),
  };
}

function json(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...SECURITY });
  res.end(text);
}

function plain(res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...extra });
  res.end(`${message}\n`);
}

/**
 * stream sends one `change` event per turn of the event loop at most: the changes of a busy moment (hundreds of
 * passes ending together) go out as one, naming the members concerned (up to a bound), so the page fetches once.
 */
function stream(res: ServerResponse, port: DashboardPort): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', ...SECURITY });
  res.write('retry: 2000\n\n');
  let pending: DashboardChange[] = [];
  const flush = (): void => {
    const batch = pending;
    pending = [];
    if (res.destroyed || res.writableEnded) return;
    const clusters = [...new Set(batch.flatMap((e) => (e.cluster ? [e.cluster] : [])))];
    const body = { version: Math.max(...batch.map((e) => e.version)), types: [...new Set(batch.map((e) => e.type))], clusters: clusters.slice(0, MAX_CLUSTERS_PER_CHANGE), more: clusters.length > MAX_CLUSTERS_PER_CHANGE };
    res.write(`event: change\ndata: ${JSON.stringify(body)}\n\n`);
  };
  const unsubscribe = port.subscribe((e) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(e);
  });
  // a comment now and then keeps proxies from closing an idle stream
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  // the response closes when the browser goes away (the request may count as complete long before)
  res.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
