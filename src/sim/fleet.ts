import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { startAdminServer, type AdminServer } from './server/admin.js';
import type { ClusterFaults, RequestCounters } from './server/faults.js';
import { startClusterServer, type ClusterServer, type ClusterServerOptions } from './server/http.js';
import { createTlsMaterial, type TlsMaterial } from './server/tls.js';
import { createClusterState, type ClusterStateOptions } from './state/store.js';
import type { ClusterApi } from './types.js';

/** ClusterSpec declares one simulated member cluster. */
export interface ClusterSpec {
  name: string;
  labels?: Record<string, string>;
  /** declared allocatable of the whole cluster (cpu, memory, pods); Nodes are made from it by the workload hook */
  capacity?: Record<string, string | number>;
}

/** SimCluster is one running simulated cluster. */
export interface SimCluster {
  readonly name: string;
  /** https://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly capacity: Readonly<Record<string, string | number>> | undefined;
  readonly api: ClusterApi;
  readonly faults: ClusterFaults;
  readonly counters: RequestCounters;
}

/** ClusterStartedHook runs once a cluster listens; a returned function is called when the fleet stops. */
export type ClusterStartedHook = (cluster: SimCluster, spec: ClusterSpec) => void | (() => void) | Promise<void | (() => void)>;

/** FleetOptions tune a fleet. */
export interface FleetOptions {
  /** bearer token of every cluster; a random one per cluster when absent */
  token?: string;
  /** e.g. the workload controllers: add Nodes and status controllers to each new cluster */
  onClusterStarted?: ClusterStartedHook;
  /** start the plain-HTTP admin endpoint on this port (0 = any); absent = no endpoint */
  adminPort?: number;
  /** the admin endpoint's address (default 127.0.0.1) */
  adminHost?: string;
  /** passed to createClusterState for every cluster */
  state?: Omit<ClusterStateOptions, 'name'>;
  /** how every cluster's latency fault waits (default: a timer); tests pass one they control */
  delay?: ClusterServerOptions['delay'];
}

/** Fleet is a set of simulated clusters served from this process with one CA. */
export interface Fleet {
  readonly clusters: readonly SimCluster[];
  readonly caPem: string;
  /** URL of the admin endpoint when it was asked for */
  readonly adminUrl: string | undefined;
  /** cluster finds a cluster by name (throws when unknown) */
  cluster(name: string): SimCluster;
  /** add starts one more cluster */
  add(spec: ClusterSpec): Promise<SimCluster>;
  /** kubeconfig renders YAML with one context, cluster and user per simulated cluster, each named after it */
  kubeconfig(opts?: { tokens?: Record<string, string> }): string;
  stop(): Promise<void>;
}

interface Running {
  cluster: SimCluster;
  server: ClusterServer;
  cleanup?: () => void;
}

/** startFleet starts one HTTPS API server per spec (in parallel) sharing one generated CA. */
export async function startFleet(specs: ClusterSpec[], opts: FleetOptions = {}): Promise<Fleet> {
  const tls = await createTlsMaterial();
  const running = new Map<string, Running>();
  const add = async (spec: ClusterSpec): Promise<SimCluster> => {
    if (running.has(spec.name)) throw new Error(`cluster ${spec.name} already exists in the fleet`);
    const entry = await startOne(spec, tls, opts);
    running.set(spec.name, entry);
    return entry.cluster;
  };
  assertUniqueNames(specs);
  let admin: AdminServer | undefined;
  try {
    await Promise.all(specs.map(add));
    if (opts.adminPort !== undefined) admin = await startAdminServer(() => [...running.values()].map((r) => r.cluster), opts.adminPort, opts.adminHost);
  } catch (err) {
    await stopAll(running, admin);
    throw err;
  }
  return {
    get clusters() { return [...running.values()].map((r) => r.cluster); },
    caPem: tls.caPem,
    adminUrl: admin?.url,
    cluster(name) {
      const found = running.get(name);
      if (!found) throw new Error(`no simulated cluster named ${name}`);
      return found.cluster;
    },
    add,
    kubeconfig: (k) => renderKubeconfig([...running.values()].map((r) => r.cluster), tls.caPem, k?.tokens),
    stop: () => stopAll(running, admin),
  };
}

async function startOne(spec: ClusterSpec, tls: TlsMaterial, opts: FleetOptions): Promise<Running> {
  const api = createClusterState({ ...opts.state, name: spec.name });
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const server = await startClusterServer({ api, token, tls, ...(opts.delay ? { delay: opts.delay } : {}) });
  const cluster: SimCluster = {
    name: spec.name,
    get url() { return server.url; },
    get port() { return server.port; },
    token,
    labels: { ...spec.labels },
    capacity: spec.capacity ? { ...spec.capacity } : undefined,
    api,
    faults: server.faults,
    counters: server.counters,
  };
  const entry: Running = { cluster, server };
  try {
    const cleanup = await opts.onClusterStarted?.(cluster, spec);
    if (typeof cleanup === 'function') entry.cleanup = cleanup;
  } catch (err) {
    await server.stop();
    api.close?.();
    throw err;
  }
  return entry;
}

async function stopAll(running: Map<string, Running>, admin: AdminServer | undefined): Promise<void> {
  await admin?.stop();
  await Promise.all([...running.values()].map(async (r) => {
    r.cleanup?.();
    await r.server.stop();
    r.cluster.api.close?.();
  }));
  running.clear();
}

function assertUniqueNames(specs: ClusterSpec[]): void {
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name)) throw new Error(`duplicate cluster name ${s.name}`);
    seen.add(s.name);
  }
}

/** renderKubeconfig writes a kubeconfig with certificate-authority-data and a token user per cluster. */
export function renderKubeconfig(clusters: readonly SimCluster[], caPem: string, tokens: Record<string, string> = {}): string {
  const caData = Buffer.from(caPem).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: clusters.map((c) => ({ name: c.name, cluster: { server: c.url, 'certificate-authority-data': caData } })),
    users: clusters.map((c) => ({ name: c.name, user: { token: tokens[c.name] ?? c.token } })),
    contexts: clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user: c.name, namespace: 'default' } })),
    'current-context': clusters[0]?.name ?? '',
    preferences: {},
  });
}
