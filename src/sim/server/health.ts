/** The health endpoints of a simulated API server (/healthz, /livez, /readyz), as the health fault sets them. */
import type { HealthFault } from './faults.js';

/** HealthAnswer is the status code and text body of a health endpoint. */
export interface HealthAnswer {
  code: number;
  body: string;
}

// The checks a kube-apiserver lists with ?verbose, trimmed; when one fails the server prints them all, unasked.
const CHECKS = ['ping', 'log', 'etcd', 'informer-sync', 'poststarthook/start-apiserver-admission-initializer'];

/** healthAnswer is what `/<endpoint>` answers under the fault: 200 `ok`, 500 with the failed check, or 404. */
export function healthAnswer(endpoint: string, fault: HealthFault): HealthAnswer {
  if (fault === 'no-readyz' && endpoint === 'readyz') return { code: 404, body: '404 page not found\n' };
  if (fault !== 'failing' || endpoint === 'livez') return { code: 200, body: 'ok' };
  const lines = CHECKS.map((c) => (c === 'etcd' ? '[-]etcd failed: reason withheld' : `[+]${c} ok`));
  return { code: 500, body: `${lines.join('\n')}\n${endpoint} check failed\n` };
}
