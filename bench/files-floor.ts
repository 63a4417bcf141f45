import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOrThrow, type Measured } from './measure.js';

/**
 * The disk's share of `render --out` with a file per object: a plain Node process that does nothing but create the
 * same tree (the same directories, names and file sizes as a render wrote) with one writeFileSync per file, as
 * gitfed's writer does. A reference, not a bound: the disk's state moves it by more than the render's work (a render
 * right before it leaves the kernel writing its files back).
 */
const WRITER = `
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const [listing, root] = process.argv.slice(1);
const dirs = JSON.parse(readFileSync(listing, 'utf8'));
for (const { dir, names, sizes } of dirs) {
  const d = join(root, dir);
  mkdirSync(d, { recursive: true });
  for (let i = 0; i < names.length; i++) writeFileSync(join(d, names[i]), 'x'.repeat(sizes[i]));
}
`;

/** writeListing lists the tree under rendered (directories, file names, sizes) into listing, outside the measure. */
function writeListing(rendered: string, listing: string): number {
  let files = 0;
  const dirs = readdirSync(rendered).map((dir) => {
    const names = readdirSync(join(rendered, dir));
    files += names.length;
    return { dir, names, sizes: names.map((n) => statSync(join(rendered, dir, n)).size) };
  });
  writeFileSync(listing, JSON.stringify(dirs));
  return files;
}

/** filesFloor times a process creating the tree `rendered` holds, afresh under `into`. */
export async function filesFloor(rendered: string, into: string): Promise<Measured & { files: number }> {
  const listing = `${into}.json`;
  const files = writeListing(rendered, listing);
  return { ...(await runOrThrow(process.execPath, ['-e', WRITER, listing, into], { timeoutMs: 3_600_000 })), files };
}
