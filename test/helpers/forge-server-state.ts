import type { IncomingHttpHeaders } from 'node:http';

/** StandinForge names the personalities of the stand-in forge server. */
export type StandinForge = 'github' | 'gitlab' | 'gitea';

/** StandinRepo is one repository: GitHub and Gitea `owner/name`, GitLab a full path with a numeric id. */
export interface StandinRepo {
  forge: StandinForge;
  path: string;
  id: number;
  branches: Record<string, string>;
  /** GitLab: branches only a maintainer may post statuses on */
  protected?: string[];
  commits: string[];
}

/** StandinToken is one credential: who it is, whether it may write statuses, and which repos it sees (all when absent). */
export interface StandinToken {
  value: string;
  forge: StandinForge;
  login: string;
  userId: number;
  write: boolean;
  repos?: string[];
  /** GitLab role; reporter may not post, developer may not post on a protected ref */
  role?: 'reporter' | 'developer' | 'maintainer';
}

/** StandinStatus is a stored status: one per post on GitHub and Gitea, one per job on GitLab (moved in place). */
export interface StandinStatus {
  id: number;
  forge: StandinForge;
  repo: string;
  sha: string;
  context: string;
  state: string;
  description: string;
  targetUrl: string;
  creator: StandinToken;
  createdAt: string;
  updatedAt: string;
  /** GitLab only */
  ref?: string;
  retried?: boolean;
}

/** StandinWrite is one accepted write, in order: the history tests assert on. */
export interface StandinWrite {
  forge: StandinForge;
  repo: string;
  sha: string;
  context: string;
  state: string;
  description: string;
  targetUrl: string;
}

/** StandinRequest is one recorded request, raw path and body included. */
export interface StandinRequest {
  forge: StandinForge | 'control';
  /** where the personality was reached: `/api/v3` or `` for GitHub, `/api/v4`, `/api/v1` */
  mount: string;
  method: string;
  /** raw (still percent-encoded) path below the personality's mount */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** StandinFault answers matching requests instead of the personality, `times` times; `reset` drops the connection. */
export interface StandinFault {
  forge?: StandinForge;
  method?: string;
  /** regular expression source matched against the path below the mount */
  path?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  reset?: boolean;
  times: number;
}

/** Reply is a personality's answer: JSON body unless `text` is set. */
export interface Reply {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** GiteaSettings switch the Gitea personality: strict state check (default) or real Gitea's lenience, and the version rules. */
export interface GiteaSettings {
  flavor: 'gitea' | 'forgejo';
  version: string;
  lenient: boolean;
  disableQueryToken: boolean;
}

/** StandinSeed is everything a test may set up. */
export interface StandinSeed {
  repos?: StandinRepo[];
  tokens?: StandinToken[];
  gitea?: Partial<GiteaSettings>;
  /** GitHub's statuses per (sha, context) cap; lower it to test the cap quickly */
  githubCap?: number;
}

/** StandinState is the whole state of the stand-in; personalities read and change it. */
export class StandinState {
  repos: StandinRepo[] = [];
  tokens: StandinToken[] = [];
  statuses: StandinStatus[] = [];
  writes: StandinWrite[] = [];
  requests: StandinRequest[] = [];
  faults: StandinFault[] = [];
  gitea: GiteaSettings = { flavor: 'gitea', version: '1.25.0', lenient: false, disableQueryToken: false };
  githubCap = 1000;
  rateUsed = new Map<string, number>();
  private tick = 0;
  private ids = 0;

  /** seed replaces repos and tokens and clears statuses, requests and faults. */
  seed(seed: StandinSeed): void {
    Object.assign(this, new StandinState());
    this.repos = structuredClone(seed.repos ?? []);
    this.tokens = structuredClone(seed.tokens ?? []);
    this.gitea = { ...this.gitea, ...seed.gitea };
    this.githubCap = seed.githubCap ?? 1000;
  }

  /** now is a fixed clock that advances one second per call, so answers are stable across runs. */
  now(): string {
    return new Date(Date.UTC(2026, 8, 1, 10, 0, this.tick++)).toISOString().replace('.000Z', 'Z');
  }

  nextId(): number {
    return ++this.ids;
  }

  token(forge: StandinForge, value: string | undefined): StandinToken | undefined {
    return value === undefined ? undefined : this.tokens.find((t) => t.forge === forge && t.value === value);
  }

  /** repo finds a repository the token may see; repositories are private, so no token sees none. */
  repo(forge: StandinForge, path: string, token: StandinToken | undefined): StandinRepo | undefined {
    const lower = path.toLowerCase();
    const repo = this.repos.find((r) => r.forge === forge && (r.path.toLowerCase() === lower || String(r.id) === path));
    if (!repo || !token) return undefined;
    return !token.repos || token.repos.some((p) => p.toLowerCase() === repo.path.toLowerCase()) ? repo : undefined;
  }

  /** takeFault consumes one matching fault, if any. */
  takeFault(forge: StandinForge, method: string, path: string): StandinFault | undefined {
    const fault = this.faults.find((f) => f.times > 0 && (!f.forge || f.forge === forge) && (!f.method || f.method === method)
      && (!f.path || new RegExp(f.path).test(path)));
    if (fault) fault.times--;
    return fault;
  }

  /** record appends an accepted write to the history. */
  record(s: StandinStatus): void {
    this.writes.push({ forge: s.forge, repo: s.repo, sha: s.sha, context: s.context, state: s.state, description: s.description, targetUrl: s.targetUrl });
  }
}

/** readJsonBody parses a request body as JSON; undefined when it is not an object. */
export function readJsonBody(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** isJson says whether a request declared a JSON body. */
export function isJson(headers: IncomingHttpHeaders): boolean {
  return /^application\/json\b/i.test(headers['content-type'] ?? '');
}

/** text reads an optional string field; null and absent are both ''. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** page slices a list for page/per-page query parameters (1-based). */
export function page<T>(items: T[], query: URLSearchParams, perPageKey: string, def: number, max: number): { items: T[]; page: number; perPage: number; pages: number } {
  const perPage = Math.min(Math.max(1, Number(query.get(perPageKey) ?? def) || def), max);
  const pageNo = Math.max(1, Number(query.get('page') ?? 1) || 1);
  return { items: items.slice((pageNo - 1) * perPage, pageNo * perPage), page: pageNo, perPage, pages: Math.max(1, Math.ceil(items.length / perPage)) };
}
