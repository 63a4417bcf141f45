import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { watch } from 'chokidar';
import type { Stoppable } from './interval.js';

/** DEBOUNCE_MS gathers the several files one commit or one editor save touches into one trigger. */
export const DEBOUNCE_MS = 300;

/**
 * watchedPaths: for a Git repository only the branch and tag refs and HEAD, so a new commit triggers a
 * cycle but the cycle's own git notes (refs/notes) do not; for a plain directory, its files.
 */
export function watchedPaths(repo: string): { paths: string[]; ignored?: (path: string) => boolean } {
  const dotGit = join(repo, '.git');
  const gitdir = existsSync(dotGit) ? dotGit : existsSync(join(repo, 'HEAD')) ? repo : undefined;
  if (gitdir) return { paths: ['HEAD', 'packed-refs', 'refs/heads', 'refs/tags'].map((p) => join(gitdir, p)) };
  return { paths: [repo], ignored: (path) => /(^|[/\\])(\.git|node_modules)([/\\]|$)/.test(path) };
}

/** watchRepository calls `tick` (debounced) when a local repository gets a new commit or a plain directory changes. */
export async function watchRepository(repo: string, tick: () => void, debounceMs = DEBOUNCE_MS): Promise<Stoppable> {
  const { paths, ignored } = watchedPaths(repo);
  const watcher = watch(paths, { ignoreInitial: true, ...(ignored ? { ignored } : {}) });
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', () => {
    clearTimeout(timer);
    timer = setTimeout(tick, debounceMs);
  });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    stop: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
