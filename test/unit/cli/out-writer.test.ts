import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packFiles, startOutWriter } from '../../../src/cli/out-writer.js';

describe('the worker that writes render --out files', () => {
  const dirs: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitfed-out-writer-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('writes every batch, each directory made first, with the exact text, once closed', async () => {
    const root = scratch();
    const writer = startOutWriter();
    for (let c = 0; c < 5; c++) {
      const dir = join(root, `cluster-${c}`);
      // texts of several lengths, one empty, non-ASCII ones: each file gets exactly its slice of the packed text
      await writer.write(dir, packFiles(Array.from({ length: 30 }, (_, i) => ({ path: join(dir, `obj-${i}.yaml`), text: i === 3 ? '' : `cluster: ${c}\nobject: ${i}\nü: "é"\n${'x'.repeat(i)}` }))));
    }
    await writer.close();
    for (let c = 0; c < 5; c++) {
      expect(readdirSync(join(root, `cluster-${c}`))).toHaveLength(30);
      for (const i of [0, 7, 29]) expect(readFileSync(join(root, `cluster-${c}`, `obj-${i}.yaml`), 'utf8')).toBe(`cluster: ${c}\nobject: ${i}\nü: "é"\n${'x'.repeat(i)}`);
      expect(readFileSync(join(root, `cluster-${c}`, 'obj-3.yaml'), 'utf8')).toBe('');
    }
  });

  it('in a directory that was there, a file already holding its text is left alone and the others are written', async () => {
    const dir = join(scratch(), 'cluster-a');
    mkdirSync(dir);
    const [same, changed, added] = ['same.yaml', 'changed.yaml', 'added.yaml'].map((n) => join(dir, n)) as [string, string, string];
    writeFileSync(same, 'kind: A\n');
    writeFileSync(changed, 'kind: B\nold: true\n');
    const long = new Date('2001-02-03T04:05:06Z');
    for (const f of [same, changed]) utimesSync(f, long, long);
    const writer = startOutWriter();
    await writer.write(dir, packFiles([{ path: same, text: 'kind: A\n' }, { path: changed, text: 'kind: B\n' }, { path: added, text: 'kind: C\n' }]));
    await writer.close();
    expect(statSync(same).mtime).toEqual(long);
    expect(readFileSync(changed, 'utf8')).toBe('kind: B\n');
    expect(statSync(changed).mtime).not.toEqual(long);
    expect(readFileSync(added, 'utf8')).toBe('kind: C\n');
  });

  it('a failed write is thrown, by a later write or by close, and the worker stops', async () => {
    const root = scratch();
    // a file where a directory should be: mkdir fails
    writeFileSync(join(root, 'taken'), 'x');
    const writer = startOutWriter();
    const attempt = async () => {
      await writer.write(join(root, 'taken', 'sub'), packFiles([{ path: join(root, 'taken', 'sub', 'a.yaml'), text: 'a' }]));
      for (let i = 0; i < 3; i++) await writer.write(join(root, `ok-${i}`), packFiles([{ path: join(root, `ok-${i}`, 'b.yaml'), text: 'b' }]));
    };
    const failed = await attempt().then(() => undefined, (err: unknown) => err);
    const closed = await writer.close().then(() => undefined, (err: unknown) => err);
    const err = (failed ?? closed) as Error | undefined;
    expect(err?.message).toMatch(/ENOTDIR|EEXIST/);
  });
});
