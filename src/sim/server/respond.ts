import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'yaml';
import { ApiError, type StatusDetails } from '../api-error.js';

/** JSON_TYPE is the content type of every JSON answer, as the real server sends it. */
export const JSON_TYPE = 'application/json';

/** MAX_BODY_BYTES mirrors the API server's 3 MiB request limit (plus slack for the JSON envelope). */
const MAX_BODY_BYTES = 3 * 1024 * 1024 + 64 * 1024;

/** sendJson writes one JSON (or YAML when the client asked only for YAML) document. */
export function sendJson(req: IncomingMessage, res: ServerResponse, code: number, body: unknown, contentType = JSON_TYPE): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const yaml = wantsYamlOnly(req.headers.accept);
  const text = yaml ? stringify(body) : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': yaml ? 'application/yaml' : contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** sendStatus writes an ApiError as a Kubernetes Status object with its code. */
export function sendStatus(req: IncomingMessage, res: ServerResponse, err: ApiError, headers: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(headers)) if (!res.headersSent) res.setHeader(k, v);
  sendJson(req, res, err.code, err.toStatus());
}

/** notFound is the 404 the real server gives for a path or resource it does not serve. */
export function notFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** badRequest is a 400 BadRequest Status with free text. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** internalError wraps an unexpected exception as the real server's 500 InternalError. */
export function internalError(err: unknown): ApiError {
  const msg = err instanceof Error ? err.message : String(err);
  return new ApiError(500, 'InternalError', `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
}

/** injectedError builds the Status of an injected 500 / 503 / 429 / 409 fault. */
export function injectedError(code: number, retryAfterSeconds?: number, target?: StatusDetails): ApiError {
  const retry = retryAfterSeconds === undefined ? {} : { retryAfterSeconds };
  if (code === 429) return new ApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', retry);
  if (code === 503) return new ApiError(503, 'ServiceUnavailable', 'The server is currently unable to handle the request', retry);
  if (code === 409) {
    const gr = target?.group ? `${target.kind ?? ''}.${target.group}` : target?.kind ?? '';
    return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${gr} "${target?.name ?? ''}": the object has been modified; please apply your changes to the latest version and try again`, target);
  }
  return internalError('injected fault');
}

/** acceptable says whether the Accept header admits a JSON (or YAML) answer; protobuf-only clients get 406. */
export function acceptable(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const type = (part.split(';')[0] ?? '').trim().toLowerCase();
    return type === '*/*' || type === 'application/*' || type === 'application/json' || type === 'application/yaml';
  });
}

function wantsYamlOnly(accept: string | undefined): boolean {
  return !!accept && /application\/yaml/i.test(accept) && !/application\/json|\*\/\*/i.test(accept);
}

/** readBody collects the request body as text (400 when it exceeds the limit). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
