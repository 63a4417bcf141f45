import type { IncomingMessage } from 'node:http';

/**
 * Limits on reading webhook bodies. Nothing is known about a sender until its body's signature checks out,
 * so whatever reading a body costs must be bounded before then: its size, how many are read at once and how
 * long one may take.
 */

/** IntakeLimits bound the webhook bodies read before their signature is verified. */
export interface IntakeLimits {
  /** largest body read; a push delivery is far smaller than GitHub's 25 MB cap */
  maxBodyBytes: number;
  /** bodies read at once; more get 503 with Retry-After */
  maxInFlight: number;
  /** a body not complete within this gets 408 */
  bodyTimeoutMs: number;
  /** starts the body timer; returns its cancel (tests pass their own clock) */
  startTimer: (ms: number, fire: () => void) => () => void;
}

/** DEFAULT_INTAKE_LIMITS: 2 MiB, 16 at once, 10 s. */
export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  maxBodyBytes: 2 * 1024 * 1024,
  maxInFlight: 16,
  bodyTimeoutMs: 10_000,
  startTimer: (ms, fire) => {
    const t = setTimeout(fire, ms);
    return () => clearTimeout(t);
  },
};

/** IntakeRefusal is why a body was not read to the end: the HTTP status and a message. */
export class IntakeRefusal extends Error {
  readonly status: 408 | 413 | 503;

  constructor(status: 408 | 413 | 503, message: string) {
    super(message);
    this.status = status;
  }
}

/** declaredTooLarge refuses from Content-Length alone, before anything is read. */
export function declaredTooLarge(req: IncomingMessage, limits: IntakeLimits): IntakeRefusal | undefined {
  const declared = Number(req.headers['content-length'] ?? 0);
  return declared > limits.maxBodyBytes ? new IntakeRefusal(413, `payload too large: at most ${limits.maxBodyBytes} bytes`) : undefined;
}

/** createIntake reads bodies within the limits; a refused read rejects with IntakeRefusal. */
export function createIntake(limits: IntakeLimits): (req: IncomingMessage) => Promise<Buffer> {
  let inFlight = 0;
  return async (req) => {
    if (inFlight >= limits.maxInFlight) throw new IntakeRefusal(503, 'too many webhook deliveries at once; retry later');
    inFlight++;
    try {
      return await readWithin(req, limits);
    } finally {
      inFlight--;
    }
  };
}

function readWithin(req: IncomingMessage, limits: IntakeLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (err?: IntakeRefusal) => {
      cancel();
      req.off('data', onData).off('end', onEnd).off('error', onError);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks));
    };
    const cancel = limits.startTimer(limits.bodyTimeoutMs, () => finish(new IntakeRefusal(408, `the body did not arrive within ${limits.bodyTimeoutMs} ms`)));
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBodyBytes) finish(new IntakeRefusal(413, `payload too large: at most ${limits.maxBodyBytes} bytes`));
      else chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = () => finish(new IntakeRefusal(408, 'the connection failed before the body arrived'));
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
