import type { IncomingMessage } from 'node:http';
import type { Forge } from './webhook-signature.js';

/**
 * Limits on reading webhook bodies. Nothing is known about a sender until its body's signature checks out,
 * so whatever reading a body costs must be bounded before then: its size, how many are read at once and how
 * long one may take.
 */

/** IntakeLimits bound the webhook bodies read before their signature is verified. */
export interface IntakeLimits {
  /** largest body read, per forge; a push delivery is far smaller than GitHub's 25 MB cap */
  maxBodyBytes: Record<Forge, number>;
  /** bodies read at once; more get 503 with Retry-After */
  maxInFlight: number;
  /** a body not complete within this gets 408 */
  bodyTimeoutMs: number;
  /** starts the body timer; returns its cancel (tests pass their own clock) */
  startTimer: (ms: number, fire: () => void) => () => void;
}

/** DEFAULT_MAX_BODY_BYTES is 2 MiB: far above a push delivery's usual few KiB, far below GitHub's own 25 MB cap. */
export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

/** DEFAULT_INTAKE_LIMITS: 2 MiB for every forge, 16 at once, 10 s. */
export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  maxBodyBytes: { github: DEFAULT_MAX_BODY_BYTES, gitlab: DEFAULT_MAX_BODY_BYTES, gitea: DEFAULT_MAX_BODY_BYTES },
  maxInFlight: 16,
  bodyTimeoutMs: 10_000,
  startTimer: (ms, fire) => {
    const t = setTimeout(fire, ms);
    return () => clearTimeout(t);
  },
};

/** IntakeRefusal is why a body was not read to the end: the HTTP status and a message. */
export interface IntakeRefusal {
  readonly refused: true;
  readonly status: 408 | 413 | 503;
  readonly message: string;
}

/** IntakeResult is a whole body, or why it was not read. */
export type IntakeResult = { readonly refused: false; readonly body: Buffer } | IntakeRefusal;

function refusal(status: IntakeRefusal['status'], message: string): IntakeRefusal {
  return { refused: true, status, message };
}

function tooLarge(forge: Forge, limits: IntakeLimits): IntakeRefusal {
  return refusal(413, `payload too large: ${forge} deliveries are read up to ${limits.maxBodyBytes[forge]} bytes`);
}

/** declaredTooLarge refuses from Content-Length alone, before anything is read. */
export function declaredTooLarge(req: IncomingMessage, forge: Forge, limits: IntakeLimits): IntakeRefusal | undefined {
  const declared = Number(req.headers['content-length'] ?? 0);
  return declared > limits.maxBodyBytes[forge] ? tooLarge(forge, limits) : undefined;
}

/** createIntake reads bodies within the limits; one that cannot be read within them is refused. */
export function createIntake(limits: IntakeLimits): (req: IncomingMessage, forge: Forge) => Promise<IntakeResult> {
  let inFlight = 0;
  return async (req, forge) => {
    if (inFlight >= limits.maxInFlight) return refusal(503, 'too many webhook deliveries at once; retry later');
    inFlight++;
    try {
      return await readWithin(req, forge, limits);
    } finally {
      inFlight--;
    }
  };
}

function readWithin(req: IncomingMessage, forge: Forge, limits: IntakeLimits): Promise<IntakeResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: IntakeResult) => {
      cancel();
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      resolve(result);
    };
    const cancel = limits.startTimer(limits.bodyTimeoutMs, () => finish(refusal(408, `the body did not arrive within ${limits.bodyTimeoutMs} ms`)));
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBodyBytes[forge]) finish(tooLarge(forge, limits));
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ refused: false, body: Buffer.concat(chunks) });
    // a sender that hangs up frees its place at once rather than when the timer fires
    const onGone = () => finish(refusal(408, 'the connection closed before the body arrived'));
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
  });
}
