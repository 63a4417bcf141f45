import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommitStatus, StatusReport } from '../../src/model/drift.js';
import { createForgeReporter, type ForgeKind, type ForgeReporterOptions } from '../../src/drift/reporters/forge-reporter.js';
import { classifyForgeError, ForgeError } from '../../src/drift/reporters/retry.js';
import { parseCloneUrl, repoIdentity } from '../../src/drift/reporters/repo-identity.js';
import { startForgeServer, type ForgeServer, type StandinSeed } from '../helpers/forge-server.js';

const SHA = '0f2c1a9e5b7d3c4f6a8b9c0d1e2f3a4b5c6d7e8f';
const OTHER = '1111111111222222222233333333334444444444';
const GONE = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';
const SECRET = 'tok_SUPERSECRET_9f8e7d';
const WRONG = 'tok_WRONGSECRET_1a2b3c';

const seed: StandinSeed = {
  repos: [
    { forge: 'github', path: 'acme/fleet', id: 1, branches: { main: SHA }, commits: [SHA, OTHER] },
    { forge: 'gitlab', path: 'acme/platform/fleet', id: 42, branches: { main: SHA }, commits: [SHA, OTHER] },
    { forge: 'gitea', path: 'acme/fleet', id: 3, branches: { main: SHA }, commits: [SHA, OTHER] },
  ],
  tokens: (['github', 'gitlab', 'gitea'] as const).map((forge, i) => ({ value: SECRET, forge, login: 'gitfed-bot', userId: 10 + i, write: true, role: 'maintainer' as const })),
};

interface ForgeCase {
  kind: ForgeKind;
  repo: string;
  stored: string;
  states: Record<CommitStatus['state'], string>;
  limit: number;
  authHeader: (h: Record<string, string | string[] | undefined>) => boolean;
}

const CASES: ForgeCase[] = [
  { kind: 'github', repo: 'acme/fleet', stored: 'acme/fleet', states: { pending: 'pending', success: 'success', failure: 'failure', error: 'error' }, limit: 140,
    authHeader: (h) => h.authorization === `token ${SECRET}` && typeof h['user-agent'] === 'string' && h['user-agent'].startsWith('gitfed/') },
  { kind: 'gitlab', repo: 'acme/platform/fleet', stored: 'acme/platform/fleet', states: { pending: 'running', success: 'success', failure: 'failed', error: 'failed' }, limit: 255,
    authHeader: (h) => h['private-token'] === SECRET },
  { kind: 'gitea', repo: 'acme/fleet', stored: 'acme/fleet', states: { pending: 'pending', success: 'success', failure: 'failure', error: 'error' }, limit: 140,
    authHeader: (h) => h.authorization === `token ${SECRET}` },
];

let server: ForgeServer;
let logs: string[];
let sleeps: number[];

beforeAll(async () => {
  server = await startForgeServer(seed);
});
afterAll(async () => server?.close());
beforeEach(() => {
  server.seed(seed);
  logs = [];
  sleeps = [];
});

function reporter(c: ForgeCase, extra: Partial<ForgeReporterOptions> = {}) {
  return createForgeReporter(c.kind, {
    token: SECRET, apiUrl: server.url, repo: c.repo, targetUrl: 'https://gitfed.example/runs/1', ref: 'main',
    log: (m) => logs.push(m), sleeper: async (ms) => void sleeps.push(ms), writeGapMs: 0, ...extra,
  });
}

const fleet = (m1: CommitStatus['state'], all: CommitStatus['state'] = m1, description = `m1 ${m1}`): StatusReport => ({
  sha: SHA,
  statuses: [
    { context: 'gitfed/m1', state: m1, description },
    { context: 'gitfed', state: all, description: `fleet ${all}`, targetUrl: 'https://gitfed.example/fleet' },
  ],
});

const posts = (c: ForgeCase) => server.requests(c.kind).filter((r) => r.method === 'POST').length;

describe.each(CASES)('$kind reporter against the stand-in forge', (c) => {
  it('posts per-cluster and fleet statuses with the forge state names, contexts and target URLs', async () => {
    const out = await reporter(c).post(fleet('pending', 'pending'));
    expect(out.statuses.map((s) => s.result)).toEqual(['posted', 'posted']);
    await reporter(c).report(fleet('failure', 'failure'));
    const m1 = server.history(c.kind, c.stored, SHA, 'gitfed/m1');
    expect(m1.map((w) => w.state)).toEqual([c.states.pending, c.states.failure]);
    expect(m1[0]?.targetUrl).toBe('https://gitfed.example/runs/1');
    expect(server.history(c.kind, c.stored, SHA, 'gitfed').at(-1)).toMatchObject({ state: c.states.failure, targetUrl: 'https://gitfed.example/fleet' });
    expect(server.requests(c.kind).every((r) => c.authHeader(r.headers))).toBe(true);
    expect(server.requests(c.kind).filter((r) => r.method === 'POST').every((r) => /^application\/json/.test(r.headers['content-type'] ?? ''))).toBe(true);
    expect(logs).toEqual([]);
  });

  it('maps error, and trims a long description to the forge limit', async () => {
    await reporter(c).report({ sha: SHA, statuses: [{ context: 'gitfed/m2', state: 'error', description: `cluster unreachable ${'x'.repeat(400)}` }] });
    const [w] = server.history(c.kind, c.stored, SHA, 'gitfed/m2');
    expect(w?.state).toBe(c.states.error);
    expect(w?.description.length).toBe(c.limit);
    expect(w?.description.endsWith('…')).toBe(true);
    if (c.kind === 'gitlab') expect(w?.description.startsWith('error: cluster unreachable')).toBe(true);
  });

  it('reports a wrong token as a failure whose message and log carry no token, without throwing', async () => {
    const r = reporter(c, { token: WRONG });
    const out = await r.post(fleet('success'));
    expect(out.statuses.every((s) => s.result === 'failed')).toBe(true);
    expect(out.statuses[0]?.message).toMatch(/401/);
    await expect(r.report(fleet('success'))).resolves.toBeUndefined();
    expect(logs.length).toBe(1);
    for (const text of [...logs, ...out.statuses.map((s) => s.message ?? '')]) expect(text).not.toContain(WRONG);
    expect(server.state.writes).toEqual([]);
    expect(sleeps).toEqual([]); // a 401 is final
  });

  it('posts nothing for a repeated identical report, nor after a restart; a changed state posts', async () => {
    const r = reporter(c);
    await r.report(fleet('success'));
    const after = posts(c);
    await r.report(fleet('success'));
    expect(posts(c)).toBe(after);
    const reads = server.requests(c.kind).length;
    await reporter(c).report(fleet('success')); // a new process reads the forge once and skips
    expect(posts(c)).toBe(after);
    expect(server.requests(c.kind).length).toBeGreaterThan(reads);
    const out = await r.post(fleet('failure', 'success'));
    expect(out.statuses.map((s) => s.result)).toEqual(['posted', 'unchanged']);
    expect(server.history(c.kind, c.stored, SHA, 'gitfed/m1').map((w) => w.state)).toEqual([c.states.success, c.states.failure]);
  });

  it('retries a forge that is down for two requests, then succeeds', async () => {
    server.fail({ forge: c.kind, method: 'POST', status: 502, times: 2 });
    const out = await reporter(c).post(fleet('success'));
    expect(out.statuses.map((s) => s.result)).toEqual(['posted', 'posted']);
    expect(sleeps.length).toBe(2);
    expect(server.history(c.kind, c.stored, SHA).length).toBe(2);
  });

  it('waits Retry-After on a 429 and survives a dropped connection', async () => {
    server.fail({ forge: c.kind, method: 'GET', status: 429, headers: { 'retry-after': '1' }, body: 'Retry later', times: 1 });
    server.fail({ forge: c.kind, method: 'POST', reset: true, times: 1 });
    const out = await reporter(c).post(fleet('success'));
    expect(out.statuses.map((s) => s.result)).toEqual(['posted', 'posted']);
    expect(sleeps[0]).toBe(1000);
  });

  it('reports a forge that is down for good as a logged failure, never a throw', async () => {
    server.fail({ forge: c.kind, status: 503, times: 1000 });
    const r = reporter(c);
    await expect(r.report(fleet('failure'))).resolves.toBeUndefined();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(new RegExp(`^${c.kind} status gitfed/m1, gitfed on ${SHA.slice(0, 12)} not posted: .*503`));
    expect(logs[0]).not.toContain(SECRET);
    expect(sleeps.length).toBe(3);
  });

  it('gives up on the rest of a report once writes stay down, and two overlapping reports post once', async () => {
    server.fail({ forge: c.kind, method: 'POST', status: 500, times: 4 });
    const out = await reporter(c).post(fleet('success'));
    expect(out.statuses.map((s) => s.result)).toEqual(['failed', 'failed']);
    expect(sleeps.length).toBe(3);
    const r = reporter(c);
    await Promise.all([r.report(fleet('success')), r.report(fleet('success'))]);
    expect(server.history(c.kind, c.stored, SHA)).toHaveLength(2);
  });

  it.each([true, false])('fails an unknown commit without retrying it (read first: %s)', async (readFirst) => {
    const out = await reporter(c, { readFirst }).post({ ...fleet('success'), sha: GONE });
    expect(out.statuses.every((s) => s.result === 'failed')).toBe(true);
    expect(out.statuses[0]?.message).toMatch(readFirst ? /404|422/ : { github: /422 No commit found/, gitlab: /404 Commit Not Found/, gitea: /commit not found/ }[c.kind]);
    expect(sleeps).toEqual([]);
  });
});

describe('forge specifics', () => {
  const [github, gitlab] = CASES as [ForgeCase, ForgeCase, ForgeCase];

  it('GitHub Enterprise: requests go to <host>/api/v3', async () => {
    await reporter(github, { apiUrl: `${server.url}/api/v3/` }).report(fleet('success'));
    const reqs = server.requests('github');
    expect(reqs.length).toBeGreaterThan(0);
    expect(reqs.every((r) => r.mount === '/api/v3' && r.path.startsWith('/repos/acme/fleet/'))).toBe(true);
    expect(server.history('github', 'acme/fleet', SHA)).toHaveLength(2);
  });

  it('GitHub: 1,200 cycles on one commit never approach the 1000-per-context cap', async () => {
    const r = reporter(github);
    for (let i = 0; i < 1200; i++) await r.report(fleet(i < 600 ? 'pending' : 'success'));
    expect(server.history('github', 'acme/fleet', SHA, 'gitfed/m1').map((w) => w.state)).toEqual(['pending', 'success']);
    expect(logs).toEqual([]);
  });

  it('GitLab: the project path is resolved to its numeric id once, sent %2F-encoded, and ref is always sent', async () => {
    await reporter(gitlab).report(fleet('success'));
    const paths = server.requests('gitlab').map((r) => `${r.method} ${r.path}`);
    expect(paths[0]).toBe('GET /projects/acme%2Fplatform%2Ffleet');
    expect(paths.filter((p) => p.includes('%2F'))).toHaveLength(1);
    expect(paths.filter((p) => p.startsWith('POST /projects/42/statuses/'))).toHaveLength(2);
    expect(server.requests('gitlab').filter((r) => r.method === 'POST').every((r) => JSON.parse(r.body).ref === 'main')).toBe(true);
    const raw = await fetch(`${server.url}/api/v4/projects/acme/platform/fleet`, { headers: { 'private-token': SECRET } });
    expect(raw.status).toBe(404);
  });

  it('GitLab: running then running is never sent, and a refused transition whose state is already there counts as done', async () => {
    await reporter(gitlab).report(fleet('pending', 'pending', 'applying'));
    const before = posts(gitlab);
    const r = reporter(gitlab);
    await r.report(fleet('pending', 'pending', 'still applying'));
    expect(posts(gitlab)).toBe(before);
    const blind = reporter(gitlab, { readFirst: false });
    const out = await blind.post(fleet('pending', 'pending', 'applying'));
    expect(out.statuses.map((s) => s.result)).toEqual(['posted', 'posted']);
    expect(server.requests('gitlab').filter((r) => r.method === 'POST')).toHaveLength(before + 2); // both refused with 400, read back as there
    expect(server.history('gitlab', 'acme/platform/fleet', SHA, 'gitfed/m1').map((w) => w.state)).toEqual(['running']);
  });

  it('the stand-in refuses a status without credentials on every forge', async () => {
    const body = JSON.stringify({ state: 'success', context: 'x' });
    const post = (path: string) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 't' }, body });
    expect((await post(`/repos/acme/fleet/statuses/${SHA}`)).status).toBe(404);
    expect((await post(`/api/v4/projects/42/statuses/${SHA}`)).status).toBe(401);
    expect((await post(`/api/v1/repos/acme/fleet/statuses/${SHA}`)).status).toBe(401);
    expect(server.state.writes).toEqual([]);
  });

  it('a missing token or Gitea URL, or a malformed repo, is a configuration error at construction', () => {
    expect(() => createForgeReporter('github', { token: '', repo: 'acme/fleet' })).toThrow(/token/);
    expect(() => createForgeReporter('gitea', { token: SECRET, repo: 'acme/fleet' })).toThrow(/URL/);
    expect(() => createForgeReporter('github', { token: SECRET, repo: 'fleet' })).toThrow(/OWNER\/NAME/);
  });

  it('classifies rate limits and final answers', () => {
    const err = (status: number, headers: Record<string, string> = {}) => new ForgeError('x', status, headers);
    expect(classifyForgeError(err(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '102' }), 100_000)).toEqual({ retryable: true, retryAfterMs: 2000 });
    expect(classifyForgeError(err(403, { 'retry-after': '1' }))).toEqual({ retryable: true, retryAfterMs: 1000 });
    expect(classifyForgeError(err(403)).retryable).toBe(false);
    expect(classifyForgeError(err(409)).retryable).toBe(true);
    expect(classifyForgeError(err(422)).retryable).toBe(false);
    expect(classifyForgeError(new ForgeError('no answer')).retryable).toBe(true);
  });
});

describe('repository identity from a clone URL', () => {
  const table: [string, ForgeKind | undefined, { relativeRoot?: string }, { forge: ForgeKind; apiUrl: string; repo: string } | RegExp][] = [
    ['https://github.com/acme/fleet.git', undefined, {}, { forge: 'github', apiUrl: 'https://api.github.com', repo: 'acme/fleet' }],
    ['https://github.com/acme/fleet', undefined, {}, { forge: 'github', apiUrl: 'https://api.github.com', repo: 'acme/fleet' }],
    ['git@github.com:acme/fleet.git', undefined, {}, { forge: 'github', apiUrl: 'https://api.github.com', repo: 'acme/fleet' }],
    ['ssh://git@github.com:22/acme/fleet.git', undefined, {}, { forge: 'github', apiUrl: 'https://api.github.com', repo: 'acme/fleet' }],
    ['https://x-access-token:ghs_secret@github.com/acme/fleet', undefined, {}, { forge: 'github', apiUrl: 'https://api.github.com', repo: 'acme/fleet' }],
    ['https://github.com/acme/fleet/tree/main/', undefined, {}, { forge: 'github', apiUrl: 'https://api.github.com', repo: 'acme/fleet' }],
    ['https://ghe.corp.example/acme/fleet.git', 'github', {}, { forge: 'github', apiUrl: 'https://ghe.corp.example/api/v3', repo: 'acme/fleet' }],
    ['git@ghe.corp.example:acme/fleet.git', 'github', {}, { forge: 'github', apiUrl: 'https://ghe.corp.example/api/v3', repo: 'acme/fleet' }],
    ['https://octocorp.ghe.com/acme/fleet.git', undefined, {}, { forge: 'github', apiUrl: 'https://api.octocorp.ghe.com', repo: 'acme/fleet' }],
    ['https://gitlab.com/acme/platform/fleet.git', undefined, {}, { forge: 'gitlab', apiUrl: 'https://gitlab.com/api/v4', repo: 'acme/platform/fleet' }],
    ['https://git.corp/gitlab/acme/fleet.git', 'gitlab', { relativeRoot: '/gitlab' }, { forge: 'gitlab', apiUrl: 'https://git.corp/gitlab/api/v4', repo: 'acme/fleet' }],
    ['https://gitlab.com/acme/fleet/-/tree/main', undefined, {}, { forge: 'gitlab', apiUrl: 'https://gitlab.com/api/v4', repo: 'acme/fleet' }],
    ['git@gitlab.com:acme/platform/fleet.git', undefined, {}, { forge: 'gitlab', apiUrl: 'https://gitlab.com/api/v4', repo: 'acme/platform/fleet' }],
    ['https://gitea.corp/acme/fleet.git', 'gitea', {}, { forge: 'gitea', apiUrl: 'https://gitea.corp/api/v1', repo: 'acme/fleet' }],
    ['https://corp.example/git/acme/fleet.git', 'gitea', {}, { forge: 'gitea', apiUrl: 'https://corp.example/git/api/v1', repo: 'acme/fleet' }],
    ['http://127.0.0.1:3000/acme/fleet.git', 'gitea', {}, { forge: 'gitea', apiUrl: 'http://127.0.0.1:3000/api/v1', repo: 'acme/fleet' }],
    ['https://codeberg.org/acme/fleet.git', undefined, {}, { forge: 'gitea', apiUrl: 'https://codeberg.org/api/v1', repo: 'acme/fleet' }],
    ['https://git.corp/acme/fleet.git', undefined, {}, /--status/],
    ['https://github.com/acme', undefined, {}, /repository/],
    ['/srv/policy-repo', 'github', {}, /cannot read/],
  ];

  it.each(table)('%s (%s)', (url, kind, extra, want) => {
    const got = repoIdentity(url, kind, extra);
    if (want instanceof RegExp) expect(got).toMatch(want);
    else expect(got).toEqual(want);
  });

  it('flags override what the URL says, and credentials never survive parsing', () => {
    expect(repoIdentity('https://github.com/acme/fleet.git', undefined, { repo: 'other/repo' })).toEqual({ forge: 'github', apiUrl: 'https://api.github.com', repo: 'other/repo' });
    expect(repoIdentity('/local/path', 'gitlab', { repo: '7', apiUrl: 'https://gl.corp' })).toEqual({ forge: 'gitlab', apiUrl: 'https://gl.corp', repo: '7' });
    expect(JSON.stringify(parseCloneUrl('https://user:hunter2@Example.COM/a/b.git'))).not.toContain('hunter2');
    expect(parseCloneUrl('https://user:hunter2@Example.COM/a/b.git')?.host).toBe('example.com');
  });
});
