import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDirectorySnapshot } from '../../../src/git/directory-source.js';
import { GitfedError } from '../../../src/model/errors.js';

type Entry = string | Uint8Array | { link: string };

/** folder makes a temporary directory holding the given files and links. */
function folder(files: Record<string, Entry>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitfed-dir-'));
  for (const [path, entry] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    if (typeof entry === 'object' && 'link' in entry) symlinkSync(entry.link, join(dir, path));
    else writeFileSync(join(dir, path), entry);
  }
  return dir;
}

const limits = (maxFileBytes: number, maxRepoBytes: number) => ({ maxFileBytes, maxRepoBytes, maxObjects: 9 });
const LINK = 'is a symbolic link and is not followed';

describe('readDirectorySnapshot: a plain directory as a snapshot without a revision', () => {
  it('keeps .yaml, .yml and .json files at any depth, with /-separated paths, and no revision', async () => {
    const dir = folder({ 'a.yaml': 'a: 1\n', 'apps/b.YML': 'b: 1\n', 'apps/deep/c.json': '{}', 'README.md': '#', 'apps/x.txt': 'x' });
    const snap = await readDirectorySnapshot(dir);
    expect(snap.revision).toBeNull();
    expect([...snap.files.keys()].sort()).toEqual(['a.yaml', 'apps/b.YML', 'apps/deep/c.json']);
    expect(snap.files.get('apps/deep/c.json')).toBe('{}');
    expect(snap.diagnostics).toBeUndefined();
  });

  it('skips dot-files and dot-folders (.git, .github) at any depth', async () => {
    const dir = folder({ '.git/config.yaml': 'x: 1', '.github/ci.yaml': 'x: 1', 'apps/.hidden.yaml': 'x: 1', 'apps/.d/e.yaml': 'x: 1', 'apps/ok.yaml': 'ok: 1' });
    expect([...(await readDirectorySnapshot(dir)).files.keys()]).toEqual(['apps/ok.yaml']);
  });

  it('warns about links named as manifests and links to folders, follows neither, and ignores other links', async () => {
    const outside = folder({ 'secret.yaml': 'password: hunter2\n' });
    const dir = folder({
      'real.yaml': 'a: 1\n',
      'to-file.yaml': { link: 'real.yaml' },
      'to-outside.yaml': { link: join(outside, 'secret.yaml') },
      'to-folder': { link: outside },
      'dangling.yaml': { link: 'nowhere.yaml' },
      'notes': { link: 'real.yaml' },
    });
    const snap = await readDirectorySnapshot(dir);
    expect([...snap.files.keys()]).toEqual(['real.yaml']);
    expect([...snap.files.values()].join()).not.toContain('hunter2');
    expect(snap.diagnostics).toEqual(['dangling.yaml', 'to-file.yaml', 'to-folder', 'to-outside.yaml'].map((file) => ({ severity: 'warning', file, line: 1, message: LINK })));
  });

  it('refuses a file over the per-file limit by its size, and keeps the others', async () => {
    const dir = folder({ 'a.yaml': 'a: 1234567', 'b.yaml': 'b: 12345678901234567', 'c.yaml': 'c: 1234567' });
    const snap = await readDirectorySnapshot(dir, limits(10, 1000));
    expect([...snap.files.keys()]).toEqual(['a.yaml', 'c.yaml']);
    expect(snap.diagnostics).toEqual([{ severity: 'error', file: 'b.yaml', line: 0, message: 'is 20 bytes, over the limit of 10 bytes per file (--max-file-size); it was not read' }]);
    expect(snap.maxObjects).toBe(9);
  });

  it('stops at the file, in name order, that passes the revision limit, also from inside a folder', async () => {
    const dir = folder({ 'a.yaml': 'a: 1234567', 'b/x.yaml': 'x: 1234567', 'b/y.yaml': 'y: 1234567', 'c.yaml': 'c: 1234567' });
    for (let run = 0; run < 2; run++) {
      const snap = await readDirectorySnapshot(dir, limits(100, 25));
      expect([...snap.files.keys()]).toEqual(['a.yaml', 'b/x.yaml']);
      expect(snap.diagnostics?.map((d) => d.file)).toEqual(['b/y.yaml']);
    }
  });

  it('a file that is not UTF-8 is an error naming its line', async () => {
    const dir = folder({ 'bad.yaml': new Uint8Array([0x61, 0x0a, 0x62, 0xc3, 0x28]) });
    const snap = await readDirectorySnapshot(dir);
    expect(snap.files.size).toBe(0);
    expect(snap.diagnostics).toEqual([{ severity: 'error', file: 'bad.yaml', line: 2, message: 'is not UTF-8 text (invalid byte 0xc3 at offset 3)' }]);
  });

  it.each([
    ['a path that does not exist', () => join(tmpdir(), 'gitfed-no-such-folder'), 'cannot read the repository directory'],
    ['a file', () => join(folder({ 'a.yaml': 'a: 1' }), 'a.yaml'), 'is not a directory'],
  ])('%s is invalid input naming the path', async (_, path, message) => {
    const root = path();
    const err = await readDirectorySnapshot(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitfedError);
    expect(err).toMatchObject({ code: 'InvalidInput', subject: root, message: `${root}: ${message}` });
  });
});
