/**
 * The health probe of one member: GET /readyz (falling back to /healthz where /readyz is 404, as Karmada's
 * cluster status controller does) and /version, authenticated and verified as the kubeconfig context says.
 * Plain HTTP requests, apart from the resource client: a probe must tell "answered, unhealthy" from "no answer",
 * and must not retry, which the resource client does on both.
 */
import { KubeConfig } from './client-node.js';
import type { RequestOptions } from 'node:http';
import type { HealthPath, ProbeResult } from '../model/cluster-health.js';
import { send } from './json-request.js';
import { kubeconfigOf } from './kube-client.js';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { isAbort, redact } from './kube-errors.js';

/** HealthProbeTarget says how to reach one member: a kubeconfig (text or file) and its context. */
export interface HealthProbeTarget {
  /** kubeconfig YAML text; or give kubeconfigFile */
  kubeconfig?: string;
  kubeconfigFile?: string;
  context: string;
  /** abort one request after this long; no answer in time counts as unreachable (default 10 s) */
  timeoutMs?: number;
}

/** MemberProbe probes one member; neither method ever rejects. */
export interface MemberProbe {
  /** health reads /readyz, or /healthz where /readyz is not served */
  health(signal?: AbortSignal): Promise<ProbeResult>;
  /** version is /version's gitVersion (`v1.33.1`), undefined when it cannot be read */
  version(signal?: AbortSignal): Promise<string | undefined>;
}

/** DEFAULT_PROBE_TIMEOUT_MS bounds one probe request. */
export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;
const MAX_BODY = 64 * 1024;

interface Answer {
  code: number;
  body: string;
}

/** memberProbe loads the context once; a kubeconfig without it gives a probe that reports `unconfigured`. */
export function memberProbe(target: HealthProbeTarget): MemberProbe {
  let kc: KubeConfig;
  let server: string;
  try {
    kc = loadContext(target);
    server = (kc.getCurrentCluster()?.server ?? '').replace(/\/+$/, '');
    if (!server) throw new Error(`context "${target.context}" names no cluster server`);
  } catch (err) {
    // a YAML error quotes the file over several lines; its first line says what is wrong
    const cause = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
    return { health: async () => ({ kind: 'unconfigured', cause }), version: async () => undefined };
  }
  const timeoutMs = target.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const secrets = [kc.getCurrentUser()?.token, kc.getCurrentUser()?.password].filter((s): s is string => !!s);
  // probes every few seconds reuse one connection rather than a TLS handshake each
  const agent = server.startsWith('http:') ? new HttpAgent({ keepAlive: true, maxSockets: 1 }) : new HttpsAgent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string, signal?: AbortSignal): Promise<Answer> => getPath(kc, `${server}${path}`, { timeoutMs, agent }, signal);
  return {
    health: async (signal) => {
      try {
        let path: HealthPath = '/readyz';
        let answer = await get(path, signal);
        if (answer.code === 404) answer = await get((path = '/healthz'), signal);
        return answer.code === 200 ? { kind: 'healthy', path } : { kind: 'unhealthy', path, code: answer.code, body: redact(answer.body, secrets) };
      } catch (err) {
        return { kind: 'unreachable', cause: redact(causeOf(err, timeoutMs, signal), secrets) };
      }
    },
    version: async (signal) => {
      try {
        const answer = await get('/version', signal);
        const info = answer.code === 200 ? (JSON.parse(answer.body) as { gitVersion?: unknown }) : {};
        return typeof info.gitVersion === 'string' ? info.gitVersion : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

function loadContext(target: HealthProbeTarget): KubeConfig {
  let kc = new KubeConfig();
  if (target.kubeconfig !== undefined) kc = kubeconfigOf(target.kubeconfig);
  else if (target.kubeconfigFile !== undefined) kc.loadFromFile(target.kubeconfigFile);
  else throw new Error('no kubeconfig given');
  if (!kc.getContextObject(target.context)) throw new Error(`kubeconfig has no context "${target.context}"`);
  kc.setCurrentContext(target.context);
  return kc;
}

/** getPath sends one GET with the context's TLS settings and credentials (client-node fills both in, exec plugins included). */
async function getPath(kc: KubeConfig, url: string, how: { timeoutMs: number; agent: HttpAgent }, signal: AbortSignal | undefined): Promise<Answer> {
  const { timeoutMs } = how;
  const opts: RequestOptions = { method: 'GET', headers: { Accept: 'application/json, */*' } };
  await kc.applyToHTTPSOptions(opts);
  // client-node makes a new agent per request, so a new connection each time; a proxy's agent is left alone
  if (opts.agent?.constructor === HttpsAgent || opts.agent?.constructor === HttpAgent) opts.agent = how.agent;
  const deadline = AbortSignal.timeout(timeoutMs);
  const headers = Object.fromEntries(Object.entries(opts.headers ?? {}).map(([k, v]) => [k, String(v)]));
  const answer = await send(new URL(url), { ...opts, method: 'GET', headers, signal: signal ? AbortSignal.any([deadline, signal]) : deadline });
  return { code: answer.status, body: answer.text.slice(0, MAX_BODY) };
}

function causeOf(err: unknown, timeoutMs: number, signal: AbortSignal | undefined): string {
  if (signal?.aborted) return 'probe cancelled';
  if (isAbort(err) || (err as Error | undefined)?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  return err instanceof Error ? err.message : String(err);
}
