import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { giteaPersonality } from './forge-server-gitea.js';
import { githubPersonality } from './forge-server-github.js';
import { gitlabPersonality } from './forge-server-gitlab.js';
import {
  StandinState, type Reply, type StandinFault, type StandinForge, type StandinRequest, type StandinSeed, type StandinWrite,
} from './forge-server-state.js';

export type { StandinFault, StandinForge, StandinRepo, StandinRequest, StandinSeed, StandinToken, StandinWrite } from './forge-server-state.js';

/** ForgeServer is the stand-in forge of forge-apis.md §6: GitHub at `/` and `/api/v3`, GitLab at `/api/v4`, Gitea at `/api/v1`. */
export interface ForgeServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  state: StandinState;
  seed(seed: StandinSeed): void;
  /** fail answers the next `times` matching requests with the fault (a 500, a 429 with Retry-After, a dropped connection) */
  fail(fault: StandinFault): void;
  /** history lists every accepted write for a context, oldest first */
  history(forge: StandinForge, repo: string, sha: string, context?: string): StandinWrite[];
  /** requests lists the recorded requests to one personality */
  requests(forge?: StandinForge | 'control'): StandinRequest[];
  close(): Promise<void>;
}

const MOUNTS: [string, StandinForge][] = [['/api/v4', 'gitlab'], ['/api/v1', 'gitea'], ['/api/v3', 'github'], ['', 'github']];
const PERSONALITIES: Record<StandinForge, (req: StandinRequest, st: StandinState) => Reply> = {
  github: githubPersonality, gitlab: gitlabPersonality, gitea: giteaPersonality,
};

/** startForgeServer listens on a free loopback port with the given seed. */
export async function startForgeServer(seed: StandinSeed = {}): Promise<ForgeServer> {
  const state = new StandinState();
  state.seed(seed);
  const server = createServer((req, res) => {
    readBody(req).then((body) => handle(state, req, res, body)).catch((err: unknown) => send(res, { status: 500, body: { message: String(err) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    seed: (s) => state.seed(s),
    fail: (fault) => void state.faults.push({ ...fault }),
    history: (forge, repo, sha, context) => state.writes.filter((w) => w.forge === forge && w.repo === repo && w.sha === sha && (context === undefined || w.context === context)),
    requests: (forge) => state.requests.filter((r) => forge === undefined || r.forge === forge),
    close: () => closeServer(server),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function handle(state: StandinState, req: IncomingMessage, res: ServerResponse, body: string): void {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const fullPath = q >= 0 ? raw.slice(0, q) : raw;
  const query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  const method = req.method ?? 'GET';
  if (fullPath.startsWith('/__standin/')) {
    state.requests.push({ forge: 'control', mount: '/__standin', method, path: fullPath, query, headers: req.headers, body });
    return send(res, control(state, method, fullPath.slice('/__standin'.length), body));
  }
  const [mount, forge] = MOUNTS.find(([m]) => m === '' || fullPath === m || fullPath.startsWith(`${m}/`)) ?? ['', 'github'];
  const path = fullPath.slice(mount.length) || '/';
  const request: StandinRequest = { forge, mount, method, path, query, headers: req.headers, body };
  state.requests.push(request);
  const fault = state.takeFault(forge, method, path);
  if (fault?.reset) return void req.socket.destroy();
  if (fault) return send(res, { status: fault.status ?? 500, headers: fault.headers, ...(typeof fault.body === 'string' ? { text: fault.body } : { body: fault.body ?? { message: 'injected fault' } }) });
  send(res, PERSONALITIES[forge](request, state));
}

/** control is the test-only API of §6.1, for tests that drive the stand-in over HTTP rather than in-process. */
function control(state: StandinState, method: string, path: string, body: string): Reply {
  const json = (): unknown => (body === '' ? {} : JSON.parse(body));
  if (method === 'POST' && (path === '/reset' || path === '/seed')) {
    state.seed(path === '/seed' ? (json() as StandinSeed) : {});
    return { status: 204 };
  }
  if (method === 'POST' && path === '/faults') {
    state.faults.push(json() as StandinFault);
    return { status: 204 };
  }
  if (method === 'GET' && path === '/state') {
    const statuses = state.statuses.map(({ creator, ...s }) => ({ ...s, creator: creator.login }));
    return { status: 200, body: { repos: state.repos, statuses, writes: state.writes, faults: state.faults } };
  }
  if (method === 'GET' && path === '/requests') {
    return { status: 200, body: state.requests.map((r) => ({ forge: r.forge, method: r.method, path: r.path, query: r.query.toString(), headers: r.headers, body: r.body })) };
  }
  return { status: 404, body: { message: 'unknown control route' } };
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (reply.text !== undefined) {
    payload = reply.text;
    headers['content-type'] ??= 'text/plain';
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}
