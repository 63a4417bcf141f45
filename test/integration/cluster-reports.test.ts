import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClusterReports } from '../../src/git/cluster-reports.js';
import { createRepo, startGitServer, type GitServer } from '../helpers/git-server.js';

// The agents' reports travel through any Git server as refs/gitfed/clusters/<name>; a write is a push that is never
// forced, so two writers of one ref never lose each other's report, and writers of different refs never wait.

let server: GitServer;
let bare: string;

beforeAll(async () => {
  server = await startGitServer();
  createRepo(server, 'fleet').commit({ 'clusters.yaml': 'a: 1\n' });
  bare = join(server.root, 'fleet.git');
});

afterAll(async () => {
  await server?.stop();
});

const store = () => openClusterReports({ repo: server.urlOf('fleet'), cacheDir: mkdtempSync(join(tmpdir(), 'gitfed-reports-')), sleep: async () => undefined });
const git = (...args: string[]) => execFileSync('git', args, { cwd: bare, encoding: 'utf8' }).trim();

describe('agents\' reports in the policy repository', () => {
  it('two agents of different members report at the same time: neither report is lost', async () => {
    const a = store();
    const b = store();
    for (let round = 1; round <= 3; round++) {
      await Promise.all([a.write('m3', `{"m3": ${round}}\n`), b.write('m4', `{"m4": ${round}}\n`)]);
    }
    expect(git('show', 'refs/gitfed/clusters/m3:status.json')).toBe('{"m3": 3}');
    expect(git('show', 'refs/gitfed/clusters/m4:status.json')).toBe('{"m4": 3}');
    // every report is a commit on top of the one before: the history of each ref keeps all three
    expect(git('rev-list', '--count', 'refs/gitfed/clusters/m3')).toBe('3');
    expect(git('rev-list', '--count', 'refs/gitfed/clusters/m4')).toBe('3');
    expect(await store().readAll()).toEqual(new Map([['m3', '{"m3": 3}\n'], ['m4', '{"m4": 3}\n']]));
  });

  it('two writers of one ref at the same time: the refused push is built again on the other\'s (compare-and-swap)', async () => {
    const writers = [store(), store(), store()];
    await Promise.all(writers.map((w, i) => w.write('m5', `{"writer": ${i}}\n`)));
    // three commits in one line of history: no write replaced another's commit
    expect(git('rev-list', '--count', 'refs/gitfed/clusters/m5')).toBe('3');
    const texts = git('log', '--format=%H', 'refs/gitfed/clusters/m5').split('\n').map((c) => git('show', `${c}:status.json`));
    expect(texts.sort()).toEqual(['{"writer": 0}', '{"writer": 1}', '{"writer": 2}']);
  });

  it('a reader fetches only what changed and sees the newest report', async () => {
    const reader = store();
    expect((await reader.readAll()).get('m3')).toBe('{"m3": 3}\n');
    await store().write('m3', '{"m3": 4}\n');
    expect((await reader.readAll()).get('m3')).toBe('{"m3": 4}\n');
  });

  it('an unreachable repository is RepoUnreachable, for read and write alike', async () => {
    const gone = openClusterReports({ repo: 'http://127.0.0.1:1/fleet.git', cacheDir: mkdtempSync(join(tmpdir(), 'gitfed-reports-')) });
    await expect(gone.readAll()).rejects.toMatchObject({ code: 'RepoUnreachable' });
    await expect(gone.write('m3', '{}')).rejects.toMatchObject({ code: 'RepoUnreachable' });
  });
});
