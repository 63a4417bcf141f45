import {
  isJson, page, readJsonBody, text, type Reply, type StandinRepo, type StandinRequest, type StandinState, type StandinStatus, type StandinToken,
} from './forge-server-state.js';

const DOCS = 'https://docs.github.com/rest';
const STATES = new Set(['error', 'failure', 'pending', 'success']);

const fail = (status: number, message: string, extra: Record<string, unknown> = {}): Reply => ({ status, body: { message, documentation_url: DOCS, status: String(status), ...extra } });
const invalid = (field: string, message: string): Reply => fail(422, 'Validation Failed', { errors: [{ resource: 'Status', code: 'custom', field, message }] });

/** githubPersonality answers GitHub's statuses endpoints (mounted at `/` and `/api/v3`), with rate-limit headers on every answer. */
export function githubPersonality(req: StandinRequest, st: StandinState): Reply {
  const auth = /^(token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[2];
  const reply = route(req, st, auth);
  const used = (st.rateUsed.get(auth ?? '') ?? 0) + 1;
  st.rateUsed.set(auth ?? '', used);
  const rate = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': String(Math.max(0, 5000 - used)), 'x-ratelimit-used': String(used),
    'x-ratelimit-reset': String(Math.floor(Date.UTC(2026, 8, 1, 11) / 1000)), 'x-ratelimit-resource': 'core' };
  return { ...reply, headers: { ...rate, ...reply.headers } };
}

function route(req: StandinRequest, st: StandinState, auth: string | undefined): Reply {
  if (!req.headers['user-agent']) return fail(403, 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header');
  if (req.query.has('access_token')) return fail(401, 'Bad credentials');
  const token = st.token('github', auth);
  if (auth !== undefined && !token) return fail(401, 'Bad credentials');
  const m = /^\/repos\/([^/]+)\/([^/]+)\/(statuses|commits)\/(.+?)(\/status|\/statuses)?$/.exec(req.path);
  if (!m?.[1] || !m[2] || !m[4]) return fail(404, 'Not Found');
  const repo = st.repo('github', `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`, token);
  if (!repo || !token) return fail(404, 'Not Found');
  const ref = decodeURIComponent(m[4]);
  if (req.method === 'POST' && m[3] === 'statuses' && !m[5]) return createStatus(req, st, repo, token, ref);
  if (req.method !== 'GET') return fail(404, 'Not Found');
  if (m[3] === 'commits' && m[5] === '/status') return combined(req, st, repo, ref);
  if ((m[3] === 'commits' && m[5] === '/statuses') || (m[3] === 'statuses' && !m[5])) return list(req, st, repo, ref);
  return fail(404, 'Not Found');
}

function createStatus(req: StandinRequest, st: StandinState, repo: StandinRepo, token: StandinToken, sha: string): Reply {
  if (!token.write) return fail(403, 'Resource not accessible by integration');
  const body = isJson(req.headers) ? readJsonBody(req.body) : undefined;
  if (!body) return fail(400, 'Problems parsing JSON');
  if (!/^[0-9a-f]{40}$/.test(sha)) return invalid('sha', 'sha must be a 40 character SHA1');
  if (typeof body.state !== 'string' || !STATES.has(body.state)) return invalid('state', 'state is not included in the list');
  const description = text(body.description);
  if (description.length > 140) return invalid('description', 'description is too long (maximum is 140 characters)');
  if (!repo.commits.includes(sha)) return fail(422, `No commit found for SHA: ${sha}`);
  const context = text(body.context) || 'default';
  const same = st.statuses.filter((s) => s.forge === 'github' && s.repo === repo.path && s.sha === sha && s.context.toLowerCase() === context.toLowerCase());
  if (same.length >= st.githubCap) {
    return fail(422, 'Validation Failed', { errors: [{ resource: 'Status', code: 'custom', message: 'This SHA and context has reached the maximum number of statuses.' }] });
  }
  const at = st.now();
  const status: StandinStatus = {
    id: st.nextId(), forge: 'github', repo: repo.path, sha, context, state: body.state, description, targetUrl: text(body.target_url),
    creator: token, createdAt: at, updatedAt: at,
  };
  st.statuses.push(status);
  st.record(status);
  return { status: 201, body: entity(status) };
}

function entity(s: StandinStatus): Record<string, unknown> {
  return {
    url: `https://api.github.com/repos/${s.repo}/statuses/${s.sha}`, id: s.id, node_id: `SC_${s.id}`, state: s.state,
    description: s.description || null, target_url: s.targetUrl || null, context: s.context, created_at: s.createdAt, updated_at: s.updatedAt,
    creator: { login: s.creator.login, id: s.creator.userId, type: 'User' }, avatar_url: null,
  };
}

/** resolve turns a ref (40-hex SHA, `heads/X`, or a branch) into a commit; a 40-hex SHA that is unknown is a 422 on GitHub. */
function resolve(repo: StandinRepo, ref: string): string | Reply {
  if (/^[0-9a-f]{40}$/.test(ref)) return repo.commits.includes(ref) ? ref : fail(422, `No commit found for SHA: ${ref}`);
  const sha = repo.branches[ref.replace(/^heads\//, '')];
  return sha ?? fail(404, 'Not Found');
}

function newestFirst(st: StandinState, repo: StandinRepo, sha: string): StandinStatus[] {
  return st.statuses.filter((s) => s.forge === 'github' && s.repo === repo.path && s.sha === sha).reverse();
}

function combined(req: StandinRequest, st: StandinState, repo: StandinRepo, ref: string): Reply {
  const sha = resolve(repo, ref);
  if (typeof sha !== 'string') return sha;
  const latest = new Map<string, StandinStatus>();
  for (const s of newestFirst(st, repo, sha)) if (!latest.has(s.context.toLowerCase())) latest.set(s.context.toLowerCase(), s);
  const all = [...latest.values()];
  const states = all.map((s) => s.state);
  const state = states.some((s) => s === 'error' || s === 'failure') ? 'failure' : all.length === 0 || states.includes('pending') ? 'pending' : 'success';
  const p = page(all, req.query, 'per_page', 100, 100);
  return { status: 200, body: { state, statuses: p.items.map(entity), sha, total_count: all.length, repository: { full_name: repo.path }, commit_url: '', url: '' } };
}

function list(req: StandinRequest, st: StandinState, repo: StandinRepo, ref: string): Reply {
  const sha = resolve(repo, ref);
  if (typeof sha !== 'string') return sha;
  const p = page(newestFirst(st, repo, sha), req.query, 'per_page', 30, 100);
  const link = p.page < p.pages ? `<${req.path}?per_page=${p.perPage}&page=${p.page + 1}>; rel="next"` : '';
  return { status: 200, body: p.items.map(entity), headers: link ? { link } : {} };
}
