/**
 * One JSON request to a cluster's API server over node's HTTP(S), for the verbs a pass sends most (get, apply,
 * delete, list pages). client-node still decides paths (discovery) and authentication; its generated request
 * machinery (a fetch polyfill, model classes walked both ways, an observable chain) cost about as much CPU as
 * everything else a pass does, which bounded how many clusters one process keeps up with.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { clearTimeout as realClearTimeout, setTimeout as realSetTimeout } from 'node:timers';

/** JsonBody is what a request sends: its text and content type. */
export interface JsonBody {
  text: string;
  type: string;
}

/** HttpStatusError is an answer outside 2xx, shaped as client-node's ApiException (code, body text, headers). */
export class HttpStatusError extends Error {
  readonly code: number;
  readonly body: string;
  readonly headers: Record<string, string>;

  constructor(code: number, body: string, headers: Record<string, string>, what: string) {
    super(`${what}: HTTP ${code}`);
    this.name = 'HttpStatusError';
    this.code = code;
    this.body = body;
    this.headers = headers;
  }
}

/** Authenticate says, per request, which headers and agent the kubeconfig asks for. */
export type Authenticate = (url: string, method: string) => Promise<{ headers: Record<string, string>; agent: unknown }>;

/** JsonRequest sends one request and resolves to the parsed answer (null when empty); a non-2xx answer rejects with HttpStatusError. */
export type JsonRequest = (method: string, path: string, query?: Record<string, string | undefined>, body?: JsonBody) => Promise<unknown>;

/** RequestSettings are the server, its authentication and the deadlines of every request. */
export interface RequestSettings {
  server: string;
  authenticate: Authenticate;
  timeoutMs: number;
  /** the cluster's budget: aborting it ends the request at once */
  budget?: AbortSignal;
  /** sent as User-Agent: replicas of the reconciler share the field manager, their User-Agents tell them apart */
  userAgent?: string;
}

/**
 * jsonRequest binds the settings; each call authenticates as the kubeconfig says and has its own timeout. The
 * budget has one listener for the whole client, which ends the requests in flight: an AbortController, a signal
 * handed to node's request and a listener on the budget per request were a tenth of a first sync's client CPU.
 */
export function jsonRequest(s: RequestSettings): JsonRequest {
  const base = s.server.replace(/\/+$/, '');
  const live = new Set<Exchange>();
  s.budget?.addEventListener('abort', () => {
    for (const x of live) x.end(abortError(s.budget?.reason));
  }, { once: true });
  return async (method, path, query, body) => {
    const url = new URL(base + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const auth = await s.authenticate(url.toString(), method);
    const headers: Record<string, string> = { ...auth.headers, Accept: 'application/json', ...(s.userAgent ? { 'User-Agent': s.userAgent } : {}) };
    if (body) headers['Content-Type'] = body.type;
    if (s.budget?.aborted) throw abortError(s.budget.reason);
    const res = await exchange(url, { method, headers, agent: auth.agent }, body?.text, s.timeoutMs, live);
    if (res.status < 200 || res.status > 299) throw new HttpStatusError(res.status, res.text, res.headers, `${method} ${url.pathname}`);
    return res.text === '' ? null : JSON.parse(res.text);
  };
}

/** abortError is what node's request rejects with when its signal aborts: an AbortError whose cause is the reason. */
function abortError(reason: unknown): Error {
  return Object.assign(new Error('The operation was aborted', { cause: reason }), { name: 'AbortError', code: 'ABORT_ERR' });
}

/** Exchange is one request in flight; `end` gives up on it with an error (its timeout, or the budget). */
interface Exchange {
  end(err: Error): void;
}

/**
 * exchange makes one request, given up after `timeoutMs` (node's own timer: a test's fake clock does not decide a
 * request's deadline) or when something in `live` ends it.
 */
function exchange(url: URL, opts: Omit<SendOptions, 'signal'>, text: string | undefined, timeoutMs: number, live: Set<Exchange>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let ended: Error | undefined;
    const req = start(url, opts, text, (err, answer) => {
      realClearTimeout(timer);
      live.delete(x);
      if (err) reject(ended ?? err);
      else resolve(answer as Answer);
    });
    const x: Exchange = { end: (err) => { ended ??= err; req.destroy(err); } };
    const timer = realSetTimeout(() => x.end(abortError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))), timeoutMs);
    live.add(x);
  });
}

/** Answer is an HTTP answer as text. */
export interface Answer {
  status: number;
  text: string;
  headers: Record<string, string>;
}

/** SendOptions are one request's method, headers, agent (or TLS options) and signal. */
export type SendOptions = { method: string; headers: Record<string, string>; agent?: unknown; signal: AbortSignal } & Record<string, unknown>;

/** send makes one HTTP(S) request and reads its whole answer; it rejects only when no answer came. */
export function send(url: URL, opts: SendOptions, text?: string): Promise<Answer> {
  return new Promise((resolve, reject) => void start(url, opts, text, (err, answer) => (err ? reject(err) : resolve(answer as Answer))));
}

/** Done hears how a request ended: its whole answer, or the error that ended it (perhaps more than once: the first counts). */
type Done = (err: Error | undefined, answer?: Answer) => void;

/** start sends one request with its body; `done` hears the answer, read whole, or the error. */
function start(url: URL, opts: Omit<SendOptions, 'signal'> & { signal?: AbortSignal }, text: string | undefined, done: Done): ClientRequest {
  const open = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const req = open(url, opts as Parameters<typeof httpsRequest>[1], (res) => collect(res, done));
  req.on('error', (err) => done(err));
  req.end(text);
  return req;
}

/** collect reads an answer's body with plain events: an async iterator over the stream cost as much as the rest of reading it. */
function collect(res: IncomingMessage, done: Done): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('error', (err) => done(err));
  res.on('end', () => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    done(undefined, { status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers });
  });
  // a connection that closes before the body's end: the request's error (or this) says so, whichever comes first
  res.on('close', () => {
    if (!res.complete) done(new Error('aborted: the connection closed before the answer was complete'));
  });
}
