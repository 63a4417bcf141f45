import type { Octokit } from '@octokit/rest';
import type { CommitState } from '../../model/drift.js';
import { truncate, type ForgeClient, type WireStatus } from './forge-core.js';
import type { FetchLike } from './http.js';
import { ForgeError } from './retry.js';
import { GitfedError } from '../../model/errors.js';

/** GITHUB_API is github.com's API base; GitHub Enterprise Server uses `https://HOST/api/v3`. */
export const GITHUB_API = 'https://api.github.com';

/** GITHUB_DESCRIPTION_LIMIT is GitHub's hard limit: a longer description is refused with 422. */
export const GITHUB_DESCRIPTION_LIMIT = 140;

const STATES: Record<CommitState, string> = { pending: 'pending', success: 'success', failure: 'failure', error: 'error' };

/** GitHubClientOptions configure the GitHub client: `repo` is OWNER/NAME. */
export interface GitHubClientOptions {
  token: string;
  repo: string;
  apiUrl?: string;
  userAgent: string;
  fetch?: FetchLike;
  timeoutMs: number;
}

/** splitOwnerName reads `OWNER/NAME`, the form GitHub and Gitea use; anything else is a configuration error. */
export function splitOwnerName(repo: string, forge: string): { owner: string; name: string } {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(repo.trim());
  if (!m?.[1] || !m[2]) throw new GitfedError('UsageError', '', `${forge}: repository must be OWNER/NAME, got "${repo}"`);
  return { owner: m[1], name: m[2].replace(/\.git$/, '') };
}

/** isPublicGitHub says whether an API base is github.com or GHE.com, where secondary rate limits apply (GHES has them off by default). */
export function isPublicGitHub(apiUrl: string): boolean {
  const host = new URL(apiUrl).hostname.toLowerCase();
  return host === 'api.github.com' || /^api\.[^.]+\.ghe\.com$/.test(host);
}

/** createGitHubClient talks to GitHub (or GHES at `<host>/api/v3`) through @octokit/rest. */
export function createGitHubClient(opts: GitHubClientOptions): ForgeClient {
  const { owner, name } = splitOwnerName(opts.repo, 'github');
  // the client is built on first use: loading @octokit/rest was a part of every start, with or without GitHub
  let client: Promise<Octokit> | undefined;
  const octokit = (): Promise<Octokit> => (client ??= import('@octokit/rest').then(({ Octokit: Client }) => new Client({
    auth: opts.token,
    baseUrl: (opts.apiUrl ?? GITHUB_API).replace(/\/+$/, ''),
    userAgent: opts.userAgent,
    // Octokit's default logger prints deprecation notices with console; gitfed keeps its output its own
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: opts.fetch ? { fetch: opts.fetch } : {},
  })));
  const signal = (): AbortSignal => AbortSignal.timeout(opts.timeoutMs);
  return {
    kind: 'github',
    toWire: (s) => ({ context: s.context.trim(), state: STATES[s.state], description: truncate(s.description, GITHUB_DESCRIPTION_LIMIT), targetUrl: s.targetUrl }),
    contextKey: (context) => context.trim().toLowerCase(),
    unchanged: (have, want) => have.state === want.state && have.description === want.description && (have.targetUrl ?? '') === (want.targetUrl ?? ''),
    current: (sha) => github(async () => readCombined(await octokit(), owner, name, sha, signal)),
    post: (sha, s) => github(async () => {
      await (await octokit()).rest.repos.createCommitStatus({
        owner, repo: name, sha, state: s.state as 'pending', context: s.context, description: s.description, target_url: s.targetUrl, request: { signal: signal() },
      });
    }),
  };
}

/** readCombined pages through the combined status, which holds the newest status per context. */
async function readCombined(octokit: Octokit, owner: string, repo: string, sha: string, signal: () => AbortSignal): Promise<WireStatus[]> {
  const out: WireStatus[] = [];
  for (let page = 1; page <= 10; page++) {
    const { data } = await octokit.rest.repos.getCombinedStatusForRef({ owner, repo, ref: sha, per_page: 100, page, request: { signal: signal() } });
    for (const s of data.statuses) out.push({ context: s.context, state: s.state, description: s.description ?? '', targetUrl: s.target_url ?? undefined });
    if (data.statuses.length < 100 || out.length >= data.total_count) break;
  }
  return out;
}

/** github turns Octokit's RequestError into a ForgeError: status and headers for the retry, a message without credentials. */
async function github<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const e = err as { status?: number; message?: string; response?: { headers?: Record<string, string | number | undefined> } };
    // Octokit reports "no answer" as status 500 without a response; keep them apart for the message
    const status = e.response ? e.status : undefined;
    const headers = Object.fromEntries(Object.entries(e.response?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const what = status === undefined ? 'no answer' : `HTTP ${status}`;
    throw new ForgeError(`github: ${what} ${e.message ?? String(err)}`.trim(), status, headers);
  }
}
