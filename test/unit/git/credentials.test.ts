import { describe, expect, it } from 'vitest';
import { gitAuthFromEnv, isRemote, redact, withoutCredentials } from '../../../src/git/git-source.js';

describe('isRemote: only http(s) URLs are fetched; everything else is a local repository path', () => {
  it.each([
    ['https://git.example.com/fleet.git', true],
    ['http://127.0.0.1:8080/fleet.git', true],
    ['HTTPS://GIT.EXAMPLE.COM/fleet.git', true],
    ['https://user:token@git.example.com/fleet.git', true],
    ['/srv/git/fleet', false],
    ['./fleet', false],
    ['fleet', false],
    ['file:///srv/git/fleet', false],
    ['git@github.com:org/fleet.git', false],
    ['ssh://git@github.com/org/fleet.git', false],
    ['httpsfleet', false],
  ])('%s -> %s', (repo, remote) => {
    expect(isRemote(repo)).toBe(remote);
  });
});

describe('gitAuthFromEnv: GITFED_GIT_TOKEN, optionally with GITFED_GIT_USERNAME', () => {
  it.each([
    ['no token: no credential', {}, undefined],
    ['an empty token: no credential', { GITFED_GIT_TOKEN: '' }, undefined],
    ['a username alone: no credential', { GITFED_GIT_USERNAME: 'ci' }, undefined],
    ['a token', { GITFED_GIT_TOKEN: 't0k' }, { token: 't0k' }],
    ['a token and a username', { GITFED_GIT_TOKEN: 't0k', GITFED_GIT_USERNAME: 'ci' }, { username: 'ci', token: 't0k' }],
    ['an empty username is left out', { GITFED_GIT_TOKEN: 't0k', GITFED_GIT_USERNAME: '' }, { token: 't0k' }],
  ])('%s', (_, env, auth) => {
    expect(gitAuthFromEnv(env)).toEqual(auth);
  });
});

describe('withoutCredentials: the URL stored in the cache carries no credential; the credential goes with each request', () => {
  it.each([
    ['user and token', 'https://ci:t0k@git.example.com/org/fleet.git', 'https://git.example.com/org/fleet.git', { username: 'ci', token: 't0k' }],
    ['a token as the username (GitHub style)', 'https://ghp_abc@github.com/org/fleet.git', 'https://github.com/org/fleet.git', { username: 'ghp_abc', token: '' }],
    ['an empty username with a token', 'https://:t0k@git.example.com/fleet.git', 'https://git.example.com/fleet.git', { token: 't0k' }],
    ['percent-encoded characters are decoded', 'https://ci:p%40ss%3Aw%2Frd@git.example.com/fleet.git', 'https://git.example.com/fleet.git', { username: 'ci', token: 'p@ss:w/rd' }],
    ['a port, query and path are kept', 'http://u:t@127.0.0.1:8080/a/b.git?x=1', 'http://127.0.0.1:8080/a/b.git?x=1', { username: 'u', token: 't' }],
  ])('%s', (_, repo, url, auth) => {
    expect(withoutCredentials(repo)).toEqual({ url, auth });
  });

  it.each([
    ['a URL without credentials', 'https://git.example.com/fleet.git'],
    ['a local path', '/srv/git/fleet'],
    ['a relative path holding an @', 'repos/me@example/fleet'],
  ])('leaves %s as it is, without a credential', (_, repo) => {
    expect(withoutCredentials(repo)).toEqual({ url: repo });
  });
});

describe('redact: messages never show the userinfo of a URL', () => {
  it.each([
    ['user and token', 'fetch https://ci:t0k@git.example.com/fleet.git failed', 'fetch https://***@git.example.com/fleet.git failed'],
    ['a token alone', 'http://t0k@127.0.0.1:8080/fleet.git', 'http://***@127.0.0.1:8080/fleet.git'],
    ['a token holding an unescaped @', 'https://u:p@ss@git.example.com/x', 'https://***@git.example.com/x'],
    ['a token holding a colon', 'https://u:a:b@git.example.com/x', 'https://***@git.example.com/x'],
    ['every URL of the text', 'https://a:x@h1/r then https://b:y@h2/r', 'https://***@h1/r then https://***@h2/r'],
    ['a URL at the end of a line, then another line', 'https://a:x@h1/r\nnext https://b:y@h2', 'https://***@h1/r\nnext https://***@h2'],
  ])('masks %s', (_, text, masked) => {
    expect(redact(text)).toBe(masked);
  });

  it.each([
    ['a URL without credentials', 'https://git.example.com/fleet.git'],
    ['an e-mail address after a URL', 'https://git.example.com/fleet.git (ask admin@example.com)'],
    ['an @ in the path', 'https://git.example.com/org/fleet@v2.git'],
    ['a local path', '/srv/git/fleet'],
  ])('leaves %s alone', (_, text) => {
    expect(redact(text)).toBe(text);
  });
});
