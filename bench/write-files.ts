import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** writeFiles writes path -> text under dir (e.g. a generated snapshot, so that the CLI reads it as a user would). */
export function writeFiles(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}
