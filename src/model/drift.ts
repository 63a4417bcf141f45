import type { GitfedError } from './errors.js';
import type { KubeObject } from './kube.js';

/** DriftMode says what gitfed does about drift on an object (annotation `gitfed.io/drift`, repository default). */
export type DriftMode = 'correct' | 'report' | 'ignore';

/** FieldDrift is one field whose live value differs from the plan. */
export interface FieldDrift {
  /** dotted path as kubectl prints it, e.g. `spec.replicas` or `spec.template.spec.containers[name="web"].image` */
  path: string;
  /** values are masked (`***`) for Secret data */
  desired?: unknown;
  live?: unknown;
  /** the field manager that last wrote the live value (from managedFields), when known */
  manager?: string;
}

/** ObjectDrift is one object that differs from the plan: fields changed by others, or the object is gone. */
export interface ObjectDrift {
  /** `<apiVersion>/<kind>/<namespace>/<name>` */
  key: string;
  /** `Kind/namespace/name` */
  subject: string;
  type: 'modified' | 'missing';
  fields: FieldDrift[];
  mode: DriftMode;
}

/** ClusterDrift is the drift of one cluster against its plan. */
export interface ClusterDrift {
  cluster: string;
  objects: ObjectDrift[];
  /**
   * planned objects (by subject) the inventory lists as not yet applied here, e.g. after a failed create: not drift,
   * and not in sync either; the next reconcile applies them (set by a drift check, not by a cycle that applies)
   */
  pending?: string[];
  /** set when the cluster could not be checked; JSON shows its message */
  error?: GitfedError;
}

/** CommitState is a commit status state, as every forge names it in gitfed's vocabulary. */
export type CommitState = 'pending' | 'success' | 'failure' | 'error';

/** CommitStatus is one status to post on a commit: `gitfed/<cluster>` or the aggregate `gitfed`. */
export interface CommitStatus {
  context: string;
  state: CommitState;
  /** at most 140 characters */
  description: string;
  targetUrl?: string;
}

/** StatusReport is everything one cycle says about one commit, for reporters that keep details (git notes). */
export interface StatusReport {
  sha: string;
  statuses: CommitStatus[];
  /** per-cluster drift details, for the git-notes reporter */
  drift?: ClusterDrift[];
}

/** StatusReporter posts commit statuses to one place (a forge, or git notes). */
export interface StatusReporter {
  readonly name: string;
  /** true: every report must carry every status of the commit (git notes rewrite the outcome); else only changes are sent */
  readonly wholeReports?: boolean;
  /** report never rejects: it logs what it could not post, and tells onFailure so that a command can exit 3 */
  report(report: StatusReport, onFailure?: (err: GitfedError) => void): Promise<void>;
}

/** Observation is what the check read of one object: the live object and, when it exists, the dry-run apply of the plan. */
export interface Observation {
  live: KubeObject | null;
  desired?: KubeObject;
}

/** NotesStore is the port to a repository's git notes: the reporter composes each note, the store reads and writes it. */
export interface NotesStore {
  /** where the notes go, without credentials, for messages */
  readonly where: string;
  /** update composes the note of a commit from the one already there and writes it when the text differs */
  update(sha: string, compose: (existing: string | undefined) => string): Promise<void>;
  /** retryable tells whether a failed update may pass on another try */
  retryable(err: unknown): boolean;
  /** describe turns a failure into a message without credentials */
  describe(err: unknown): string;
}
