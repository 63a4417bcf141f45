import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitAuthFromEnv, openGitSource, type GitAuth } from '../../../src/git/git-source.js';
import { GitfedError } from '../../../src/model/errors.js';
import { createRepo, startGitServer, type GitServer } from '../../helpers/git-server.js';

// A repository that needs a token: the right one fetches, a wrong or missing one is a clear error; neither the
// error (message, cause) nor the cache on disk ever holds the token. Unreachable hosts and missing repositories
// are errors naming the URL without its credentials.

const TOKEN = 'gitfed-T0KEN-right-9f8e7d';
const WRONG = 'gitfed-T0KEN-wrong-1a2b3c';
let server: GitServer;
let head: string;

const cacheDir = () => mkdtempSync(join(tmpdir(), 'gitfed-auth-cache-'));
const withUserinfo = (url: string, userinfo: string) => url.replace('http://', `http://${userinfo}@`);
/** filesUnder lists every file below dir, recursively. */
const filesUnder = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
const holding = (dir: string, text: string) => filesUnder(dir).filter((f) => readFileSync(f).includes(text));

/** failure runs a snapshot that must fail and returns its error. */
async function failure(repo: string, auth?: GitAuth, cache = cacheDir()): Promise<GitfedError> {
  const err = await openGitSource({ repo, cacheDir: cache, ...(auth ? { auth } : {}) }).snapshot().then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(GitfedError);
  return err as GitfedError;
}

/** closedPort is a loopback port nothing listens on: one the system just gave out and that was closed again. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((ok) => probe.close(() => ok()));
  return port;
}

beforeAll(async () => {
  server = await startGitServer({ token: TOKEN });
  head = createRepo(server, 'private').commit({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n' });
});

afterAll(async () => {
  await server?.stop();
});

describe('a repository that needs a token', () => {
  it.each([
    ['as auth, with the default username', () => ({ repo: server.urlOf('private'), auth: { token: TOKEN } })],
    ['as auth, with a username', () => ({ repo: server.urlOf('private'), auth: { username: 'ci', token: TOKEN } })],
    ['from GITFED_GIT_TOKEN', () => ({ repo: server.urlOf('private'), auth: gitAuthFromEnv({ GITFED_GIT_TOKEN: TOKEN, GITFED_GIT_USERNAME: 'ci' }) })],
    ['as user:token in the URL', () => ({ repo: withUserinfo(server.urlOf('private'), `ci:${TOKEN}`) })],
    ['as the username in the URL (GitHub style)', () => ({ repo: withUserinfo(server.urlOf('private'), TOKEN) })],
    ['as auth, overriding a wrong token in the URL', () => ({ repo: withUserinfo(server.urlOf('private'), `ci:${WRONG}`), auth: { token: TOKEN } })],
  ])('is fetched with the right token %s, and the cache keeps no token and a clean origin', async (_, options) => {
    const cache = cacheDir();
    const snap = await openGitSource({ ...options(), cacheDir: cache }).snapshot();
    expect(snap.revision).toBe(head);
    expect(holding(cache, TOKEN)).toEqual([]);
    expect(holding(cache, WRONG)).toEqual([]);
    const [gitdir] = readdirSync(cache);
    expect(execFileSync('git', ['--git-dir', join(cache, gitdir!), 'config', 'remote.origin.url'], { encoding: 'utf8' }).trim()).toBe(server.urlOf('private'));
  });

  it.each([
    ['a wrong token as auth', () => server.urlOf('private'), { token: WRONG }, () => server.urlOf('private')],
    ['a wrong token in the URL', () => withUserinfo(server.urlOf('private'), `ci:${WRONG}`), undefined, () => withUserinfo(server.urlOf('private'), '***')],
    ['a wrong token as the URL username', () => withUserinfo(server.urlOf('private'), WRONG), undefined, () => withUserinfo(server.urlOf('private'), '***')],
    ['no token at all', () => server.urlOf('private'), undefined, () => server.urlOf('private')],
  ])('%s is a 401 error naming the repository (an environment failure: exit 3), with no token in the message, the cause or the cache', async (_, repo, auth, named) => {
    const cache = cacheDir();
    const err = await failure(repo(), auth, cache);
    expect(err.code).toBe('RepoUnreachable');
    expect(err.subject).toBe(named());
    expect(err.message).toBe(`${named()}: cannot read the default branch: HTTP Error: 401 Unauthorized`);
    const everything = inspect(err, { depth: Infinity, showHidden: true });
    for (const secret of [WRONG, TOKEN]) expect(everything).not.toContain(secret);
    expect(holding(cache, WRONG)).toEqual([]);
  });
});

describe('a repository that cannot be reached', () => {
  it.each([
    ['without credentials', ''],
    ['with credentials in the URL', `ci:${WRONG}`],
  ])('a closed loopback port is an error naming the URL %s, masked, and the refused connection', async (_, userinfo) => {
    const url = `http://127.0.0.1:${await closedPort()}/fleet.git`;
    const err = await failure(userinfo ? withUserinfo(url, userinfo) : url);
    const named = userinfo ? withUserinfo(url, '***') : url;
    expect(err.code).toBe('RepoUnreachable');
    expect(err.subject).toBe(named);
    expect(err.message).toMatch(new RegExp(`^${named.replace(/[.*?/]/g, '\\$&')}: cannot read the default branch: .*ECONNREFUSED`));
    expect(inspect(err, { depth: Infinity, showHidden: true })).not.toContain(WRONG);
  });

  it.each([
    ['a missing repository', () => server.urlOf('missing'), { token: TOKEN }, () => server.urlOf('missing')],
    ['a missing repository, token in the URL', () => withUserinfo(server.urlOf('missing'), `ci:${TOKEN}`), undefined, () => withUserinfo(server.urlOf('missing'), '***')],
  ])('%s is a 404 error naming the URL without credentials', async (_, repo, auth, named) => {
    const err = await failure(repo(), auth);
    expect(err.code).toBe('RepoUnreachable');
    expect(err.message).toBe(`${named()}: cannot read the default branch: HTTP Error: 404 Not Found`);
    expect(inspect(err, { depth: Infinity, showHidden: true })).not.toContain(TOKEN);
  });

  it('a missing ref is named together with the repository, and a later fetch of a good ref still works from the same cache', async () => {
    const cache = cacheDir();
    const err = await openGitSource({ repo: server.urlOf('private'), ref: 'gone', auth: { token: TOKEN }, cacheDir: cache }).snapshot().then(() => { throw new Error('expected the snapshot to fail'); }, (e: unknown) => e as Error);
    expect(err.message).toContain(`${server.urlOf('private')}: cannot read ref gone`);
    // the server answered: the ref is the user's to fix (exit 2), not the network's
    expect((err as { code?: string }).code).toBe('InvalidInput');
    expect((await openGitSource({ repo: server.urlOf('private'), auth: { token: TOKEN }, cacheDir: cache }).snapshot()).revision).toBe(head);
  });
});
