/**
 * One JSON request to a cluster's API server over node's HTTP(S), for the verbs a pass sends most (get, apply,
 * delete, list pages). client-node still decides paths (discovery) and authentication; its generated request
 * machinery (a fetch polyfill, model classes walked both ways, an observable chain) cost about as much CPU as
 * everything else a pass does, which bounded how many clusters one process keeps up with.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
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

/** jsonRequest binds the settings; each call authenticates as the kubeconfig says and has its own timeout. */
export function jsonRequest(s: RequestSettings): JsonRequest {
  return async (method, path, query, body) => {
    const url = new URL(s.server.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const auth = await s.authenticate(url.toString(), method);
    const headers: Record<string, string> = { ...auth.headers, Accept: 'application/json', ...(s.userAgent ? { 'User-Agent': s.userAgent } : {}) };
    if (body) headers['Content-Type'] = body.type;
    const end = deadline(s.timeoutMs, s.budget);
    const res = await send(url, { method, headers, agent: auth.agent, signal: end.signal }, body?.text).finally(end.done);
    if (res.status < 200 || res.status > 299) throw new HttpStatusError(res.status, res.text, res.headers, `${method} ${url.pathname}`);
    return res.text === '' ? null : JSON.parse(res.text);
  };
}

/**
 * deadline is one request's signal, aborted at its timeout or with the budget, and ended with the request:
 * AbortSignal.timeout's timer outlives a request and builds a DOMException when it fires, and AbortSignal.any
 * keeps weak references; at hundreds of requests a second both were a visible share of the CPU and the GC.
 */
function deadline(timeoutMs: number, budget: AbortSignal | undefined): { signal: AbortSignal; done: () => void } {
  const c = new AbortController();
  const onBudget = (): void => c.abort(budget?.reason);
  // node's own timers, as AbortSignal.timeout uses: a test's fake clock does not decide a request's deadline
  const timer = realSetTimeout(() => c.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs).unref();
  if (budget?.aborted) onBudget();
  else budget?.addEventListener('abort', onBudget, { once: true });
  return {
    signal: c.signal,
    done: () => {
      realClearTimeout(timer);
      budget?.removeEventListener('abort', onBudget);
    },
  };
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
  const open = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = open(url, opts as Parameters<typeof httpsRequest>[1], (res) => collect(res).then(resolve, reject));
    req.on('error', reject);
    req.end(text);
  });
}

async function collect(res: IncomingMessage): Promise<Answer> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return { status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers };
}

