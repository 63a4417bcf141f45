import { GitfedError } from '../model/errors.js';

/** ListenAddress is where the HTTP server listens. */
export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * parseListen reads `:8080`, `8080`, `127.0.0.1:8080` or `[::1]:8080` (port 0 picks a free one) given to `flag`;
 * no host means `defaultHost` (every interface unless the caller says otherwise).
 */
export function parseListen(text: string, flag = '--listen', defaultHost = '0.0.0.0'): ListenAddress {
  const m = /^(?:(?:\[([^\]]+)\]|([^:[\]]+))?:)?(\d{1,5})$/.exec(text.trim());
  const port = Number(m?.[3]);
  if (!m || port > 65535) throw new GitfedError('UsageError', flag, `invalid address "${text}": use e.g. :8080 or 127.0.0.1:8080`);
  return { host: m[1] ?? (m[2] || defaultHost), port };
}
