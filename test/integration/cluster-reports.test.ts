import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClusterReports } from '../../src/git/cluster-reports.js';
import { createRepo, startGitServer, type GitServer } from '../helpers/git-server.js';

// The agents' reports travel through any Git server as refs/gitfed/clusters/<name>; a write replaces the ref's one
// commit with a compare-and-swap on the commit it read, so no writer replaces a report it has not seen, a ref never
// grows a history, and writers of different refs never wait.

let server: GitServer;
let bare: string;

beforeAll(async () => {
  server = await startGitServer();
  createRepo(server, 'fleet').commit({ 'clusters.yaml': 'a: 1\n' });
  bare = join(server.root, 'fleet.git');
  // the server's reflog records every update of a ref with its old and new value
  execFileSync('git', ['config', 'core.logAllRefUpdates', 'always'], { cwd: bare });
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
    // a report replaces the one before: each ref holds one commit, however often its agent reports
    expect(git('rev-list', '--count', 'refs/gitfed/clusters/m3')).toBe('1');
    expect(git('rev-list', '--count', 'refs/gitfed/clusters/m4')).toBe('1');
    expect(await store().readAll()).toEqual(new Map([['m3', '{"m3": 3}\n'], ['m4', '{"m4": 3}\n']]));
  });

  it('two writers of one ref at the same time: each replaces only the report it read (compare-and-swap)', async () => {
    const writers = [store(), store(), store()];
    await Promise.all(writers.map((w, i) => w.write('m5', `{"writer": ${i}}\n`)));
    // every update of the ref, oldest first: "<old> <new> ..." per line of the server's reflog
    const updates = readFileSync(join(bare, 'logs/refs/gitfed/clusters/m5'), 'utf8').trim().split('\n').map((l) => l.split(' ').slice(0, 2));
    expect(updates).toHaveLength(3);
    for (const [old, next] of updates) {
      // the commit a writer pushed names the one it read; the server took it only over exactly that commit
      const replaces = /replaces ([0-9a-f]{40})/.exec(git('log', '-1', '--format=%B', next as string))?.[1];
      expect(replaces ?? '0'.repeat(40)).toBe(old);
    }
    const texts = updates.map(([, next]) => git('show', `${next as string}:status.json`));
    expect(texts.sort()).toEqual(['{"writer": 0}', '{"writer": 1}', '{"writer": 2}']);
    expect(git('rev-list', '--count', 'refs/gitfed/clusters/m5')).toBe('1');
  });

  // A proxy in front of the server lets another writer replace the report in the middle of one write: just before
  // the write's push discovers the ref (the lease is checked here, by the client) or just before it sends its
  // update (the server checks the old value). Either way the write is refused, reads again and replaces the newer one.
  for (const moment of ['discovery', 'update'] as const) {
    it(`a report replaced by another writer just before the ${moment} of a push: the push is refused and built again on it`, async () => {
      await store().write('m6', '{"first": 1}\n');
      let raced = false;
      const proxy = await raceProxy(server.port, (req) => !raced && (moment === 'discovery' ? req.method === 'GET' && (req.url ?? '').includes('service=git-receive-pack') : req.method === 'POST' && (req.url ?? '').endsWith('/git-receive-pack')), async () => {
        raced = true;
        await store().write('m6', '{"other": 1}\n');
      });
      let refusals = 0;
      try {
        const slow = openClusterReports({ repo: `http://127.0.0.1:${proxy.port}/fleet.git`, cacheDir: mkdtempSync(join(tmpdir(), 'gitfed-reports-')), sleep: async () => void refusals++ });
        await slow.write('m6', '{"slow": 1}\n');
      } finally {
        await proxy.close();
      }
      expect(raced).toBe(true);
      expect(refusals).toBe(1);
      const [other, slow] = readFileSync(join(bare, 'logs/refs/gitfed/clusters/m6'), 'utf8').trim().split('\n').slice(-2).map((l) => l.split(' ').slice(0, 2) as [string, string]);
      expect(git('show', `${other?.[1]}:status.json`)).toBe('{"other": 1}');
      expect(slow?.[0]).toBe(other?.[1]);
      expect(git('log', '-1', '--format=%B', slow?.[1] ?? '')).toContain(`replaces ${other?.[1]}`);
      expect(git('show', 'refs/gitfed/clusters/m6:status.json')).toBe('{"slow": 1}');
    });
  }

  it('a reader fetches only what changed and sees the newest report', async () => {
    const reader = store();
    expect((await reader.readAll()).get('m3')).toBe('{"m3": 3}\n');
    await store().write('m3', '{"m3": 4}\n');
    expect((await reader.readAll()).get('m3')).toBe('{"m3": 4}\n');
  });

  it('a reader keeps each report it fetches as loose objects: its cache gains no pack per report', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'gitfed-reports-'));
    const reader = openClusterReports({ repo: server.urlOf('fleet'), cacheDir, sleep: async () => undefined });
    await reader.readAll();
    for (let i = 0; i < 4; i++) {
      await store().write('m8', `{"m8": ${i}}\n`);
      expect((await reader.readAll()).get('m8')).toBe(`{"m8": ${i}}\n`);
    }
    const gitdir = readdirSync(cacheDir).find((d) => d.endsWith('.reports.git')) as string;
    expect(readdirSync(join(cacheDir, gitdir, 'objects', 'pack')).filter((f) => f.endsWith('.pack'))).toEqual([]);
  });

  it('an unreachable repository is RepoUnreachable, for read and write alike', async () => {
    const gone = openClusterReports({ repo: 'http://127.0.0.1:1/fleet.git', cacheDir: mkdtempSync(join(tmpdir(), 'gitfed-reports-')) });
    await expect(gone.readAll()).rejects.toMatchObject({ code: 'RepoUnreachable' });
    await expect(gone.write('m3', '{}')).rejects.toMatchObject({ code: 'RepoUnreachable' });
  });
});

/** raceProxy forwards to the git server; before the first request `when` picks, it runs `first` to completion. */
async function raceProxy(port: number, when: (req: IncomingMessage) => boolean, first: () => Promise<void>): Promise<{ port: number; close: () => Promise<void> }> {
  const proxy = createServer((req, res) => {
    const forward = () => req.pipe(request({ port, host: '127.0.0.1', path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    }));
    if (when(req)) {
      req.pause();
      void first().then(forward);
    } else forward();
  });
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
  return { port: (proxy.address() as AddressInfo).port, close: () => new Promise((ok) => proxy.close(() => ok())) };
}
