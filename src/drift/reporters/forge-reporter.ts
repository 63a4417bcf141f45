import type { RetryPolicy, Sleeper } from '../../kube/retry.js';
import { makeForgeReporter, type ForgeClient, type ForgeKind, type ForgeReporter } from './forge-core.js';
import { createGitHubClient, GITHUB_API, isPublicGitHub } from './github.js';
import { createGitLabClient } from './gitlab.js';
import { createGiteaClient } from './gitea.js';
import type { FetchLike } from './http.js';

export type { ForgeKind, ForgeReporter, ForgeReportOutcome, StatusOutcome } from './forge-core.js';

/** ForgeReporterOptions configure one forge reporter; only token and repo are required (plus apiUrl for Gitea). */
export interface ForgeReporterOptions {
  /** read by the CLI from GITHUB_TOKEN / GITLAB_TOKEN / GITEA_TOKEN; never logged */
  token: string;
  /** GitHub: the API base (`https://HOST/api/v3` for GHES); GitLab and Gitea: the instance URL or its API base */
  apiUrl?: string;
  /** GitHub and Gitea: OWNER/NAME; GitLab: numeric project id or path with subgroups */
  repo: string;
  /** the "Details" link, for statuses that carry none */
  targetUrl?: string;
  /** GitLab: the branch the commit is on (GitLab guesses one otherwise) */
  ref?: string;
  /** where failures are written; default stderr */
  log?: (message: string) => void;
  fetch?: FetchLike;
  retry?: RetryPolicy;
  sleeper?: Sleeper;
  /** pause between writes; default 1 s on github.com and GHE.com (secondary rate limits), 0 elsewhere */
  writeGapMs?: number;
  /** read the forge's statuses before the first post on a commit; default true */
  readFirst?: boolean;
  /** per-request timeout; default 10 s */
  timeoutMs?: number;
  userAgent?: string;
}

const USER_AGENT = 'gitfed/0.1';

/**
 * createForgeReporter builds the commit status reporter of one forge. Configuration errors (no Gitea URL, a repo that is
 * not OWNER/NAME) throw here, before anything runs; forge failures later never throw, they are logged without the token.
 */
export function createForgeReporter(kind: ForgeKind, opts: ForgeReporterOptions): ForgeReporter {
  const client = forgeClient(kind, opts);
  const publicGitHub = kind === 'github' && isPublicGitHub(opts.apiUrl ?? GITHUB_API);
  return makeForgeReporter(client, {
    token: opts.token,
    targetUrl: opts.targetUrl,
    log: opts.log ?? ((message) => process.stderr.write(`gitfed: ${message}\n`)),
    retry: opts.retry,
    sleeper: opts.sleeper,
    writeGapMs: opts.writeGapMs ?? (publicGitHub ? 1000 : 0),
    readFirst: opts.readFirst ?? true,
  });
}

function forgeClient(kind: ForgeKind, opts: ForgeReporterOptions): ForgeClient {
  if (opts.token.trim() === '') throw new Error(`${kind}: a token is required`);
  const common = { token: opts.token, userAgent: opts.userAgent ?? USER_AGENT, fetch: opts.fetch, timeoutMs: opts.timeoutMs ?? 10_000 };
  switch (kind) {
    case 'github':
      return createGitHubClient({ ...common, repo: opts.repo, apiUrl: opts.apiUrl });
    case 'gitlab':
      return createGitLabClient({ ...common, project: opts.repo, apiUrl: opts.apiUrl, ref: opts.ref });
    case 'gitea':
      if (!opts.apiUrl) throw new Error('gitea: the instance URL is required (--gitea-url or GITEA_URL)');
      return createGiteaClient({ ...common, repo: opts.repo, apiUrl: opts.apiUrl });
  }
}
