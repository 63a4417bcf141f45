import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitNotesReporter, type StatusNote } from '../../src/drift/reporters/git-notes.js';
import { openNotesStore, type NotesStoreOptions } from '../../src/git/notes.js';
import type { DetailedStatusReport } from '../../src/drift/status.js';
import type { CommitStatus } from '../../src/model/drift.js';
import { createRepo, startGitServer, type GitServer, type WorkRepo } from '../helpers/git-server.js';

const TOKEN = 'notes-s3cr3t-token';
let server: GitServer;
let repo: WorkRepo;
let first: string;
let second: string;

beforeAll(async () => {
  server = await startGitServer({ token: TOKEN });
  repo = createRepo(server, 'policies');
  first = repo.commit({ 'apps/a.yaml': 'a: 1\n' });
  second = repo.commit({ 'apps/a.yaml': 'a: 2\n' });
});

afterAll(async () => {
  await server?.stop();
});

const cacheDir = () => mkdtempSync(join(tmpdir(), 'gitfed-notes-cache-'));

function report(sha: string, member1: CommitStatus['state'], description: string): DetailedStatusReport {
  return {
    sha,
    statuses: [
      { context: 'gitfed', state: member1, description: member1 === 'success' ? '1/1 clusters in sync' : '0/1 clusters in sync; member1 drifted' },
      { context: 'gitfed/member1', state: member1, description },
    ],
    ...(member1 === 'failure'
      ? { drift: [{ cluster: 'member1', objects: [{ key: 'apps/v1/Deployment/default/nginx', subject: 'Deployment/default/nginx', type: 'modified' as const, mode: 'report' as const, fields: [{ path: 'spec.replicas', desired: 2, live: 5, manager: 'kubectl-edit' }] }] }] }
      : {}),
    changes: { member1: { unchanged: 3 } },
  };
}

/** remote makes a reporter for the served repository that collects what it logs. */
function remote(over: Partial<NotesStoreOptions> = {}) {
  const logs: string[] = [];
  const store = openNotesStore({ repo: server.urlOf('policies'), cacheDir: cacheDir(), auth: { token: TOKEN }, ...over });
  // a retry's backoff is taken at once: these tests are about what lands, not when
  const reporter = createGitNotesReporter(store, { log: (m) => logs.push(m), retry: { attempts: 5, baseDelayMs: 10, maxDelayMs: 100 }, sleeper: async () => undefined });
  return { reporter, logs };
}

/** remoteNotesHead is the notes commit the server holds (empty when none). */
function remoteNotesHead(): string {
  return execFileSync('git', ['ls-remote', join(server.root, 'policies.git'), 'refs/notes/gitfed'], { encoding: 'utf8' }).split('\t')[0] ?? '';
}

function readBack(work: WorkRepo, sha: string): StatusNote {
  work.git(['fetch', '-q', '-f', 'origin', 'refs/notes/gitfed:refs/notes/gitfed']);
  return JSON.parse(work.git(['notes', '--ref=gitfed', 'show', sha])) as StatusNote;
}

describe('git-notes reporter, remote repository', () => {
  it('pushes one JSON note per commit and replaces it on a change', async () => {
    const { reporter, logs } = remote();
    await reporter.report(report(first, 'failure', '1 drifted: Deployment/default/nginx spec.replicas 2->5 (kubectl-edit)'));
    expect(readBack(repo, first)).toEqual({
      schema: 'gitfed.io/status-note/v1', revision: first, state: 'failure', description: '0/1 clusters in sync; member1 drifted',
      clusters: [{
        name: 'member1', context: 'gitfed/member1', state: 'failure', description: '1 drifted: Deployment/default/nginx spec.replicas 2->5 (kubectl-edit)',
        changes: { unchanged: 3 },
        drift: [{ key: 'apps/v1/Deployment/default/nginx', subject: 'Deployment/default/nginx', type: 'modified', mode: 'report', fields: [{ path: 'spec.replicas', desired: 2, live: 5, manager: 'kubectl-edit' }] }],
      }],
    });
    await reporter.report(report(first, 'success', 'applied: 0 created, 0 configured, 3 unchanged'));
    const note = readBack(repo, first);
    expect(note.state).toBe('success');
    expect(note.clusters[0]).toEqual({ name: 'member1', context: 'gitfed/member1', state: 'success', description: 'applied: 0 created, 0 configured, 3 unchanged', changes: { unchanged: 3 } });
    expect(repo.git(['log', '--format=%an <%ae>', 'refs/notes/gitfed']).split('\n')[0]).toBe('gitfed <gitfed@localhost>');
    expect(logs).toEqual([]);
  });

  it('an identical report writes no new notes commit, even from a fresh cache', async () => {
    const { reporter } = remote();
    await reporter.report(report(second, 'success', 'applied: 0 created, 0 configured, 3 unchanged'));
    const head = remoteNotesHead();
    await reporter.report(report(second, 'success', 'applied: 0 created, 0 configured, 3 unchanged'));
    await remote().reporter.report(report(second, 'success', 'applied: 0 created, 0 configured, 3 unchanged'));
    expect(remoteNotesHead()).toBe(head);
  });

  it('keeps notes another writer pushed since its last fetch', async () => {
    const { reporter } = remote();
    await reporter.report(report(first, 'failure', 'drifted'));
    // someone else adds a note to another commit and pushes it
    repo.git(['fetch', '-q', '-f', 'origin', 'refs/notes/gitfed:refs/notes/gitfed']);
    repo.git(['notes', '--ref=gitfed', 'add', '-f', '-m', '{"other":"writer"}', second]);
    repo.git(['push', '-q', 'origin', 'refs/notes/gitfed']);
    await reporter.report(report(first, 'success', 'applied'));
    expect(readBack(repo, first).state).toBe('success');
    expect(JSON.parse(repo.git(['notes', '--ref=gitfed', 'show', second]))).toEqual({ other: 'writer' });
  });

  it('two writers at once both land: the refused push is retried on top of the other', async () => {
    const third = repo.commit({ 'apps/b.yaml': 'b: 1\n' });
    const a = remote();
    const b = remote();
    await Promise.all([
      a.reporter.report(report(third, 'failure', 'written by a')),
      b.reporter.report(report(second, 'failure', 'written by b')),
    ]);
    expect([...a.logs, ...b.logs]).toEqual([]);
    expect(readBack(repo, third).clusters[0]?.description).toBe('written by a');
    expect(readBack(repo, second).clusters[0]?.description).toBe('written by b');
  });

  it('writes nothing for a pending-only report', async () => {
    const head = remoteNotesHead();
    await remote().reporter.report({ sha: first, statuses: [{ context: 'gitfed', state: 'pending', description: 'applying to 1 cluster' }] });
    expect(remoteNotesHead()).toBe(head);
  });

  it('a refused push (wrong token) is logged without the token and never thrown', async () => {
    const wrong = 'wrong-token-value-42';
    const { reporter, logs } = remote({ auth: { token: wrong } });
    await expect(reporter.report(report(first, 'error', 'error: unreachable'))).resolves.toBeUndefined();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('401');
    expect(logs[0]).toContain(server.urlOf('policies'));
    expect(logs[0]).not.toContain(wrong);
    expect(logs[0]).not.toContain(TOKEN);
  });
});

describe('git-notes reporter, local repository path', () => {
  it('writes the note in place and pushes nothing', async () => {
    const local = createRepo(server, 'local-only');
    const sha = local.commit({ 'a.yaml': 'a: 1\n' });
    const logs: string[] = [];
    const reporter = createGitNotesReporter(openNotesStore({ repo: local.dir }), { log: (m) => logs.push(m) });
    await reporter.report(report(sha, 'success', 'applied: 1 created'));
    const note = JSON.parse(local.git(['notes', '--ref=gitfed', 'show', sha])) as StatusNote;
    expect(note).toMatchObject({ revision: sha, state: 'success', clusters: [{ name: 'member1', description: 'applied: 1 created' }] });
    const head = local.git(['rev-parse', 'refs/notes/gitfed']);
    await reporter.report(report(sha, 'success', 'applied: 1 created'));
    expect(local.git(['rev-parse', 'refs/notes/gitfed'])).toBe(head);
    expect(execFileSync('git', ['ls-remote', join(server.root, 'local-only.git'), 'refs/notes/*'], { encoding: 'utf8' })).toBe('');
    expect(logs).toEqual([]);
  });
});
