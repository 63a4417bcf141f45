import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
