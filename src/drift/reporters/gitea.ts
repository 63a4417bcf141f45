import type { CommitState } from '../../model/drift.js';
import { truncate, type ForgeClient, type WireStatus } from './forge-core.js';
import { splitOwnerName } from './github.js';
import { requestJson, withApiSuffix, type FetchLike, type JsonClient } from './http.js';
import { ForgeError } from './retry.js';

/**
 * GITEA_DESCRIPTION_LIMIT: Gitea and Forgejo store the description as TEXT with no limit; gitfed's own limit (140, the
 * smallest of the forges) is kept so the same status reads the same everywhere.
 */
export const GITEA_DESCRIPTION_LIMIT = 140;

const STATES: Record<CommitState, string> = { pending: 'pending', success: 'success', failure: 'failure', error: 'error' };

/** GiteaClientOptions configure the Gitea / Forgejo client: `repo` is OWNER/NAME, `apiUrl` the instance or its `/api/v1`. */
export interface GiteaClientOptions {
  token: string;
  repo: string;
  apiUrl: string;
  userAgent: string;
  fetch?: FetchLike;
  timeoutMs: number;
}

interface GiteaStatus {
  context?: string;
  status?: string;
  description?: string | null;
  target_url?: string | null;
}

/** createGiteaClient talks to Gitea's or Forgejo's commit status API (v1) with plain fetch. */
export function createGiteaClient(opts: GiteaClientOptions): ForgeClient {
  const { owner, name } = splitOwnerName(opts.repo, 'gitea');
  const repoPath = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
  const http: JsonClient = {
    base: withApiSuffix(opts.apiUrl, '/api/v1'),
    headers: { authorization: `token ${opts.token}`, 'user-agent': opts.userAgent },
    fetch: opts.fetch ?? fetch,
    timeoutMs: opts.timeoutMs,
  };
  return {
    kind: 'gitea',
    // Gitea trims context, description and target URL before storing them; trimming here keeps the comparison exact
    toWire: (s) => ({ context: s.context.trim(), state: STATES[s.state], description: truncate(s.description, GITEA_DESCRIPTION_LIMIT), targetUrl: s.targetUrl?.trim() }),
    contextKey: (context) => context.trim(),
    unchanged: (have, want) => have.state === want.state && have.description === want.description && (have.targetUrl ?? '') === (want.targetUrl ?? ''),
    current: (sha) => readCombined(http, `${repoPath}/commits/${sha}/status`),
    post: async (sha, s) => {
      try {
        await requestJson(http, 'POST', `${repoPath}/statuses/${sha}`, { state: s.state, context: s.context, description: s.description, target_url: s.targetUrl });
      } catch (err) {
        throw await commitGone(http, `${repoPath}/git/commits/${sha}`, err);
      }
    },
  };
}

/**
 * commitGone turns Gitea's 500 for an unknown SHA (its commit lookup error is not mapped) into a final 404, so that a
 * force-pushed commit is not retried; any other failure is returned as it was.
 */
async function commitGone(http: JsonClient, commitPath: string, err: unknown): Promise<unknown> {
  if (!(err instanceof ForgeError) || err.status !== 500) return err;
  try {
    await requestJson(http, 'GET', commitPath);
    return err;
  } catch (check) {
    return check instanceof ForgeError && check.status === 404 ? new ForgeError(`gitea: commit not found (${err.message})`, 404) : err;
  }
}

/** readCombined reads the newest status per context; Gitea answers `statuses: null` when there are none, and the state key is `status`. */
async function readCombined(http: JsonClient, path: string): Promise<WireStatus[]> {
  const out: WireStatus[] = [];
  for (let page = 1; page <= 20; page++) {
    const { body } = await requestJson(http, 'GET', `${path}?limit=50&page=${page}`);
    const combined = (body ?? {}) as { statuses?: GiteaStatus[] | null; total_count?: number };
    const statuses = combined.statuses ?? [];
    for (const s of statuses) {
      out.push({ context: s.context ?? '', state: s.status ?? '', description: s.description ?? '', targetUrl: s.target_url || undefined });
    }
    if (statuses.length < 50 || out.length >= (combined.total_count ?? 0)) break;
  }
  return out;
}
