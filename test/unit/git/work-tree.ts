import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A file's new content: text or bytes, `{ link }` for a symbolic link, null to delete it. */
export type Change = string | Uint8Array | { link: string } | null;

/** WorkTree is a local repository built with the real git command, so that src/git is read against what Git itself wrote. */
export interface WorkTree {
  dir: string;
  gitdir: string;
  /** commit applies the changes, commits everything and returns the new commit */
  commit(files: Record<string, Change>, message?: string): string;
  git(...args: string[]): string;
}

const IDENTITY = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

/** workTree makes an empty repository on branch `main` in a fresh temporary directory. */
export function workTree(prefix = 'gitfed-tree-'): WorkTree {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...IDENTITY } }).trim();
  git('init', '-q', '-b', 'main');
  return {
    dir,
    gitdir: join(dir, '.git'),
    git,
    commit(files, message = 'change') {
      for (const [path, change] of Object.entries(files)) {
        const full = join(dir, path);
        rmSync(full, { force: true, recursive: true });
        if (change === null) continue;
        mkdirSync(dirname(full), { recursive: true });
        if (typeof change === 'object' && 'link' in change) symlinkSync(change.link, full);
        else writeFileSync(full, change);
      }
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
  };
}
