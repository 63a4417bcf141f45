import type { ApplyOptions, ClusterClient } from './cluster-client.js';

/** RequestVerb is what a request to a member cluster did, as the metrics count it. */
export type RequestVerb = 'get' | 'list' | 'watch' | 'apply' | 'dry-run' | 'delete';

/** RequestRecord is one finished request to a member cluster: a watch is recorded once, when it opened (or failed to). */
export interface RequestRecord {
  cluster: string;
  verb: RequestVerb;
  /** from the call to its answer (for a watch: to the stream being open) */
  seconds: number;
  ok: boolean;
}

/** Clock returns milliseconds from an arbitrary origin, as performance.now does. */
export type Clock = () => number;

type PortMethod = 'get' | 'apply' | 'delete' | 'list' | 'listVersioned' | 'watch';
type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/** the verb of each method of the port; apply is told apart from a dry run by its options */
const VERB_OF: Readonly<Record<PortMethod, (args: unknown[]) => RequestVerb>> = {
  get: () => 'get',
  list: () => 'list',
  listVersioned: () => 'list',
  watch: () => 'watch',
  delete: () => 'delete',
  apply: (args) => ((args[1] as ApplyOptions | undefined)?.dryRun ? 'dry-run' : 'apply'),
};

/**
 * countRequests wraps a client so that every call of the port reports a RequestRecord to onRequest (which must not
 * throw). Only the methods the client has are wrapped; everything else, and every call, goes to the client itself,
 * so a method that calls another one of its own (list through listVersioned) is counted once.
 */
export function countRequests<C extends ClusterClient>(client: C, onRequest: (r: RequestRecord) => void, now: Clock = () => performance.now()): C {
  const wrapped = new Map<PropertyKey, AnyMethod>();
  for (const name of Object.keys(VERB_OF) as PortMethod[]) {
    const method = (client as unknown as Record<string, unknown>)[name];
    if (typeof method === 'function') wrapped.set(name, timed(client, name, method as AnyMethod, onRequest, now));
  }
  return new Proxy(client, {
    get(target, prop) {
      const counted = wrapped.get(prop);
      if (counted) return counted;
      const value: unknown = Reflect.get(target, prop, target);
      // bound so that a class's own members (private fields included) still see the client as `this`
      return typeof value === 'function' ? (value as AnyMethod).bind(target) : value;
    },
  });
}

function timed(client: ClusterClient, name: PortMethod, method: AnyMethod, onRequest: (r: RequestRecord) => void, now: Clock): AnyMethod {
  return async (...args) => {
    const verb = VERB_OF[name](args);
    const started = now();
    const record = (ok: boolean): void => onRequest({ cluster: client.cluster, verb, seconds: (now() - started) / 1000, ok });
    try {
      const result = await method.apply(client, args);
      record(true);
      return result;
    } catch (err) {
      record(false);
      throw err;
    }
  };
}
