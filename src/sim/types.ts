import type { KubeObject } from '../model/kube.js';

/** ResourceType describes one served resource, as discovery lists it. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** plural resource name, e.g. `deployments` */
  plural: string;
  singular: string;
  namespaced: boolean;
  listKind: string;
  shortNames: string[];
  verbs: string[];
  /** subresources served, e.g. ['status', 'scale'] */
  subresources: string[];
  categories?: string[];
}

/** WriteOptions carries what the request said about the writer. */
export interface WriteOptions {
  /** fieldManager query parameter, or the User-Agent prefix, or `unknown` (non-apply writes) */
  manager: string;
  dryRun: boolean;
  /** `status` or `scale` when the write targets a subresource */
  subresource?: 'status' | 'scale';
  /** apply only: take ownership of conflicting fields */
  force?: boolean;
  /** fieldValidation: Strict | Warn | Ignore */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

/** ListOptions are the selectors and versions of a list or watch. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  limit?: number;
  continue?: string;
  /** the items share their parts with the store, to be written out and never changed (a deep copy each otherwise) */
  shared?: boolean;
}

/** WatchOptions are the list options of a watch plus its stream controls. */
export interface WatchOptions extends ListOptions {
  allowWatchBookmarks?: boolean;
  /** the store ends the stream after this long, sending a BOOKMARK just before when bookmarks are allowed */
  timeoutSeconds?: number;
  /** called once when the store ends the stream (timeout or 410 Expired); not called on unsubscribe */
  onEnd?: () => void;
}

/** WatchEvent is one event of a watch stream. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject | Record<string, unknown>;
}

/** ObjectList is the body of a list response. */
export interface ObjectList {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string };
  items: KubeObject[];
}

/**
 * ChangeListener is told about every stored change of a cluster (controllers and workload realism use it). `object`
 * is the listener's own copy, made when first read: most listeners need the namespace and name alone.
 */
export type ChangeListener = (event: { type: 'ADDED' | 'MODIFIED' | 'DELETED'; resource: ResourceType; namespace?: string; name: string; readonly object: KubeObject }) => void;

/**
 * ClusterApi is the in-memory API server of one simulated cluster: the HTTP layer maps requests onto it and
 * controllers call it in-process. Every method throws ApiError for the failures the real server reports.
 */
export interface ClusterApi {
  readonly name: string;
  /** resolve finds a served resource by group, version and plural (or undefined: 404) */
  resolve(group: string, version: string, plural: string): ResourceType | undefined;
  /** resources lists every served resource (built-ins and Established CRDs) */
  resources(): ResourceType[];
  /** get returns a copy of the object, or with `shared` one that shares its parts with the store (only to be read) */
  get(rt: ResourceType, namespace: string | undefined, name: string, opts?: { shared?: boolean }): KubeObject;
  list(rt: ResourceType, namespace: string | undefined, opts: ListOptions): ObjectList;
  create(rt: ResourceType, namespace: string | undefined, body: unknown, opts: WriteOptions): KubeObject;
  /** replace is PUT (optionally of the status subresource) */
  replace(rt: ResourceType, namespace: string | undefined, name: string, body: unknown, opts: WriteOptions): KubeObject;
  /** patch dispatches on the content type; apply creates a missing object (created: true) */
  patch(rt: ResourceType, namespace: string | undefined, name: string, contentType: string, body: string, opts: WriteOptions): { object: KubeObject; created: boolean };
  /** delete returns the deleted (or now terminating) object, or a Status for an immediate delete */
  delete(rt: ResourceType, namespace: string | undefined, name: string, opts: { dryRun: boolean; propagationPolicy?: string; preconditions?: { uid?: string; resourceVersion?: string } }): KubeObject | Record<string, unknown>;
  /**
   * watch streams events; throws ApiError(410) synchronously only for malformed input, a too-old RV is sent as an
   * ERROR event. An event's object shares its parts with the store: it is to be read (sent), never changed.
   */
  watch(rt: ResourceType, namespace: string | undefined, opts: WatchOptions, send: (e: WatchEvent) => void): () => void;
  /** onChange subscribes to every stored change; returns an unsubscribe function */
  onChange(listener: ChangeListener): () => void;
  /** getScale reads the autoscaling/v1 Scale of a resource that serves `scale` (GET …/scale) */
  getScale?(rt: ResourceType, namespace: string | undefined, name: string): KubeObject;
  /** idle resolves when the built-in controllers (namespace, CRD, garbage collection) have no pending work */
  idle?(): Promise<void>;
  /** close stops every timer and ends every open watch */
  close?(): void;
}
