import { createForgeReporter } from '../drift/reporters/forge-reporter.js';
import { createGitNotesReporter } from '../drift/reporters/git-notes.js';
import { openNotesStore } from '../git/notes.js';
import { repoIdentity } from '../drift/reporters/repo-identity.js';
import type { StatusReporter } from '../model/drift.js';
import { gitAuthFromEnv } from '../git/git-source.js';
import { GitfedError } from '../model/errors.js';

/** StatusKind is a place commit statuses go. */
export type StatusKind = 'github' | 'gitlab' | 'gitea' | 'notes';

/** StatusCliOptions are the reporter flags shared by reconcile, drift and plan. */
export interface StatusCliOptions {
  repo: string;
  ref?: string;
  cacheDir?: string;
  status?: StatusKind[];
  statusTargetUrl?: string;
  githubApiUrl?: string;
  githubRepo?: string;
  gitlabUrl?: string;
  gitlabProject?: string;
  giteaUrl?: string;
  giteaRepo?: string;
}

const FORGES = {
  github: { token: 'GITHUB_TOKEN', url: 'GITHUB_API_URL', flagUrl: 'githubApiUrl', flagRepo: 'githubRepo' },
  gitlab: { token: 'GITLAB_TOKEN', url: 'GITLAB_URL', flagUrl: 'gitlabUrl', flagRepo: 'gitlabProject' },
  gitea: { token: 'GITEA_TOKEN', url: 'GITEA_URL', flagUrl: 'giteaUrl', flagRepo: 'giteaRepo' },
} as const;

function usage(message: string): GitfedError {
  return new GitfedError('UsageError', '--status', message);
}

function forgeReporter(kind: keyof typeof FORGES, opts: StatusCliOptions, env: NodeJS.ProcessEnv): StatusReporter {
  const f = FORGES[kind];
  const token = env[f.token];
  if (!token) throw usage(`${kind} needs a token in ${f.token}`);
  const apiUrl = opts[f.flagUrl] ?? env[f.url];
  const repo = opts[f.flagRepo];
  if (kind === 'gitea' && !apiUrl) throw usage('gitea needs --gitea-url or GITEA_URL');
  const id = repoIdentity(opts.repo, kind, { ...(repo ? { repo } : {}), ...(apiUrl ? { apiUrl } : {}) });
  if (typeof id === 'string') throw usage(id);
  return createForgeReporter(kind, {
    token, apiUrl: id.apiUrl, repo: id.repo,
    ...(opts.statusTargetUrl ? { targetUrl: opts.statusTargetUrl } : {}),
    ...(opts.ref ? { ref: opts.ref } : {}),
  });
}

/** buildReporters turns the flags into reporters; a missing token or URL is a usage error before anything is applied. */
export function buildReporters(opts: StatusCliOptions, env: NodeJS.ProcessEnv = process.env): StatusReporter[] {
  return [...new Set(opts.status ?? [])].map((kind) => {
    if (kind !== 'notes') return forgeReporter(kind, opts, env);
    const auth = gitAuthFromEnv(env);
    return createGitNotesReporter(openNotesStore({ repo: opts.repo, ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}), ...(auth ? { auth } : {}) }));
  });
}
