import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitNotesReporter } from '../../src/drift/reporters/git-notes.js';
import { openNotesStore } from '../../src/git/notes.js';
import { openGitSource, redact } from '../../src/git/git-source.js';
import { createRepo, startGitServer, type GitServer, type WorkRepo } from '../helpers/git-server.js';

const TOKEN = 's3cr3t-token-value';
let server: GitServer;
let repo: WorkRepo;
let first: string;
let second: string;

const cm = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {v: "${value}"}\n`;

beforeAll(async () => {
  server = await startGitServer({ token: TOKEN });
  repo = createRepo(server, 'policies');
  first = repo.commit({ 'apps/a.yaml': cm('a', '1'), 'apps/b.yaml': cm('b', '1'), 'README.md': '# not a manifest', '.github/ci.yaml': 'x: 1' });
  repo.git(['tag', 'v1']);
  repo.git(['push', '-q', 'origin', 'v1']);
  second = repo.commit({ 'apps/a.yaml': cm('a', '2'), 'apps/b.yaml': null, 'other/c.yaml': cm('c', '1') });
  repo.git(['checkout', '-q', '-b', 'feature']);
  repo.commit({ 'apps/d.yaml': cm('d', '1') });
  repo.git(['checkout', '-q', 'main']);
});

afterAll(async () => {
  await server?.stop();
});

const auth = { token: TOKEN };
const cacheDir = () => mkdtempSync(join(tmpdir(), 'gitfed-cache-'));

describe('remote repositories over smart HTTP (git http-backend)', () => {
  it.each([
    ['the default branch', undefined, () => second, ['apps/a.yaml', 'other/c.yaml']],
    ['a branch', 'feature', undefined, ['apps/a.yaml', 'apps/d.yaml', 'other/c.yaml']],
    ['a tag', 'v1', () => first, ['apps/a.yaml', 'apps/b.yaml']],
    ['a commit', 'FIRST', () => first, ['apps/a.yaml', 'apps/b.yaml']],
  ])('reads %s as an immutable snapshot of its commit tree', async (_what, ref, revision, paths) => {
    const source = openGitSource({ repo: server.urlOf('policies'), ref: ref === 'FIRST' ? first : ref, cacheDir: cacheDir(), auth });
    const snap = await source.snapshot();
    if (revision) expect(snap.revision).toBe(revision());
    expect([...snap.files.keys()].sort()).toEqual(paths);
  });

  it('reads only the subdirectory, with paths relative to it', async () => {
    const snap = await openGitSource({ repo: server.urlOf('policies'), path: 'apps', cacheDir: cacheDir(), auth }).snapshot();
    expect([...snap.files.keys()]).toEqual(['a.yaml']);
    expect(snap.files.get('a.yaml')).toContain('v: "2"');
  });

  it('a restart with the same cache fetches the new commit', async () => {
    const dir = cacheDir();
    const before = await openGitSource({ repo: server.urlOf('policies'), cacheDir: dir, auth }).snapshot();
    const third = repo.commit({ 'apps/e.yaml': cm('e', '1') });
    const after = await openGitSource({ repo: server.urlOf('policies'), cacheDir: dir, auth }).snapshot();
    expect(before.revision).not.toBe(third);
    expect(after.revision).toBe(third);
    expect(after.files.has('apps/e.yaml')).toBe(true);
  });

  it('lists the paths changed between two commits', async () => {
    const source = openGitSource({ repo: server.urlOf('policies'), cacheDir: cacheDir(), auth });
    await source.snapshot();
    expect(await source.changedPaths(first, second)).toEqual(['apps/a.yaml', 'apps/b.yaml', 'other/c.yaml']);
  });

  it('a wrong token fails with a message that names the repository and never the token', async () => {
    const source = openGitSource({ repo: server.urlOf('policies'), cacheDir: cacheDir(), auth: { token: 'wrong' } });
    const err = await source.snapshot().then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toContain(server.urlOf('policies'));
    expect(err?.message).not.toContain(TOKEN);
    expect(err?.message).not.toContain('wrong');
  });

  it('an unknown ref is an error naming the ref', async () => {
    const err = await openGitSource({ repo: server.urlOf('policies'), ref: 'nope', cacheDir: cacheDir(), auth }).snapshot().catch((e: unknown) => e as Error);
    expect(String(err)).toContain('ref nope');
  });
});

describe('credentials at rest', () => {
  /** filesUnder lists every file below dir, recursively. */
  const filesUnder = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
  const withToken = (url: string) => url.replace('http://', `http://gitfed:${TOKEN}@`);

  it('a token in the --repo URL is used per request and never stored in the cache, which is private (0700)', async () => {
    const base = join(cacheDir(), 'cache');
    const snap = await openGitSource({ repo: withToken(server.urlOf('policies')), cacheDir: base }).snapshot();
    expect(snap.revision).toMatch(/^[0-9a-f]{40}$/);
    const leaked = filesUnder(base).filter((f) => readFileSync(f).includes(TOKEN));
    expect(leaked).toEqual([]);
    expect(statSync(base).mode & 0o777).toBe(0o700);
    for (const d of readdirSync(base)) expect(statSync(join(base, d)).mode & 0o777).toBe(0o700);
  });

  it('a cache an older version wrote with the token in its config is scrubbed on open', async () => {
    const base = cacheDir();
    const source = openGitSource({ repo: withToken(server.urlOf('policies')), cacheDir: base });
    await source.snapshot();
    const [gitdir] = readdirSync(base);
    const config = join(base, gitdir as string, 'config');
    writeFileSync(config, readFileSync(config, 'utf8').replace(server.urlOf('policies'), withToken(server.urlOf('policies'))));
    expect(readFileSync(config, 'utf8')).toContain(TOKEN);
    await source.snapshot();
    expect(readFileSync(config, 'utf8')).not.toContain(TOKEN);
    expect(filesUnder(base).filter((f) => readFileSync(f).includes(TOKEN))).toEqual([]);
  });

  it('an older cache that kept the token is scrubbed even when the token has since moved to GITFED_GIT_TOKEN (another cache entry)', async () => {
    const base = cacheDir();
    // what older versions left behind: a bare clone whose origin URL carries the token, readable by everyone
    const old = join(base, 'old-entry.git');
    execFileSync('git', ['clone', '-q', '--bare', withToken(server.urlOf('policies')), old]);
    expect(readFileSync(join(old, 'config'), 'utf8')).toContain(TOKEN);
    const snap = await openGitSource({ repo: server.urlOf('policies'), cacheDir: base, auth }).snapshot();
    expect(snap.revision).toBe(repo.git(['rev-parse', 'HEAD']));
    expect(filesUnder(base).filter((f) => readFileSync(f).includes(TOKEN))).toEqual([]);
    expect(readFileSync(join(old, 'config'), 'utf8')).toContain(`url = ${server.urlOf('policies')}`);
    for (const d of readdirSync(base)) expect(statSync(join(base, d)).mode & 0o777).toBe(0o700);
  });

  it('a cache directory given with --cache-dir that does not exist yet is created 0700, also when nested', async () => {
    const base = join(cacheDir(), 'a', 'b');
    await openGitSource({ repo: withToken(server.urlOf('policies')), cacheDir: base }).snapshot();
    expect(statSync(base).mode & 0o777).toBe(0o700);
  });

  it('a wrong token in the --repo URL fails with a message that names the repository and never the token', async () => {
    const wrong = 'wr0ng-t0ken';
    const err = await openGitSource({ repo: server.urlOf('policies').replace('http://', `http://gitfed:${wrong}@`), cacheDir: cacheDir() }).snapshot()
      .then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toContain(server.urlOf('policies').replace('http://', 'http://***@'));
    expect(err?.message).not.toContain(wrong);
  });

  it.each([
    ['a token', 'https://user:tok3n@git.example.com/fleet.git', 'https://***@git.example.com/fleet.git'],
    ['a token holding an unescaped @', 'https://user:p@ss@git.example.com/fleet.git', 'https://***@git.example.com/fleet.git'],
    ['two URLs in one message', 'fetch https://a:x@h1/r failed, then https://b:y@h2/r', 'fetch https://***@h1/r failed, then https://***@h2/r'],
    ['a URL without credentials (left alone)', 'https://git.example.com/fleet.git (ask admin@example.com)', 'https://git.example.com/fleet.git (ask admin@example.com)'],
  ])('messages mask %s whole', (_, text, masked) => {
    expect(redact(text)).toBe(masked);
  });

  it('the git notes reporter keeps no token in its cache either', async () => {
    const base = cacheDir();
    const sha = repo.git(['rev-parse', 'HEAD']);
    const reporter = createGitNotesReporter(openNotesStore({ repo: withToken(server.urlOf('policies')), cacheDir: base }), { log: () => undefined });
    await reporter.report({ sha, statuses: [{ context: 'gitfed', state: 'success', description: 'in sync' }] });
    expect(repo.git(['ls-remote', 'origin', 'refs/notes/gitfed'])).not.toBe('');
    expect(filesUnder(base).filter((f) => readFileSync(f).includes(TOKEN))).toEqual([]);
  });
});

describe('local repositories', () => {
  it('reads the committed tree, never uncommitted changes in the work tree', async () => {
    writeFileSync(join(repo.dir, 'apps', 'a.yaml'), cm('a', 'dirty'));
    writeFileSync(join(repo.dir, 'apps', 'untracked.yaml'), cm('u', '1'));
    const snap = await openGitSource({ repo: repo.dir }).snapshot();
    expect(snap.revision).toBe(repo.git(['rev-parse', 'HEAD']));
    expect(snap.files.get('apps/a.yaml')).toContain('v: "2"');
    expect(snap.files.has('apps/untracked.yaml')).toBe(false);
    repo.git(['checkout', '-q', '--', 'apps/a.yaml']);
  });

  it('reads another branch of a local repository without checking it out', async () => {
    const snap = await openGitSource({ repo: repo.dir, ref: 'feature' }).snapshot();
    expect(snap.files.has('apps/d.yaml')).toBe(true);
    expect(repo.git(['rev-parse', '--abbrev-ref', 'HEAD'])).toBe('main');
  });
});
