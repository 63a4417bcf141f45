import {
  isJson, page, readJsonBody, text, type Reply, type StandinRepo, type StandinRequest, type StandinState, type StandinStatus, type StandinToken,
} from './forge-server-state.js';

const SWAGGER = 'https://gitea.example/api/swagger';
const fail = (status: number, message: string): Reply => ({ status, body: { message, url: SWAGGER } });
const notFound: Reply = { status: 404, body: { message: 'not found', url: SWAGGER, errors: null } };

/** giteaPersonality answers Gitea's / Forgejo's commit status endpoints (mounted at `/api/v1`). */
export function giteaPersonality(req: StandinRequest, st: StandinState): Reply {
  if (req.method === 'GET' && req.path === '/version') return { status: 200, body: { version: st.gitea.version } };
  const presented = credential(req, st);
  const token = st.token('gitea', presented);
  if (presented !== undefined && !token) return fail(401, 'invalid username, password or token');
  if (presented === undefined && req.method !== 'GET') return fail(401, 'token is required');
  const m = /^\/repos\/([^/]+)\/([^/]+)\/(statuses\/([^/]+)|commits\/(.+)\/(statuses|status)|git\/commits\/([^/]+))$/.exec(req.path);
  if (!m?.[1] || !m[2]) return notFound;
  const repo = st.repo('gitea', `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`, token);
  if (!repo || !token) return notFound;
  if (req.method === 'GET' && m[7]) {
    const sha = expand(repo, decodeURIComponent(m[7]));
    return sha ? { status: 200, body: { sha, url: '', created: '2026-09-01T10:00:00Z' } } : notFound;
  }
  if (req.method === 'POST' && m[4]) return createStatus(req, st, repo, token, decodeURIComponent(m[4]));
  if (req.method !== 'GET') return notFound;
  const sha = expand(repo, decodeURIComponent(m[4] ?? m[5] ?? ''));
  if (!sha) return notFound;
  return m[6] === 'status' ? combined(req, st, repo, sha) : list(req, st, repo, sha);
}

/** credential reads `token|bearer T` (exactly two fields), Basic with the token as user or password, or a query token. */
function credential(req: StandinRequest, st: StandinState): string | undefined {
  const header = req.headers.authorization?.trim();
  if (header) {
    const parts = header.split(/\s+/);
    if (parts.length !== 2) return '';
    const [scheme = '', value = ''] = parts;
    if (/^(token|bearer)$/i.test(scheme)) return value;
    if (/^basic$/i.test(scheme)) {
      const [user = '', pass = ''] = Buffer.from(value, 'base64').toString().split(':');
      return st.token('gitea', user) ? user : pass;
    }
    return '';
  }
  if (st.gitea.disableQueryToken) return undefined;
  return req.query.get('token') ?? req.query.get('access_token') ?? undefined;
}

/** expand resolves a branch, a full SHA or an unambiguous abbreviation. */
function expand(repo: StandinRepo, ref: string): string | undefined {
  if (repo.branches[ref]) return repo.branches[ref];
  const found = ref.length >= 4 ? repo.commits.filter((c) => c.startsWith(ref)) : [];
  return found.length === 1 ? found[0] : undefined;
}

function validStates(st: StandinState): string[] {
  const [major = 0, minor = 0] = st.gitea.version.split('.').map(Number);
  const base = ['pending', 'success', 'error', 'failure', 'warning'];
  return major > 1 || minor >= 25 ? [...base, 'skipped'] : base;
}

function createStatus(req: StandinRequest, st: StandinState, repo: StandinRepo, token: StandinToken, ref: string): Reply {
  if (!token.write) return fail(403, 'token does not have at least one of required scope(s), required=[write:repository], token scope=[read:repository]');
  const body = isJson(req.headers) ? readJsonBody(req.body) : undefined;
  if (!body) return { status: 422, body: { message: '[]: Unsupported content type or bad JSON', url: SWAGGER } };
  const state = text(body.state).trim();
  if (!st.gitea.lenient && !validStates(st).includes(state)) return { status: 422, body: { message: '[State]: invalid', url: SWAGGER } };
  if (st.gitea.lenient && state.length > 7) return fail(500, '');
  const sha = expand(repo, ref);
  // real Gitea maps a failed GetCommit to a 500 with the message hidden from non-admins
  if (!sha || !repo.commits.includes(sha)) return fail(500, '');
  const at = st.now();
  const index = st.statuses.filter((s) => s.forge === 'gitea' && s.repo === repo.path && s.sha === sha).length + 1;
  const status: StandinStatus = {
    id: index, forge: 'gitea', repo: repo.path, sha, context: text(body.context).trim(), state, description: text(body.description).trim(),
    targetUrl: text(body.target_url).trim(), creator: token, createdAt: at, updatedAt: at,
  };
  st.statuses.push(status);
  st.record(status);
  return { status: 201, body: entity(status) };
}

function entity(s: StandinStatus): Record<string, unknown> {
  return {
    id: s.id, status: s.state, target_url: s.targetUrl, description: s.description, url: `https://gitea.example/api/v1/repos/${s.repo}/statuses/${s.sha}`,
    context: s.context, creator: { id: s.creator.userId, login: s.creator.login }, created_at: s.createdAt, updated_at: s.updatedAt,
  };
}

function newestFirst(st: StandinState, repo: StandinRepo, sha: string): StandinStatus[] {
  return st.statuses.filter((s) => s.forge === 'gitea' && s.repo === repo.path && s.sha === sha).reverse();
}

/** combine follows v1.25: failure if any error or failure, success if all success, warning or skipped, else pending; older: worst wins. */
function combine(st: StandinState, states: string[]): string {
  if (states.length === 0) return '';
  if (states.some((s) => s === 'error' || s === 'failure')) return 'failure';
  if (validStates(st).includes('skipped')) return states.every((s) => ['success', 'warning', 'skipped'].includes(s)) ? 'success' : 'pending';
  return states.includes('pending') ? 'pending' : states.includes('warning') ? 'warning' : 'success';
}

function combined(req: StandinRequest, st: StandinState, repo: StandinRepo, sha: string): Reply {
  const latest = new Map<string, StandinStatus>();
  for (const s of newestFirst(st, repo, sha)) if (!latest.has(s.context)) latest.set(s.context, s);
  const all = [...latest.values()];
  const p = page(all, req.query, 'limit', 30, 50);
  return {
    status: 200,
    body: { state: combine(st, all.map((s) => s.state)), sha, total_count: all.length, statuses: all.length ? p.items.map(entity) : null, repository: { full_name: repo.path }, commit_url: '', url: '' },
  };
}

function list(req: StandinRequest, st: StandinState, repo: StandinRepo, sha: string): Reply {
  const all = newestFirst(st, repo, sha);
  const p = page(all, req.query, 'limit', 30, 50);
  return { status: 200, body: p.items.map(entity), headers: { 'x-total-count': String(all.length) } };
}
