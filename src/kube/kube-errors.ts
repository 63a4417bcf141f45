/** What the client adapter says about a failure without client-node's types: aborts, network codes, Status bodies, redaction, retries, messages. */
import { GitfedError, type ErrorCode } from '../model/errors.js';
import { parseRetryAfter, type Transience } from './retry.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET']);

/** isAbort tells a request cancelled by its timeout or budget. */
export function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || (err as { type?: string }).type === 'aborted');
}

/** networkCode is the connection error code of a failure, when it is one. */
export function networkCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown; errno?: unknown } | null)?.code;
  return typeof code === 'string' && NETWORK_CODES.has(code) ? code : undefined;
}

/** StatusBody is the part of a Kubernetes Status that messages use. */
export interface StatusBody {
  message?: string;
  reason?: string;
  details?: { retryAfterSeconds?: number };
}

/** parseStatus reads a Status body (JSON text or object); undefined when it is not one. */
export function parseStatus(body: unknown): StatusBody | undefined {
  try {
    const v: unknown = typeof body === 'string' ? JSON.parse(body) : body;
    return v !== null && typeof v === 'object' ? (v as StatusBody) : undefined;
  } catch {
    return undefined;
  }
}

/** redact removes bearer/basic credentials and the kubeconfig's secrets from a message. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 <redacted>');
  for (const s of secrets) out = out.split(s).join('<redacted>');
  return out;
}

/** statusOf is the HTTP status of a failure the server answered (client-node's ApiException or an HttpStatusError). */
export function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'number' ? code : undefined;
}

/** Answered is what both kinds of answered failure carry. */
type Answered = { headers?: Record<string, string>; body?: unknown };

/** transience: 429, 5xx, connection errors and request timeouts are retried; not once the cluster budget is spent. */
export function transience(err: unknown, budget: AbortSignal | undefined): Transience {
  if (budget?.aborted) return { retryable: false };
  const status = statusOf(err);
  if (status !== undefined) {
    const retryable = status === 429 || (status >= 500 && status !== 501);
    const header = (err as Answered).headers?.['retry-after'];
    const after = parseRetryAfter(header) ?? retryAfterSeconds((err as Answered).body);
    return after === undefined ? { retryable } : { retryable, retryAfterMs: after };
  }
  return { retryable: isAbort(err) || networkCode(err) !== undefined };
}

function retryAfterSeconds(body: unknown): number | undefined {
  const seconds = parseStatus(body)?.details?.retryAfterSeconds;
  return typeof seconds === 'number' ? seconds * 1000 : undefined;
}

/** WrapContext is what a failure's message names. */
export interface WrapContext {
  cluster: string;
  subject: string;
  verb: string;
  timeoutMs: number;
  secrets: readonly string[];
  signal: AbortSignal | undefined;
}

/** wrap turns a client failure into a GitfedError `cluster: Kind/ns/name: verb failed (...)`, with no credentials. */
export function wrap(err: unknown, w: WrapContext): GitfedError {
  const status = statusOf(err);
  let code: ErrorCode = 'ClusterApiError';
  let detail: string;
  if (status !== undefined) {
    const body = parseStatus((err as Answered).body);
    if (status === 409) code = 'ApplyConflict';
    detail = `${w.verb} failed (${status}${body?.reason ? ` ${body.reason}` : ''})${body?.message ? `: ${body.message}` : ''}`;
  } else if (isAbort(err)) {
    code = 'ClusterUnreachable';
    detail = w.signal?.aborted ? `${w.verb} cancelled: the cluster's time is up` : `${w.verb} timed out after ${w.timeoutMs} ms`;
  } else {
    if (networkCode(err) !== undefined) code = 'ClusterUnreachable';
    detail = `${w.verb} failed: ${err instanceof Error ? err.message : String(err)}`;
  }
  return new GitfedError(code, `${w.cluster}: ${w.subject}`, redact(detail, w.secrets), { cause: err });
}
