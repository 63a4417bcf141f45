import * as fs from 'node:fs';
import { join } from 'node:path';
import { git } from './iso-git.js';

/** AUTHOR signs the commits gitfed makes itself (the demo's repository). */
const AUTHOR = { name: 'gitfed demo', email: 'demo@gitfed.invalid' };

function gitdirOf(dir: string): string {
  const dotGit = join(dir, '.git');
  return fs.existsSync(dotGit) ? dotGit : dir;
}

/** initRepo makes `dir` (which already holds the files) a Git repository on branch main. */
export async function initRepo(dir: string): Promise<void> {
  await git.init({ fs, dir, defaultBranch: 'main' });
}

/** commitAll stages every file of the work tree (new, changed and deleted) and commits; returns the commit. */
export async function commitAll(dir: string, message: string): Promise<string> {
  const matrix = await git.statusMatrix({ fs, dir });
  for (const [filepath, , workdir] of matrix) {
    // statusMatrix columns: [path, HEAD, WORKDIR, STAGE]; WORKDIR 0 means the file is gone
    if (workdir === 0) await git.remove({ fs, dir, filepath });
    else await git.add({ fs, dir, filepath });
  }
  return git.commit({ fs, dir, message, author: AUTHOR, committer: AUTHOR });
}

/** readNoteText reads the note a notes ref holds for a commit; undefined when there is none. */
export async function readNoteText(dir: string, ref: string, oid: string): Promise<string | undefined> {
  return git.readNote({ fs, gitdir: gitdirOf(dir), ref, oid }).then((b) => Buffer.from(b).toString('utf8'), () => undefined);
}

/** originUrl is the URL of a local repository's `origin` remote; undefined when it has none. */
export async function originUrl(dir: string): Promise<string | undefined> {
  const url: unknown = await git.getConfig({ fs, gitdir: gitdirOf(dir), path: 'remote.origin.url' }).catch(() => undefined);
  return typeof url === 'string' && url !== '' ? url : undefined;
}
