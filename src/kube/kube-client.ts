/** The one adapter over @kubernetes/client-node: a ClusterClient for one kubeconfig context. */
import {
  createConfiguration, HttpMethod, KubeConfig, KubernetesObjectApi, PatchStrategy, ServerConfiguration, Watch,
  type KubernetesObject, type Middleware,
} from './client-node.js';
import { GitfedError } from '../model/errors.js';
import type { KubeObject } from '../model/kube.js';
import { FIELD_MANAGER } from './field-manager.js';
import { refOf, refSubject, type ObjectRef } from './object-ref.js';
import type { ApplyOptions, ListOptions, VersionedList, WatchEvent, WatchingClient, WatchStream } from './cluster-client.js';
import { jsonRequest, type JsonRequest } from './json-request.js';
import { authenticating, reusingConnections, staticCredentials, watchingThrough } from './kube-auth.js';
import { statusOf, transience, wrap } from './kube-errors.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy, type Sleeper } from './retry.js';

/** KubeClientOptions say which context to use and how long to try. */
export interface KubeClientOptions {
  /** kubeconfig YAML text; or give kubeconfigFile */
  kubeconfig?: string;
  kubeconfigFile?: string;
  /** the kubeconfig context to use */
  context: string;
  /** the member cluster's name in messages (default: the context) */
  cluster?: string;
  /** abort one HTTP request after this long (default 10 s); a timeout counts as a connection error */
  requestTimeoutMs?: number;
  retry?: RetryPolicy;
  /** how a retry waits (default: a timer); tests pass one to see and drive the waits */
  sleeper?: Sleeper;
  /** the cluster's overall budget: aborting it ends requests and retries at once */
  signal?: AbortSignal;
  /** the User-Agent of the JSON requests (writes among them): which replica of the reconciler sent them */
  userAgent?: string;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const PAGE_SIZE = 500;

/** KubeConnector hands out clients of one context that share its connections and discovery; each has its own budget. */
export interface KubeConnector {
  client(signal?: AbortSignal): WatchingClient;
}

/** createKubeClient connects to one context; throws InvalidInput when the kubeconfig lacks it. */
export function createKubeClient(opts: KubeClientOptions): WatchingClient {
  return kubeConnector(opts).client(opts.signal);
}

/**
 * kubeConnector loads one context once: every client it hands out shares the keep-alive connections and the
 * discovery cache, so a long-running reconciler does not pay a TLS handshake and discovery per pass; each
 * client has its own budget. (Async context would carry the budget to one shared client too, but it puts a
 * hook on every promise of the process: a tenth of the running reconciler's time.)
 */
export function kubeConnector(opts: Omit<KubeClientOptions, 'signal'>): KubeConnector {
  const cluster = opts.cluster ?? opts.context;
  const kc = loadContext(opts, cluster);
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new GitfedError('InvalidInput', cluster, `context "${opts.context}" names no cluster server`);
  const timeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const auth = reusingConnections(kc);
  const discovery = {};
  const authenticate = authenticating(auth, staticCredentials(kc));
  const watching = watchingThrough(kc);
  const secrets = [kc.getCurrentUser()?.token, kc.getCurrentUser()?.password].filter((s): s is string => !!s);
  return {
    client: (signal) => {
      const api = new PathsApi(createConfiguration({
        baseServer: new ServerConfiguration(server, {}),
        authMethods: { default: auth },
        promiseMiddleware: [timeoutMiddleware(timeoutMs, signal)],
      }), discovery);
      const call = <T>(verb: string, ref: ObjectRef | string, fn: () => Promise<T>): Promise<T> =>
        withRetry(fn, (err) => transience(err, signal), opts.retry ?? DEFAULT_RETRY, signal, opts.sleeper).catch((err: unknown) => {
          throw wrap(err, { cluster, subject: typeof ref === 'string' ? ref : refSubject(ref), verb, timeoutMs, secrets, signal });
        });
      const fail = (kind: string) => (err: unknown): GitfedError => wrap(err, { cluster, subject: kind, verb: 'watch', timeoutMs, secrets, signal });
      const send = jsonRequest({ server, authenticate: authenticate, timeoutMs, ...(signal ? { budget: signal } : {}), ...(opts.userAgent ? { userAgent: opts.userAgent } : {}) });
      return clientOver({ api, send, kc: watching, cluster, call, fail });
    },
  };
}

type Call = <T>(verb: string, ref: ObjectRef | string, fn: () => Promise<T>) => Promise<T>;

/** Over is what one client is made of: paths from discovery, the JSON request, retries and error wrapping. */
interface Over {
  api: PathsApi;
  send: JsonRequest;
  /** the kubeconfig the watches read (through one agent) */
  kc: KubeConfig;
  cluster: string;
  call: Call;
  fail: (kind: string) => (err: unknown) => GitfedError;
}

function clientOver({ api, send, kc, cluster, call, fail }: Over): WatchingClient {
  const listVersioned = (apiVersion: string, kind: string, o: ListOptions = {}): Promise<VersionedList> =>
    call('list', `${kind}${o.namespace ? `/${o.namespace}` : ''}`, () => listAll(api, send, apiVersion, kind, o));
  return {
    cluster,
    get: (ref) => call('get', ref, async () => {
      try {
        return (await send(HttpMethod.GET, await api.objectPath(ref))) as KubeObject;
      } catch (err) {
        if (statusOf(err) === 404) return null;
        throw err;
      }
    }),
    apply: (obj, o: ApplyOptions) => call(o.dryRun ? 'dry-run apply' : 'apply', refOf(obj), async () => {
      const { path, namespace } = await api.applyPath(refOf(obj));
      // client-node put the default namespace into the object it sent; the body keeps saying what the path says
      const sent = namespace && !obj.metadata.namespace ? { ...obj, metadata: { ...obj.metadata, namespace } } : obj;
      const query = { fieldManager: FIELD_MANAGER, force: o.force ? 'true' : undefined, dryRun: o.dryRun ? 'All' : undefined };
      return (await send(HttpMethod.PATCH, path, query, { text: JSON.stringify(sent), type: PatchStrategy.ServerSideApply })) as KubeObject;
    }),
    delete: (ref) => call('delete', ref, async () => {
      try {
        await send(HttpMethod.DELETE, await api.objectPath(ref));
        return true;
      } catch (err) {
        if (statusOf(err) === 404) return false;
        throw err;
      }
    }),
    list: async (apiVersion, kind, o) => (await listVersioned(apiVersion, kind, o)).items,
    listVersioned,
    watch: async (apiVersion, kind, o, onEvent) => {
      const path = await call('watch', kind, () => api.listPath(apiVersion, kind, o.namespace));
      return openWatch(new Watch(kc), path, { apiVersion, kind, options: o, onEvent, fail: fail(kind) });
    },
  };
}

/** PathsApi tells where a kind is listed and watched, from the discovery client-node keeps. */
class PathsApi extends KubernetesObjectApi {
  /** discovery: the resource lists of another client of the same cluster, shared so that each is fetched once */
  constructor(config: ConstructorParameters<typeof KubernetesObjectApi>[0], discovery: object) {
    super(config);
    // client-node keeps its discovery in a private field; sharing it is the reason for this subclass
    (this as unknown as { apiVersionResourceCache: object }).apiVersionResourceCache = discovery;
  }

  listPath(apiVersion: string, kind: string, namespace?: string): Promise<string> {
    return this.specUriPath({ apiVersion, kind, metadata: namespace ? { namespace } : {} }, 'list');
  }

  /** objectPath is where one object is read and deleted (a namespaced kind without a namespace: the context's). */
  objectPath(ref: ObjectRef): Promise<string> {
    return this.specUriPath(header(ref), 'read');
  }

  /** applyPath is where an object is applied, and the namespace the path names (defaulted as for objectPath). */
  async applyPath(ref: ObjectRef): Promise<{ path: string; namespace: string | undefined }> {
    const spec = header(ref);
    const path = await this.specUriPath(spec, 'patch');
    return { path, namespace: spec.metadata.namespace };
  }
}

interface WatchRequest {
  apiVersion: string;
  kind: string;
  options: ListOptions & { resourceVersion: string };
  onEvent: (e: WatchEvent) => void;
  fail: (err: unknown) => GitfedError;
}

/** openWatch watches from a resourceVersion with bookmarks; an ERROR event (410 Expired) ends it as WatchExpired. */
async function openWatch(watch: Watch, path: string, w: WatchRequest): Promise<WatchStream> {
  let finish: (err: GitfedError | undefined) => void = () => undefined;
  const done = new Promise<GitfedError | undefined>((resolve) => (finish = resolve));
  const query = { resourceVersion: w.options.resourceVersion, allowWatchBookmarks: true, labelSelector: w.options.labelSelector };
  // client-node hands its AbortController back only once the stream is open; an early ERROR aborts through this
  const open: { controller?: AbortController } = {};
  open.controller = await watch.watch(path, query, (type: string, obj: unknown) => {
    // a watch event is JSON.parse's output already: no model classes to turn back into data
    if (type !== 'ERROR') return w.onEvent({ type: type as WatchEvent['type'], object: { ...(obj as KubeObject), apiVersion: w.apiVersion, kind: w.kind } });
    const status = obj as { code?: number; message?: string };
    finish(status.code === 410 ? new GitfedError('WatchExpired', w.kind, status.message ?? 'too old resource version') : w.fail(Object.assign(new Error(status.message ?? 'watch error'), { statusCode: status.code })));
    open.controller?.abort();
  }, (err: unknown) => finish(err ? w.fail(err) : undefined)).catch((err: unknown) => {
    throw w.fail(err);
  });
  return { done, stop: () => { open.controller?.abort(); finish(undefined); } };
}

// every member cluster is a context of the same kubeconfig text: it is parsed once, not once per cluster
let parsed: { text: string; kc: KubeConfig } | undefined;

/** kubeconfigOf is a KubeConfig of the text, parsed once for all its contexts (the last text is kept); each caller gets its own. */
export function kubeconfigOf(text: string): KubeConfig {
  if (parsed?.text !== text) {
    const kc = new KubeConfig();
    kc.loadFromString(text);
    parsed = { text, kc };
  }
  const base = parsed.kc;
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: base.clusters, users: base.users, contexts: base.contexts, currentContext: base.currentContext });
  return kc;
}

function loadContext(opts: KubeClientOptions, cluster: string): KubeConfig {
  let kc = new KubeConfig();
  if (opts.kubeconfig === undefined && opts.kubeconfigFile === undefined) throw new GitfedError('InvalidInput', cluster, 'cannot load kubeconfig: no kubeconfig given');
  try {
    if (opts.kubeconfig !== undefined) kc = kubeconfigOf(opts.kubeconfig);
    else kc.loadFromFile(opts.kubeconfigFile ?? '');
  } catch (cause) {
    throw new GitfedError('InvalidInput', cluster, `cannot load kubeconfig: ${(cause as Error).message}`, { cause });
  }
  if (!kc.getContextObject(opts.context)) throw new GitfedError('InvalidInput', cluster, `kubeconfig has no context "${opts.context}"`);
  kc.setCurrentContext(opts.context);
  return kc;
}

/** timeoutMiddleware gives every request (discovery included) its own deadline, tied to the cluster's budget. */
function timeoutMiddleware(ms: number, budget: AbortSignal | undefined): Middleware {
  return {
    pre: async (ctx) => {
      const timeout = AbortSignal.timeout(ms);
      ctx.setSignal(budget ? AbortSignal.any([timeout, budget]) : timeout);
      return ctx;
    },
    post: async (rsp) => rsp,
  };
}

interface ListPage {
  items?: KubeObject[];
  metadata?: { resourceVersion?: string; continue?: string };
}

async function listAll(api: PathsApi, send: JsonRequest, apiVersion: string, kind: string, o: ListOptions): Promise<VersionedList> {
  const path = await api.listPath(apiVersion, kind, o.namespace);
  const items: KubeObject[] = [];
  let token: string | undefined;
  let resourceVersion = '';
  do {
    const page = (await send(HttpMethod.GET, path, { labelSelector: o.labelSelector, limit: String(PAGE_SIZE), continue: token })) as ListPage;
    // list items carry no apiVersion/kind on the wire
    for (const item of page.items ?? []) items.push({ ...item, apiVersion, kind });
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    token = page.metadata?.continue || undefined;
  } while (token);
  return { items, resourceVersion };
}

function header(ref: ObjectRef): KubernetesObject & { metadata: { name: string } } {
  return { apiVersion: ref.apiVersion, kind: ref.kind, metadata: ref.namespace ? { name: ref.name, namespace: ref.namespace } : { name: ref.name } };
}

/**
 * inClusterKubeconfig is the pod's own service account (client-node's loadFromCluster: the API server from
 * KUBERNETES_SERVICE_HOST/PORT, the mounted token and CA, both read again as they rotate) as kubeconfig text with
 * one context named `context`, so an agent inside its member connects and probes exactly as with a kubeconfig.
 */
export function inClusterKubeconfig(context: string): string {
  // outside a pod client-node builds `https://undefined:undefined` rather than failing
  if (!process.env.KUBERNETES_SERVICE_HOST) throw new GitfedError('KubeconfigUnreadable', context, 'no --kubeconfig, and not in a pod (no KUBERNETES_SERVICE_HOST)');
  const kc = new KubeConfig();
  kc.loadFromCluster();
  const config = JSON.parse(kc.exportConfig()) as { contexts: { name: string }[] };
  return JSON.stringify({ ...config, contexts: config.contexts.map((c) => ({ ...c, name: context })), 'current-context': context });
}
