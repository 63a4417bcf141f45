import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTES_REF, openNotesStore } from '../../../src/git/notes.js';
import { createRepo, startGitServer, type GitServer, type WorkRepo } from '../../helpers/git-server.js';

// openNotesStore against git http-backend: notes of refs/notes/gitfed composed from the one already there, written
// only when the text changes, pushed fast-forward only, and never with a token left in a message or on disk.

const TOKEN = 'notes-store-T0KEN-5e6f';
const WRONG = 'notes-store-WR0NG-7a8b';
let server: GitServer;
let repo: WorkRepo;
let sha: string;

const cacheDir = () => mkdtempSync(join(tmpdir(), 'gitfed-notes-store-'));
const bare = () => join(server.root, 'fleet.git');
/** remoteHead is the notes commit the server holds ('' when none). */
const remoteHead = () => execFileSync('git', ['ls-remote', bare(), NOTES_REF], { encoding: 'utf8' }).split('\t')[0] ?? '';
/** remoteNote is the note the server holds for a commit. */
const remoteNote = (oid: string) => execFileSync('git', ['--git-dir', bare(), 'notes', `--ref=${NOTES_REF}`, 'show', oid], { encoding: 'utf8' });
const filesUnder = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
const withUserinfo = (url: string, userinfo: string) => url.replace('http://', `http://${userinfo}@`);
const remote = (over: { cacheDir?: string; token?: string; repo?: string } = {}) =>
  openNotesStore({ repo: over.repo ?? server.urlOf('fleet'), cacheDir: over.cacheDir ?? cacheDir(), auth: { token: over.token ?? TOKEN } });

beforeAll(async () => {
  server = await startGitServer({ token: TOKEN });
  repo = createRepo(server, 'fleet');
  repo.git(['remote', 'set-url', 'origin', withUserinfo(server.urlOf('fleet'), `ci:${TOKEN}`)]);
  sha = repo.commit({ 'a.yaml': 'a: 1\n' });
});

afterAll(async () => {
  await server?.stop();
});

describe('openNotesStore, a remote repository', () => {
  it('pushes the composed note; the next update composes from it and a note of the same text pushes nothing', async () => {
    const store = remote();
    const seen: (string | undefined)[] = [];
    const other = repo.commit({ 'b.yaml': 'b: 1\n' });
    await store.update(other, (existing) => { seen.push(existing); return '{"n":1}'; });
    expect(remoteNote(other)).toBe('{"n":1}');
    const head = remoteHead();
    // a fresh cache too: what is there is read from the server, not remembered
    await remote().update(other, (existing) => { seen.push(existing); return existing ?? 'lost'; });
    expect(seen).toEqual([undefined, '{"n":1}']);
    expect(remoteHead()).toBe(head);
  });

  it('keeps the notes another writer pushed: the new note is added on top of theirs', async () => {
    const first = repo.commit({ 'c.yaml': 'c: 1\n' });
    const second = repo.commit({ 'd.yaml': 'd: 1\n' });
    await remote().update(first, () => 'ours');
    repo.git(['fetch', '-q', '-f', 'origin', `${NOTES_REF}:${NOTES_REF}`]);
    repo.git(['notes', `--ref=${NOTES_REF}`, 'add', '-f', '-m', 'theirs', second]);
    repo.git(['push', '-q', 'origin', NOTES_REF]);
    await remote().update(first, () => 'ours again');
    expect(remoteNote(first)).toBe('ours again');
    expect(remoteNote(second)).toBe('theirs\n');
  });

  it('a push racing another writer is refused, never forced, and may be retried', async () => {
    const target = repo.commit({ 'e.yaml': 'e: 1\n' });
    const store = remote();
    await store.update(target, () => 'before');
    const err = await store.update(target, () => {
      // another writer lands between this update's fetch and its push
      repo.git(['fetch', '-q', '-f', 'origin', `${NOTES_REF}:${NOTES_REF}`]);
      repo.git(['notes', `--ref=${NOTES_REF}`, 'add', '-f', '-m', 'the other writer', target]);
      repo.git(['push', '-q', 'origin', NOTES_REF]);
      return 'mine';
    }).then(() => { throw new Error('expected the push to be refused'); }, (e: unknown) => e);
    expect(String(err)).toMatch(/not a simple fast-forward|push refused/);
    expect(store.retryable(err)).toBe(true);
    expect(remoteNote(target)).toBe('the other writer\n');
    await store.update(target, (existing) => `${existing?.trim()} + mine`);
    expect(remoteNote(target)).toBe('the other writer + mine');
  });

  it('keeps its own 0700 repository beside the clone, holding no token, with a clean origin', async () => {
    const dir = cacheDir();
    await remote({ cacheDir: dir, repo: withUserinfo(server.urlOf('fleet'), `ci:${TOKEN}`) }).update(sha, () => 'at rest');
    const entries = readdirSync(dir);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/^[0-9a-f]{16}\.notes\.git$/);
    const gitdir = join(dir, entries[0]!);
    expect(statSync(gitdir).mode & 0o777).toBe(0o700);
    expect(filesUnder(dir).filter((f) => readFileSync(f).includes(TOKEN))).toEqual([]);
    expect(execFileSync('git', ['--git-dir', gitdir, 'config', 'remote.origin.url'], { encoding: 'utf8' }).trim()).toBe(server.urlOf('fleet'));
  });

  it('names the repository without credentials', () => {
    expect(remote({ repo: withUserinfo(server.urlOf('fleet'), `ci:${TOKEN}`) }).where).toBe(withUserinfo(server.urlOf('fleet'), '***'));
  });

  it('a wrong token fails, is not retried, and is described without any token', async () => {
    const store = remote({ token: WRONG });
    const head = remoteHead();
    const err = await store.update(sha, () => 'never').then(() => { throw new Error('expected a 401'); }, (e: unknown) => e);
    expect(store.retryable(err)).toBe(false);
    const text = store.describe(err);
    expect(text).toContain('401');
    expect(text).not.toContain(WRONG);
    expect(remoteHead()).toBe(head);
  });

  it('an unreachable server fails and may be retried', async () => {
    const probe = createServer();
    await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((ok) => probe.close(() => ok()));
    const store = openNotesStore({ repo: `http://127.0.0.1:${port}/fleet.git`, cacheDir: cacheDir() });
    const err = await store.update(sha, () => 'never').then(() => { throw new Error('expected a refused connection'); }, (e: unknown) => e);
    expect(store.describe(err)).toContain('ECONNREFUSED');
    expect(store.retryable(err)).toBe(true);
  });

  it.each([
    ['the token itself', `push failed for ${TOKEN}`, 'push failed for ***'],
    ['credentials in a URL', 'GET http://ci:other@127.0.0.1/fleet.git failed', 'GET http://***@127.0.0.1/fleet.git failed'],
  ])('describe masks %s', (_, message, described) => {
    expect(remote().describe(new Error(message))).toBe(described);
  });
});

describe('openNotesStore, a local repository', () => {
  it('writes the note in place, from the work tree, and writes no new notes commit for the same text', async () => {
    const local = createRepo(server, 'local-notes');
    const oid = local.commit({ 'a.yaml': 'a: 1\n' });
    const store = openNotesStore({ repo: local.dir });
    expect(store.where).toBe(local.dir);
    await store.update(oid, (existing) => `first ${existing ?? 'none'}`);
    expect(local.git(['notes', `--ref=${NOTES_REF}`, 'show', oid])).toBe('first none');
    const head = local.git(['rev-parse', NOTES_REF]);
    await store.update(oid, (existing) => existing ?? 'lost');
    expect(local.git(['rev-parse', NOTES_REF])).toBe(head);
    await store.update(oid, () => 'second');
    expect(local.git(['notes', `--ref=${NOTES_REF}`, 'show', oid])).toBe('second');
    expect(local.git(['log', '--format=%an <%ae>', '-1', NOTES_REF])).toBe('gitfed <gitfed@localhost>');
    expect(execFileSync('git', ['ls-remote', join(server.root, 'local-notes.git'), 'refs/notes/*'], { encoding: 'utf8' })).toBe('');
  });
});
