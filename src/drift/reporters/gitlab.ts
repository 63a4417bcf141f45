import type { CommitState, CommitStatus } from '../../model/drift.js';
import { truncate, type ForgeClient, type WireStatus } from './forge-core.js';
import { requestJson, withApiSuffix, type FetchLike, type JsonClient } from './http.js';
import { ForgeError } from './retry.js';

/** GITLAB_URL is gitlab.com; a self-managed instance (with its relative root, if any) is passed as apiUrl. */
export const GITLAB_URL = 'https://gitlab.com';

/** GITLAB_DESCRIPTION_LIMIT is GitLab's model limit: a longer description is refused with 400. */
export const GITLAB_DESCRIPTION_LIMIT = 255;

// GitLab has no `error`; pending maps to `running` because GitLab's `pending` means "queued" (§1.5)
const STATES: Record<CommitState, string> = { pending: 'running', success: 'success', failure: 'failed', error: 'failed' };
const IN_PROGRESS = new Set(['pending', 'running']);

/** GitLabClientOptions configure the GitLab client: `project` is a numeric id or a full path with subgroups. */
export interface GitLabClientOptions {
  token: string;
  project: string;
  apiUrl?: string;
  /** the branch the commit is on; GitLab guesses one when it is absent, and 404s when it finds none */
  ref?: string;
  userAgent: string;
  fetch?: FetchLike;
  timeoutMs: number;
}

interface GitLabStatus {
  name?: string;
  status?: string;
  description?: string | null;
  target_url?: string | null;
}

/** toGitLabWire maps a gitfed status to GitLab's names; an error is `failed` whose description says "error:". */
export function toGitLabWire(s: CommitStatus): WireStatus {
  const description = s.state === 'error' && !/^error\b/i.test(s.description.trim()) ? `error: ${s.description.trim()}` : s.description;
  return { context: s.context.trim(), state: STATES[s.state], description: truncate(description, GITLAB_DESCRIPTION_LIMIT), targetUrl: s.targetUrl };
}

/** createGitLabClient talks to GitLab's commit status API (v4) with plain fetch. */
export function createGitLabClient(opts: GitLabClientOptions): ForgeClient {
  const http: JsonClient = {
    base: withApiSuffix(opts.apiUrl ?? GITLAB_URL, '/api/v4'),
    headers: { 'private-token': opts.token, 'user-agent': opts.userAgent },
    fetch: opts.fetch ?? fetch,
    timeoutMs: opts.timeoutMs,
  };
  const projectId = projectResolver(http, opts.project);
  const list = async (sha: string, name?: string): Promise<WireStatus[]> => {
    const id = await projectId();
    const query = new URLSearchParams({ per_page: '100' });
    if (opts.ref) query.set('ref', opts.ref);
    if (name) query.set('name', name);
    return readStatuses(http, `/projects/${id}/repository/commits/${sha}/statuses`, query);
  };
  return {
    kind: 'gitlab',
    toWire: toGitLabWire,
    contextKey: (context) => context.trim(),
    // an in-progress job cannot be moved to the same in-progress state (400), so its description cannot change either
    unchanged: (have, want) => have.state === want.state
      && ((IN_PROGRESS.has(want.state)) || (have.description === want.description && (have.targetUrl ?? '') === (want.targetUrl ?? ''))),
    current: (sha) => list(sha),
    post: async (sha, s) => {
      const id = await projectId();
      const body = { state: s.state, name: s.context, description: s.description, target_url: s.targetUrl, ref: opts.ref };
      try {
        await requestJson(http, 'POST', `/projects/${id}/statuses/${sha}`, body);
      } catch (err) {
        if (!(await alreadyThere(err, () => list(sha, s.context), s))) throw err;
      }
    },
  };
}

/** alreadyThere treats GitLab's "Cannot transition status" 400 as done when the job already shows the wanted state. */
async function alreadyThere(err: unknown, read: () => Promise<WireStatus[]>, want: WireStatus): Promise<boolean> {
  if (!(err instanceof ForgeError) || err.status !== 400 || !err.message.includes('Cannot transition status')) return false;
  const current = await read().catch(() => []);
  return current.some((s) => s.context === want.context && s.state === want.state);
}

/** projectResolver turns a project path into its numeric id once (§1.2: proxies mangle `%2F`); a numeric id is used as is. */
function projectResolver(http: JsonClient, project: string): () => Promise<string> {
  const trimmed = project.trim().replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  if (trimmed === '') throw new Error('gitlab: project must be a numeric id or a path such as group/sub/project');
  if (/^\d+$/.test(trimmed)) return () => Promise.resolve(trimmed);
  let resolved: string | undefined;
  return async () => {
    if (resolved) return resolved;
    const { body } = await requestJson(http, 'GET', `/projects/${encodeURIComponent(trimmed)}`);
    const id = (body as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'number') throw new ForgeError(`gitlab: project ${trimmed} has no numeric id in the answer`);
    resolved = String(id);
    return resolved;
  };
}

/** readStatuses follows X-Next-Page; without `all`, GitLab lists only the newest job per name. */
async function readStatuses(http: JsonClient, path: string, query: URLSearchParams): Promise<WireStatus[]> {
  const out: WireStatus[] = [];
  for (let page = 1; page <= 10; page++) {
    query.set('page', String(page));
    const { body, headers } = await requestJson(http, 'GET', `${path}?${query}`);
    for (const s of Array.isArray(body) ? (body as GitLabStatus[]) : []) {
      out.push({ context: s.name ?? 'default', state: s.status ?? '', description: s.description ?? '', targetUrl: s.target_url ?? undefined });
    }
    if (!headers['x-next-page']) break;
  }
  return out;
}
