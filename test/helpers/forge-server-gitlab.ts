import {
  isJson, page, readJsonBody, text, type Reply, type StandinRepo, type StandinRequest, type StandinState, type StandinStatus, type StandinToken,
} from './forge-server-state.js';

const STATES = ['pending', 'running', 'success', 'failed', 'canceled', 'skipped'];
const EVENTS: Record<string, string> = { pending: 'enqueue', running: 'run', success: 'succeed', failed: 'drop', canceled: 'cancel', skipped: 'skip' };
/** FORBIDDEN lists the transitions GitLab's state machine refuses from an active (pending or running) job (§1.2 table). */
const FORBIDDEN: Record<string, string[]> = { pending: ['pending'], running: ['pending', 'running', 'skipped'] };

const notFound = (what: string): Reply => ({ status: 404, body: { message: `404 ${what} Not Found` } });
const RATE = { 'ratelimit-limit': '2000', 'ratelimit-name': 'throttle_authenticated_api', 'ratelimit-observed': '1', 'ratelimit-remaining': '1999' };

/** gitlabPersonality answers GitLab's project and commit status endpoints (mounted at `/api/v4`). */
export function gitlabPersonality(req: StandinRequest, st: StandinState): Reply {
  const reply = route(req, st);
  return { ...reply, headers: { ...RATE, ...reply.headers } };
}

function route(req: StandinRequest, st: StandinState): Reply {
  const bearer = /^bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const header = req.headers['private-token'];
  const token = st.token('gitlab', (typeof header === 'string' ? header : undefined) ?? bearer ?? req.query.get('private_token') ?? undefined);
  if (!token) return { status: 401, body: { message: '401 Unauthorized' } };
  // `[^/]+`: a project path with a raw slash never matches, exactly as GitLab's router requires `%2F`
  const m = /^\/projects\/([^/]+)(\/statuses\/([^/]+)|\/repository\/commits\/([^/]+)\/statuses)?$/.exec(req.path);
  if (!m?.[1]) return { status: 404, body: { error: '404 Not Found' } };
  const repo = st.repo('gitlab', decodeURIComponent(m[1]), token);
  if (!repo) return notFound('Project');
  if (req.method === 'GET' && !m[2]) return { status: 200, body: project(repo) };
  if (req.method === 'POST' && m[3]) return createStatus(req, st, repo, token, decodeURIComponent(m[3]));
  if (req.method === 'GET' && m[4]) return list(req, st, repo, decodeURIComponent(m[4]));
  return { status: 404, body: { error: '404 Not Found' } };
}

function project(repo: StandinRepo): Record<string, unknown> {
  return { id: repo.id, path_with_namespace: repo.path, default_branch: Object.keys(repo.branches)[0] ?? null, web_url: `https://gitlab.example/${repo.path}`, http_url_to_repo: `https://gitlab.example/${repo.path}.git` };
}

/** params reads a JSON or a form body: GitLab accepts both. */
function params(req: StandinRequest): Record<string, unknown> | undefined {
  if (isJson(req.headers)) return readJsonBody(req.body);
  return Object.fromEntries(new URLSearchParams(req.body));
}

function createStatus(req: StandinRequest, st: StandinState, repo: StandinRepo, token: StandinToken, sha: string): Reply {
  if (!token.write) return { status: 403, body: { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token.', scope: 'api' } };
  const body = params(req);
  if (!body) return { status: 400, body: { error: 'The provided content-type is not supported' } };
  if (body.state === undefined) return { status: 400, body: { error: 'state is missing' } };
  const state = text(body.state);
  if (!STATES.includes(state)) return { status: 400, body: { error: 'state does not have a valid value' } };
  if (token.role === 'reporter') return { status: 403, body: { message: '403 Forbidden' } };
  if (!repo.commits.includes(sha)) return notFound('Commit');
  const ref = text(body.ref) || Object.keys(repo.branches).find((b) => repo.branches[b] === sha);
  if (!ref) return notFound('References for commit');
  if (repo.protected?.includes(ref) && token.role !== 'maintainer') return { status: 403, body: { message: '403 Forbidden' } };
  const fields = { description: text(body.description), ref, target_url: text(body.target_url) };
  for (const [field, value] of Object.entries(fields)) {
    if (value.length > 255) return { status: 400, body: { message: { [field]: ['is too long (maximum is 255 characters)'] } } };
  }
  if (fields.target_url && !/^https?:\/\//i.test(fields.target_url)) return { status: 400, body: { message: { target_url: ['is blocked: Only allowed schemes are http, https'] } } };
  const name = text(body.name) || text(body.context) || 'default';
  return transition(st, { repo, token, sha, ref, name, state, description: fields.description, targetUrl: fields.target_url });
}

interface Wanted { repo: StandinRepo; token: StandinToken; sha: string; ref: string; name: string; state: string; description: string; targetUrl: string }

/** transition moves the active job (pending or running, same sha, ref, name and user) or starts a new one, per §1.2. */
function transition(st: StandinState, w: Wanted): Reply {
  const jobs = st.statuses.filter((s) => s.forge === 'gitlab' && s.repo === w.repo.path && s.sha === w.sha && s.ref === w.ref && s.context === w.name);
  const active = jobs.find((s) => !s.retried && (s.state === 'pending' || s.state === 'running') && s.creator.userId === w.token.userId);
  const at = st.now();
  let job: StandinStatus;
  if (active) {
    if (FORBIDDEN[active.state]?.includes(w.state)) {
      const event = EVENTS[w.state] ?? w.state;
      return { status: 400, body: { message: `Cannot transition status via :${event} from :${active.state} (Reason(s): Status cannot transition via "${event}")` } };
    }
    job = Object.assign(active, { state: w.state, description: w.description, targetUrl: w.targetUrl, updatedAt: at });
  } else {
    for (const old of jobs) old.retried = true;
    job = { id: st.nextId(), forge: 'gitlab', repo: w.repo.path, sha: w.sha, context: w.name, state: w.state, description: w.description,
      targetUrl: w.targetUrl, creator: w.token, createdAt: at, updatedAt: at, ref: w.ref, retried: false };
    st.statuses.push(job);
  }
  st.record(job);
  return { status: 201, body: entity(job) };
}

function entity(s: StandinStatus): Record<string, unknown> {
  const finished = ['success', 'failed', 'canceled', 'skipped'].includes(s.state);
  return {
    id: s.id, sha: s.sha, ref: s.ref, status: s.state, name: s.context, target_url: s.targetUrl || null, description: s.description || null,
    created_at: s.createdAt, started_at: s.createdAt, finished_at: finished ? s.updatedAt : null, allow_failure: false, coverage: null,
    pipeline_id: 3000, author: { id: s.creator.userId, username: s.creator.login, name: s.creator.login },
  };
}

function list(req: StandinRequest, st: StandinState, repo: StandinRepo, sha: string): Reply {
  if (!repo.commits.includes(sha)) return notFound('Commit');
  const q = req.query;
  const all = q.get('all') === 'true';
  const jobs = st.statuses.filter((s) => s.forge === 'gitlab' && s.repo === repo.path && s.sha === sha && (all || !s.retried)
    && (!q.get('ref') || s.ref === q.get('ref')) && (!q.get('name') || s.context === q.get('name')));
  const p = page(jobs, q, 'per_page', 20, 100);
  const headers: Record<string, string> = {
    'x-total': String(jobs.length), 'x-total-pages': String(p.pages), 'x-page': String(p.page), 'x-per-page': String(p.perPage),
    'x-next-page': p.page < p.pages ? String(p.page + 1) : '', 'x-prev-page': p.page > 1 ? String(p.page - 1) : '',
  };
  return { status: 200, body: p.items.map(entity), headers };
}
