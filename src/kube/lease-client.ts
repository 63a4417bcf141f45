/**
 * coordination.k8s.io/v1 Leases in one namespace of the management cluster: get, list, create and update with
 * optimistic concurrency (an update names the resourceVersion it read; the API server answers 409 when another
 * replica wrote since). client-node's third adapter: it reads the kubeconfig's server, TLS and credentials; the
 * requests are plain JSON, as the resource client's.
 */
import { KubeConfig } from './client-node.js';
import { Agent as HttpsAgent } from 'node:https';
import { Agent as HttpAgent, type RequestOptions } from 'node:http';
import { GitfedError } from '../model/errors.js';
import { send } from './json-request.js';
import { kubeconfigOf } from './kube-client.js';

/** LeaseRecord is what a Lease's spec and annotations say: client-go's LeaderElectionRecord plus gitfed's annotations. */
export interface LeaseRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** RFC 3339 with microseconds (MicroTime), as client-go writes it */
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions: number;
  annotations: Record<string, string>;
}

/** StoredLease is a LeaseRecord as read: with its name and the resourceVersion an update must name. */
export interface StoredLease extends LeaseRecord {
  name: string;
  resourceVersion: string;
}

/** LeaseClient is the port to the Leases of one namespace; a 409 is a LeaseConflict, any other failure too. */
export interface LeaseClient {
  readonly namespace: string;
  /** get returns the Lease, or null when there is none */
  get(name: string): Promise<StoredLease | null>;
  list(): Promise<StoredLease[]>;
  /** create fails with LeaseConflict when the Lease exists already */
  create(name: string, record: LeaseRecord): Promise<StoredLease>;
  /** update fails with LeaseConflict when the Lease changed since resourceVersion */
  update(name: string, resourceVersion: string, record: LeaseRecord): Promise<StoredLease>;
}

/** LeaseTarget names the management cluster (a kubeconfig's context, or its current one) and the namespace. */
export interface LeaseTarget {
  kubeconfig?: string;
  kubeconfigFile?: string;
  context?: string;
  namespace: string;
  /** one request's deadline (default 10 s) */
  timeoutMs?: number;
  userAgent?: string;
}

type Obj = Record<string, unknown>;

/** leaseObject is the Lease a record is written as. */
export function leaseObject(name: string, namespace: string, record: LeaseRecord, resourceVersion?: string): Obj {
  const spec: Obj = { holderIdentity: record.holderIdentity, leaseDurationSeconds: record.leaseDurationSeconds, leaseTransitions: record.leaseTransitions };
  if (record.acquireTime) spec['acquireTime'] = record.acquireTime;
  if (record.renewTime) spec['renewTime'] = record.renewTime;
  const metadata: Obj = { name, namespace, annotations: record.annotations, ...(resourceVersion ? { resourceVersion } : {}) };
  return { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata, spec };
}

/** storedLease reads a Lease object back into a record. */
export function storedLease(obj: Obj): StoredLease {
  const meta = (obj['metadata'] ?? {}) as Obj;
  const spec = (obj['spec'] ?? {}) as Obj;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const acquireTime = str(spec['acquireTime']);
  const renewTime = str(spec['renewTime']);
  return {
    name: String(meta['name'] ?? ''),
    resourceVersion: String(meta['resourceVersion'] ?? ''),
    holderIdentity: str(spec['holderIdentity']) ?? '',
    leaseDurationSeconds: typeof spec['leaseDurationSeconds'] === 'number' ? spec['leaseDurationSeconds'] : 0,
    leaseTransitions: typeof spec['leaseTransitions'] === 'number' ? spec['leaseTransitions'] : 0,
    annotations: { ...((meta['annotations'] ?? {}) as Record<string, string>) },
    ...(acquireTime ? { acquireTime } : {}),
    ...(renewTime ? { renewTime } : {}),
  };
}

/** createLeaseClient loads the kubeconfig once; a missing context or server is InvalidInput. */
export function createLeaseClient(target: LeaseTarget): LeaseClient {
  const kc = loadKubeconfig(target);
  const server = (kc.getCurrentCluster()?.server ?? '').replace(/\/+$/, '');
  if (!server) throw new GitfedError('InvalidInput', '--lease-kubeconfig', 'the context names no cluster server');
  const base = `${server}/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(target.namespace)}/leases`;
  const agent = server.startsWith('http:') ? new HttpAgent({ keepAlive: true }) : new HttpsAgent({ keepAlive: true });
  const call = async (method: string, url: string, what: string, body?: Obj): Promise<{ code: number; obj: Obj }> => {
    const opts: RequestOptions = { method, headers: { Accept: 'application/json' } };
    await kc.applyToHTTPSOptions(opts);
    if (opts.agent?.constructor === HttpsAgent || opts.agent?.constructor === HttpAgent) opts.agent = agent;
    const headers: Record<string, string> = Object.fromEntries(Object.entries(opts.headers ?? {}).map(([k, v]) => [k, String(v)]));
    if (body) headers['Content-Type'] = 'application/json';
    if (target.userAgent) headers['User-Agent'] = target.userAgent;
    try {
      const answer = await send(new URL(url), { ...opts, method, headers, signal: AbortSignal.timeout(target.timeoutMs ?? 10_000) }, body ? JSON.stringify(body) : undefined);
      return { code: answer.status, obj: answer.text ? (JSON.parse(answer.text) as Obj) : {} };
    } catch (cause) {
      throw new GitfedError('LeaseConflict', what, `cannot reach the management cluster: ${(cause as Error).message}`, { cause });
    }
  };
  const expect = (r: { code: number; obj: Obj }, what: string): StoredLease => {
    if (r.code >= 200 && r.code < 300) return storedLease(r.obj);
    const reason = typeof r.obj['message'] === 'string' ? r.obj['message'] : `HTTP ${r.code}`;
    throw new GitfedError('LeaseConflict', what, r.code === 409 ? `changed since it was read: ${reason}` : reason);
  };
  const subject = (name: string): string => `lease ${target.namespace}/${name}`;
  return {
    namespace: target.namespace,
    async get(name) {
      const r = await call('GET', `${base}/${encodeURIComponent(name)}`, subject(name));
      return r.code === 404 ? null : expect(r, subject(name));
    },
    async list() {
      const r = await call('GET', base, `leases in ${target.namespace}`);
      if (r.code < 200 || r.code > 299) throw new GitfedError('LeaseConflict', `leases in ${target.namespace}`, `HTTP ${r.code}`);
      return ((r.obj['items'] ?? []) as Obj[]).map(storedLease);
    },
    create: async (name, record) => expect(await call('POST', base, subject(name), leaseObject(name, target.namespace, record)), subject(name)),
    update: async (name, rv, record) => expect(await call('PUT', `${base}/${encodeURIComponent(name)}`, subject(name), leaseObject(name, target.namespace, record, rv)), subject(name)),
  };
}

function loadKubeconfig(target: LeaseTarget): KubeConfig {
  let kc = new KubeConfig();
  try {
    if (target.kubeconfig !== undefined) kc = kubeconfigOf(target.kubeconfig);
    else if (target.kubeconfigFile !== undefined) kc.loadFromFile(target.kubeconfigFile);
    else kc.loadFromCluster();
  } catch (cause) {
    throw new GitfedError('KubeconfigUnreadable', '--lease-kubeconfig', `cannot load the kubeconfig: ${(cause as Error).message}`, { cause });
  }
  if (target.context) {
    if (!kc.getContextObject(target.context)) throw new GitfedError('InvalidInput', '--lease-kubeconfig', `kubeconfig has no context "${target.context}"`);
    kc.setCurrentContext(target.context);
  }
  return kc;
}
