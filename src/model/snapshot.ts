import type { Diagnostic } from './diagnostic.js';

/** Snapshot is one revision of the policy repository as immutable files (path relative to the root, `/`-separated). */
export interface Snapshot {
  /** commit sha, or null for a plain directory */
  revision: string | null;
  files: ReadonlyMap<string, string>;
  /** what reading the revision found but did not read (a symlink not followed, a file over a limit, bad UTF-8) */
  diagnostics?: readonly Diagnostic[];
  /** the operator's limit on documents, enforced while the revision is parsed */
  maxObjects?: number;
}
