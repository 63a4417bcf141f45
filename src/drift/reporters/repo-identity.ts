import type { ForgeKind } from './forge-core.js';

/** CloneUrlParts is a clone URL reduced to what identifies the repository: no credentials, no query, no `.git`. */
export interface CloneUrlParts {
  /** `https:` or `http:` for web URLs; `ssh:` for ssh and scp forms */
  protocol: string;
  /** lower-cased host, with the port for http(s) URLs (an ssh port says nothing about the API) */
  host: string;
  /** decoded, non-empty path segments */
  segments: string[];
}

/** RepoIdentity is where a forge reporter posts: the forge, its API base, and OWNER/NAME or a GitLab project path. */
export interface RepoIdentity {
  forge: ForgeKind;
  apiUrl: string;
  repo: string;
}

/** IdentityOverrides are the flags that win over what the clone URL says (`--github-repo`, `--gitlab-url`, …). */
export interface IdentityOverrides {
  repo?: string;
  apiUrl?: string;
  /** GitLab installed under a relative URL root such as `/gitlab`, which no clone URL reveals */
  relativeRoot?: string;
}

const SCP_FORM = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/;

/** parseCloneUrl reads https, http, ssh:// and scp (`git@host:owner/name.git`) URLs; it returns undefined for anything else. */
export function parseCloneUrl(url: string): CloneUrlParts | undefined {
  const text = url.trim();
  const scp = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? undefined : SCP_FORM.exec(text);
  let parsed: URL;
  try {
    parsed = new URL(scp ? `ssh://${scp[1]}/${scp[2]}` : text);
  } catch {
    return undefined;
  }
  const protocol = parsed.protocol.toLowerCase();
  if (!['https:', 'http:', 'ssh:', 'git+ssh:'].includes(protocol)) return undefined;
  const web = protocol === 'https:' || protocol === 'http:';
  const segments = parsed.pathname.split('/').filter((s) => s !== '').map(decodeSegment);
  const last = segments.length - 1;
  if (last >= 0) segments[last] = (segments[last] as string).replace(/\.git$/, '');
  if (segments[last] === '') segments.pop();
  return { protocol: web ? protocol : 'ssh:', host: (web ? parsed.host : parsed.hostname).toLowerCase(), segments };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** inferForge names the forge for the hosts whose forge is known; any other host needs `--status github|gitlab|gitea`. */
export function inferForge(host: string): ForgeKind | undefined {
  const bare = host.replace(/:\d+$/, '');
  if (bare === 'github.com' || bare === 'www.github.com' || bare.endsWith('.ghe.com')) return 'github';
  if (bare === 'gitlab.com') return 'gitlab';
  if (bare === 'codeberg.org') return 'gitea';
  return undefined;
}

/** defaultApiUrl is the API base a forge has at the host of a clone URL (§5): GHES `/api/v3`, GHE.com `api.TENANT`, GitLab `/api/v4`, Gitea `/api/v1`. */
export function defaultApiUrl(forge: ForgeKind, parts: CloneUrlParts, root = ''): string {
  const scheme = parts.protocol === 'http:' ? 'http:' : 'https:';
  const bare = parts.host.replace(/:\d+$/, '');
  const host = parts.protocol === 'ssh:' ? bare : parts.host;
  const prefix = root === '' ? '' : `/${root}`;
  if (forge === 'github') {
    if (bare === 'github.com' || bare === 'www.github.com') return 'https://api.github.com';
    if (bare.endsWith('.ghe.com')) return `https://api.${bare}`;
    return `${scheme}//${host}/api/v3`;
  }
  return `${scheme}//${host}${prefix}/api/${forge === 'gitlab' ? 'v4' : 'v1'}`;
}

/**
 * repoIdentity derives forge, API base and repository from a clone URL, with overrides winning; it returns an error
 * message (never naming the URL's credentials) when the forge or the repository cannot be told.
 */
export function repoIdentity(url: string, kind?: ForgeKind, overrides: IdentityOverrides = {}): RepoIdentity | string {
  const parts = parseCloneUrl(url);
  const forge = kind ?? (parts ? inferForge(parts.host) : undefined);
  if (!forge) return 'cannot tell the forge from the repository URL; choose one with --status github|gitlab|gitea';
  if (overrides.repo && overrides.apiUrl) return { forge, apiUrl: overrides.apiUrl, repo: overrides.repo };
  if (!parts) return `cannot read the repository URL; set the ${forge} repository and URL with flags`;
  const root = (overrides.relativeRoot ?? '').split('/').filter((s) => s !== '');
  const split = splitPath(forge, parts.segments, root);
  const repo = overrides.repo ?? split?.repo;
  if (!repo) return `cannot tell the ${forge} repository from the repository URL; set it with a flag`;
  return { forge, apiUrl: overrides.apiUrl ?? defaultApiUrl(forge, parts, (split?.root ?? root).join('/')), repo };
}

/** splitPath applies §5's per-forge rules: GitHub the first two segments, GitLab everything up to `-`, Gitea the last two. */
function splitPath(forge: ForgeKind, segments: string[], root: string[]): { repo: string; root: string[] } | undefined {
  if (forge === 'github') return segments.length >= 2 ? { repo: segments.slice(0, 2).join('/'), root: [] } : undefined;
  if (forge === 'gitea') return segments.length >= 2 ? { repo: segments.slice(-2).join('/'), root: segments.slice(0, -2) } : undefined;
  const startsWithRoot = root.length > 0 && root.every((s, i) => segments[i] === s);
  const rest = startsWithRoot ? segments.slice(root.length) : segments;
  const dash = rest.indexOf('-');
  const path = dash >= 0 ? rest.slice(0, dash) : rest;
  return path.length >= 2 ? { repo: path.join('/'), root: startsWithRoot ? root : [] } : undefined;
}
