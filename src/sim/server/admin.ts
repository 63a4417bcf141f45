import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ClusterFaults, CounterSnapshot, FaultSettings, RequestCounters } from './faults.js';
import { readBody } from './respond.js';

/** AdminCluster is what the admin endpoint can see and change of one cluster (never its token). */
export interface AdminCluster {
  name: string;
  url: string;
  faults: ClusterFaults;
  counters: RequestCounters;
}

/** AdminServer is the running plain-HTTP admin endpoint. */
export interface AdminServer {
  url: string;
  stop(): Promise<void>;
}

interface ClusterView {
  name: string;
  url: string;
  faults: FaultSettings;
  counters: CounterSnapshot;
}

function view(c: AdminCluster): ClusterView {
  return { name: c.name, url: c.url, faults: c.faults.settings, counters: c.counters.snapshot() };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
}

/**
 * startAdminServer serves fault and counter control over plain HTTP, on 127.0.0.1 unless told otherwise (it has no
 * authentication: anyone who reaches it can stop a cluster):
 * `GET /clusters`, `GET /clusters/<name>`, `PATCH /clusters/<name>/faults` (JSON FaultSettings, partial),
 * `POST /clusters/<name>/faults/reset`, `POST /clusters/<name>/counters/reset`.
 */
export function startAdminServer(clusters: () => AdminCluster[], port = 0, host = '127.0.0.1'): Promise<AdminServer> {
  const server: Server = createServer((req, res) => {
    route(clusters(), req, res).catch((err: unknown) => send(res, 400, { error: err instanceof Error ? err.message : String(err) }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}`,
        stop: () => new Promise((ok) => { server.close(() => ok()); server.closeAllConnections(); }),
      });
    });
  });
}

async function route(all: AdminCluster[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parts = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.split('/').filter((p) => p !== '');
  if (parts[0] !== 'clusters') return send(res, 404, { error: 'not found' });
  if (parts.length === 1) return send(res, 200, all.map(view));
  const cluster = all.find((c) => c.name === parts[1]);
  if (!cluster) return send(res, 404, { error: `cluster ${parts[1] ?? ''} not found` });
  const action = parts.slice(2).join('/');
  const method = req.method ?? 'GET';
  if (action === '' && method === 'GET') return send(res, 200, view(cluster));
  if (action === 'faults' && (method === 'PATCH' || method === 'PUT' || method === 'POST')) {
    const change = JSON.parse((await readBody(req)) || '{}') as Partial<FaultSettings>;
    await cluster.faults.set(change);
    return send(res, 200, view(cluster));
  }
  if (action === 'faults/reset' && method === 'POST') {
    await cluster.faults.reset();
    return send(res, 200, view(cluster));
  }
  if (action === 'counters/reset' && method === 'POST') {
    cluster.counters.reset();
    return send(res, 200, view(cluster));
  }
  send(res, 404, { error: 'not found' });
}
