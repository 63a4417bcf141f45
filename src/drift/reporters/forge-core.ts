import type { RetryPolicy, Sleeper } from '../../kube/retry.js';
import { serial, sleep } from '../../kube/concurrency.js';
import type { CommitStatus, StatusReport, StatusReporter } from '../../model/drift.js';
import { classifyForgeError, FORGE_RETRY, ForgeError, safeMessage, withForgeRetry } from './retry.js';

/** ForgeKind names the forges that take commit statuses over HTTP. */
export type ForgeKind = 'github' | 'gitlab' | 'gitea';

/** WireStatus is one status in the forge's own vocabulary, as sent and as read back. */
export interface WireStatus {
  context: string;
  state: string;
  description: string;
  targetUrl?: string;
}

/** ForgeClient is the thin, forge-specific part of a reporter: naming, reading back and posting. */
export interface ForgeClient {
  readonly kind: ForgeKind;
  /** toWire maps gitfed's state and trims the description to the forge's limit. */
  toWire(status: CommitStatus): WireStatus;
  /** contextKey is the identity the forge gives a context (GitHub ignores case, Gitea does not). */
  contextKey(context: string): string;
  /** unchanged says that posting `want` would change nothing the forge shows (or could change, for GitLab). */
  unchanged(have: WireStatus, want: WireStatus): boolean;
  /** current reads the newest status per context on the commit. */
  current(sha: string): Promise<WireStatus[]>;
  post(sha: string, status: WireStatus): Promise<void>;
}

/** StatusOutcome is what became of one status: written, skipped as already there, or failed (message has no token). */
export interface StatusOutcome {
  context: string;
  result: 'posted' | 'unchanged' | 'failed';
  message?: string;
}

/** ForgeReportOutcome is what one report did on one forge. */
export interface ForgeReportOutcome {
  forge: ForgeKind;
  sha: string;
  statuses: StatusOutcome[];
}

/** ForgeReporter is a StatusReporter whose `post` also returns the outcome; neither method ever rejects. */
export interface ForgeReporter extends StatusReporter {
  post(report: StatusReport): Promise<ForgeReportOutcome>;
}

/** ReporterRuntime is the behaviour shared by all forge reporters. */
export interface ReporterRuntime {
  token: string;
  targetUrl?: string;
  log: (message: string) => void;
  retry?: RetryPolicy;
  sleeper?: Sleeper;
  /** pause between two writes; GitHub asks for about 1 s to stay under its content-creation limit */
  writeGapMs: number;
  /** read the forge's current statuses before the first post of a commit (§1.5), so a restart does not re-post */
  readFirst: boolean;
}

/** MAX_COMMITS bounds the memory of what was posted: a reconciler only ever re-reports its recent commits. */
const MAX_COMMITS = 64;

/** truncate trims whitespace and shortens text to `limit` UTF-16 units with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, limit: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= limit) return trimmed;
  let cut = limit - 1;
  const last = trimmed.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return trimmed.slice(0, cut) + '…';
}

/** makeForgeReporter wraps a ForgeClient with the idempotence cache, retries and failure handling. */
export function makeForgeReporter(client: ForgeClient, rt: ReporterRuntime): ForgeReporter {
  const poster = new StatusPoster(client, rt);
  // one report at a time per reporter: writes are serialised (§1.5) and two cycles never race past the cache
  const inTurn = serial();
  const post = (report: StatusReport): Promise<ForgeReportOutcome> => inTurn(() => poster.post(report)).catch((err: unknown) => ({
    forge: client.kind, sha: report.sha,
    statuses: report.statuses.map((s) => ({ context: s.context, result: 'failed' as const, message: safeMessage(err, rt.token) })),
  }));
  return {
    name: client.kind, post,
    report: async (report, onFailure) => {
      const outcome = await post(report);
      logFailures(outcome, rt.log);
      const failed = outcome.statuses.filter((s) => s.result === 'failed');
      if (failed.length && onFailure) onFailure(new ForgeError(`${client.kind}: ${failed.length} of ${outcome.statuses.length} statuses on ${report.sha.slice(0, 12)} not posted: ${failed[0]?.message ?? 'failed'}`));
    },
  };
}

/** StatusPoster holds what one reporter has posted (or read back) per commit, and posts only what changed. */
class StatusPoster {
  private readonly seen = new Map<string, Map<string, WireStatus>>();
  private readonly client: ForgeClient;
  private readonly rt: ReporterRuntime;
  private readonly sleeper: Sleeper;

  constructor(client: ForgeClient, rt: ReporterRuntime) {
    this.client = client;
    this.rt = rt;
    this.sleeper = rt.sleeper ?? sleep;
  }

  async post(report: StatusReport): Promise<ForgeReportOutcome> {
    const wanted = report.statuses.map((s) => this.client.toWire({ ...s, targetUrl: s.targetUrl ?? this.rt.targetUrl }));
    const outcome: ForgeReportOutcome = { forge: this.client.kind, sha: report.sha, statuses: [] };
    const failAll = (from: number, message: string): void => {
      for (const w of wanted.slice(from)) outcome.statuses.push({ context: w.context, result: 'failed', message });
    };
    let forCommit: Map<string, WireStatus>;
    try {
      forCommit = await this.known(report.sha, wanted);
    } catch (err) {
      failAll(0, `reading statuses: ${safeMessage(err, this.rt.token)}`);
      return outcome;
    }
    let wrote = false;
    for (const [i, want] of wanted.entries()) {
      const have = forCommit.get(this.client.contextKey(want.context));
      if (have && this.client.unchanged(have, want)) {
        outcome.statuses.push({ context: want.context, result: 'unchanged' });
        continue;
      }
      if (wrote && this.rt.writeGapMs > 0) await this.sleeper(this.rt.writeGapMs);
      wrote = true;
      const failure = await this.write(report.sha, want, forCommit);
      if (failure === undefined) {
        outcome.statuses.push({ context: want.context, result: 'posted' });
      } else if (failure.down) {
        // a forge still down after the retries is down for the rest of this report: do not wait on it once per status
        failAll(i, failure.message);
        break;
      } else {
        outcome.statuses.push({ context: want.context, result: 'failed', message: failure.message });
      }
    }
    return outcome;
  }

  private async write(sha: string, want: WireStatus, forCommit: Map<string, WireStatus>): Promise<{ message: string; down: boolean } | undefined> {
    try {
      await this.retry(() => this.client.post(sha, want));
      forCommit.set(this.client.contextKey(want.context), want);
      return undefined;
    } catch (err) {
      return { message: safeMessage(err, this.rt.token), down: classifyForgeError(err).retryable };
    }
  }

  /** known is what the forge shows on the commit: remembered, or read once when a context is not remembered yet. */
  private async known(sha: string, wanted: WireStatus[]): Promise<Map<string, WireStatus>> {
    let forCommit = this.seen.get(sha);
    if (!forCommit) {
      if (this.seen.size >= MAX_COMMITS) this.seen.delete(this.seen.keys().next().value as string);
      forCommit = new Map();
      this.seen.set(sha, forCommit);
    }
    const missing = wanted.some((w) => !forCommit.has(this.client.contextKey(w.context)));
    if (this.rt.readFirst && missing) {
      for (const have of await this.retry(() => this.client.current(sha))) forCommit.set(this.client.contextKey(have.context), have);
    }
    return forCommit;
  }

  private retry<T>(call: () => Promise<T>): Promise<T> {
    return withForgeRetry(call, this.rt.retry ?? FORGE_RETRY, this.sleeper);
  }
}

/** logFailures writes one line per distinct failure, so a forge that is down does not flood the log. */
function logFailures(outcome: ForgeReportOutcome, log: (message: string) => void): void {
  const byMessage = new Map<string, string[]>();
  for (const s of outcome.statuses) {
    if (s.result !== 'failed') continue;
    const message = s.message ?? 'failed';
    byMessage.set(message, [...(byMessage.get(message) ?? []), s.context]);
  }
  for (const [message, contexts] of byMessage) {
    log(`${outcome.forge} status ${contexts.join(', ')} on ${outcome.sha.slice(0, 12)} not posted: ${message}`);
  }
}
