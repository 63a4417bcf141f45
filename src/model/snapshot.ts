import type { Diagnostic } from './diagnostic.js';

/** Snapshot is one revision of the policy repository as immutable files (path relative to the root, `/`-separated). */
export interface Snapshot {
  /** commit sha, or null for a plain directory */
  revision: string | null;
  files: ReadonlyMap<string, string>;
  /** what reading the revision found but did not read (e.g. a symlink that is not followed) */
  diagnostics?: readonly Diagnostic[];
}
