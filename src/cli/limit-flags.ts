import type { Command } from 'commander';
import { GitfedError } from '../model/errors.js';
import { DEFAULT_REPO_LIMITS, type RepoLimits } from '../model/limits.js';

/** LimitFlags are the raw values of the repository limit flags. */
export interface LimitFlags {
  maxFileSize?: string;
  maxRepoSize?: string;
  maxObjects?: string;
}

const UNITS: Record<string, number> = { '': 1, B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, KB: 1000, MB: 1000 ** 2, GB: 1000 ** 3 };

const mib = (bytes: number) => `${bytes / 1024 ** 2}MiB`;

/** addLimitOptions declares the flags that bound what one revision of the repository may hold. */
export function addLimitOptions(cmd: Command): Command {
  return cmd
    .option('--max-file-size <size>', `largest manifest file read, e.g. 512KiB (default ${mib(DEFAULT_REPO_LIMITS.maxFileBytes)}); a bigger one is an error`)
    .option('--max-repo-size <size>', `all manifest files of a revision together (default ${mib(DEFAULT_REPO_LIMITS.maxRepoBytes)})`)
    .option('--max-objects <n>', `documents in a revision (default ${DEFAULT_REPO_LIMITS.maxObjects})`);
}

/** parseSize reads `4MiB`, `512KiB`, `1GB` or a plain byte count. */
export function parseSize(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]i?B|B)?$/.exec(text.trim());
  const unit = m ? UNITS[m[2] ?? ''] : undefined;
  if (!m || unit === undefined) throw new GitfedError('UsageError', flag, `invalid size "${text}": use e.g. 4MiB, 512KiB or a byte count`);
  return Math.floor(Number(m[1]) * unit);
}

/** limitsOf turns the flags into limits (defaults for those not given). */
export function limitsOf(flags: LimitFlags): RepoLimits {
  const objects = Number(flags.maxObjects ?? DEFAULT_REPO_LIMITS.maxObjects);
  if (!Number.isInteger(objects) || objects < 1) throw new GitfedError('UsageError', '--max-objects', `must be a positive whole number, got "${flags.maxObjects}"`);
  return {
    maxFileBytes: flags.maxFileSize ? parseSize(flags.maxFileSize, '--max-file-size') : DEFAULT_REPO_LIMITS.maxFileBytes,
    maxRepoBytes: flags.maxRepoSize ? parseSize(flags.maxRepoSize, '--max-repo-size') : DEFAULT_REPO_LIMITS.maxRepoBytes,
    maxObjects: objects,
  };
}
