/** What the client adapter says about a failure without client-node's types: aborts, network codes, Status bodies, redaction. */

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
