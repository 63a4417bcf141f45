import { ForgeError } from './retry.js';

/** FetchLike is the part of the global fetch that the reporters use; tests may inject one. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** JsonClient holds what every request of one forge carries: API base, auth headers, user agent, timeout. */
export interface JsonClient {
  base: string;
  headers: Record<string, string>;
  fetch: FetchLike;
  timeoutMs: number;
}

/** JsonAnswer is a successful forge answer: parsed body and lower-cased headers. */
export interface JsonAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** requestJson sends one request and returns the parsed answer, or throws ForgeError for a non-2xx answer or no answer. */
export async function requestJson(client: JsonClient, method: 'GET' | 'POST', path: string, body?: unknown): Promise<JsonAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...client.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await client.fetch(client.base + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(client.timeoutMs), redirect: 'follow',
    });
  } catch (err) {
    // undici hides the reason in `cause` (ECONNREFUSED, ECONNRESET); the URL carries no credentials, so it may be named
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    throw new ForgeError(`${method} ${path}: no answer (${err instanceof Error ? err.message : String(err)}${cause})`);
  }
  const text = await res.text().catch(() => '');
  const answerHeaders = Object.fromEntries([...res.headers].map(([k, v]) => [k.toLowerCase(), v]));
  const parsed = parseBody(text);
  if (!res.ok) throw new ForgeError(`${method} ${path}: HTTP ${res.status} ${errorText(parsed)}`.trim(), res.status, answerHeaders);
  return { status: res.status, body: parsed, headers: answerHeaders };
}

function parseBody(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text; // GitLab's 429 body is plain text
  }
}

/** errorText pulls a readable message out of the forges' error bodies (`message` as string or object, or `error`). */
export function errorText(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 300);
  if (typeof body !== 'object' || body === null) return '';
  const { message, error } = body as { message?: unknown; error?: unknown };
  const picked = message !== undefined && message !== '' ? message : error;
  if (picked === undefined) return '';
  return (typeof picked === 'string' ? picked : JSON.stringify(picked)).slice(0, 300);
}

/** withApiSuffix makes an instance URL into its API base: `https://h/sub` becomes `https://h/sub/api/vN`; an API base stays. */
export function withApiSuffix(url: string, suffix: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith(suffix) ? trimmed : trimmed + suffix;
}
