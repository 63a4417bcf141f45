import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareCache } from '../../../src/git/git-source.js';

const URL_CLEAN = 'https://git.example.com/fleet.git';
const URL_TOKEN = 'https://ci:t0k3n-at-rest@git.example.com/fleet.git';
const base = () => mkdtempSync(join(tmpdir(), 'gitfed-prepare-'));
const mode = (path: string) => statSync(path).mode & 0o777;
const originOf = (gitdir: string) => execFileSync('git', ['--git-dir', gitdir, 'config', 'remote.origin.url'], { encoding: 'utf8' }).trim();

describe('prepareCache: a private bare repository whose origin holds no credential', () => {
  it('creates the cache directory (nested too) and the repository 0700, bare, with the URL as origin', async () => {
    const cache = join(base(), 'a', 'b');
    const gitdir = join(cache, 'x.git');
    await prepareCache(gitdir, URL_CLEAN);
    expect(mode(cache)).toBe(0o700);
    expect(mode(gitdir)).toBe(0o700);
    expect(execFileSync('git', ['--git-dir', gitdir, 'rev-parse', '--is-bare-repository'], { encoding: 'utf8' }).trim()).toBe('true');
    expect(originOf(gitdir)).toBe(URL_CLEAN);
  });

  it('makes an existing repository private again and points origin at a changed URL, keeping its objects', async () => {
    const gitdir = join(base(), 'x.git');
    await prepareCache(gitdir, 'https://old.example.com/fleet.git');
    const blob = execFileSync('git', ['--git-dir', gitdir, 'hash-object', '-w', '--stdin'], { input: 'kept', encoding: 'utf8' }).trim();
    chmodSync(gitdir, 0o755);
    await prepareCache(gitdir, URL_CLEAN);
    expect(mode(gitdir)).toBe(0o700);
    expect(originOf(gitdir)).toBe(URL_CLEAN);
    expect(execFileSync('git', ['--git-dir', gitdir, 'cat-file', '-p', blob], { encoding: 'utf8' })).toBe('kept');
  });

  it('scrubs credentials an older version wrote into any repository of the cache, not only the one opened', async () => {
    const cache = base();
    const old = join(cache, 'old.git');
    execFileSync('git', ['init', '-q', '--bare', old]);
    execFileSync('git', ['--git-dir', old, 'remote', 'add', 'origin', URL_TOKEN]);
    chmodSync(old, 0o755);
    await prepareCache(join(cache, 'new.git'), URL_CLEAN);
    expect(readFileSync(join(old, 'config'), 'utf8')).not.toContain('t0k3n-at-rest');
    expect(originOf(old)).toBe(URL_CLEAN);
    expect(mode(old)).toBe(0o700);
  });

  it('leaves directories of the cache that are not repositories, and files, untouched', async () => {
    const cache = base();
    mkdirSync(join(cache, 'notes'), { mode: 0o755 });
    chmodSync(join(cache, 'notes'), 0o755);
    writeFileSync(join(cache, 'readme.git'), URL_TOKEN);
    await prepareCache(join(cache, 'new.git'), URL_CLEAN);
    expect(mode(join(cache, 'notes'))).toBe(0o755);
    expect(readFileSync(join(cache, 'readme.git'), 'utf8')).toBe(URL_TOKEN);
  });

  it('a repository of the cache without a config does not stop the others from being prepared', async () => {
    const cache = base();
    mkdirSync(join(cache, 'broken.git'));
    await prepareCache(join(cache, 'new.git'), URL_CLEAN);
    expect(originOf(join(cache, 'new.git'))).toBe(URL_CLEAN);
  });
});
