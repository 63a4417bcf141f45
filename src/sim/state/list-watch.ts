import type { KubeObject } from '../../model/kube.js';
import type { ListOptions, ObjectList, ResourceType, WatchEvent, WatchOptions } from '../types.js';
import { asVersion, isCustom, viewAs, type ClusterContext } from './context.js';
import { badRequest, expired } from './errors.js';
import { apiVersionOf, storageKey } from './registry.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { StoredEvent } from './watch-hub.js';

const CONTINUE_EXPIRED = 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** matcher combines the namespace and both selectors of a list or watch. */
function matcher(ctx: ClusterContext, rt: ResourceType, namespace: string | undefined, opts: ListOptions): (o: KubeObject) => boolean {
  const labels = parseLabelSelector(opts.labelSelector);
  const fields = parseFieldSelector(rt, opts.fieldSelector, isCustom(ctx, rt));
  const ns = rt.namespaced && namespace ? namespace : undefined;
  return (o) => (ns === undefined || o.metadata.namespace === ns) && labels.matches(o) && fields.matches(o);
}

function parseRv(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid resource version "${text}"`);
  return n;
}

function tooOld(ctx: ClusterContext, rv: number): string {
  return `too old resource version: ${rv} (${ctx.hub.oldest() + 1})`;
}

/** stateAt rebuilds the objects of one type as they were at revision `rv` by undoing the kept history. */
function stateAt(ctx: ClusterContext, key: string, rv: number): KubeObject[] {
  const events = ctx.hub.since(rv);
  if (!events) throw expired(tooOld(ctx, rv));
  const byId = new Map(ctx.objects.list(key).map((o) => [`${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
  for (const e of [...events].reverse()) {
    if (e.key !== key) continue;
    const id = `${e.object.metadata.namespace ?? ''}/${e.object.metadata.name}`;
    if (e.type === 'ADDED') byId.delete(id);
    else if (e.old) byId.set(id, e.old);
  }
  return [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, o]) => o);
}

interface ContinueToken { rv: number; start: string }

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<ContinueToken>;
    if (typeof parsed.rv === 'number' && typeof parsed.start === 'string') return { rv: parsed.rv, start: parsed.start };
  } catch {
    // falls through to the same 400 as an undecodable token
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

const itemId = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** listObjects is LIST: selectors, resourceVersion (Exact replays history back), limit and continue. */
export function listObjects(ctx: ClusterContext, rt: ResourceType, namespace: string | undefined, opts: ListOptions): ObjectList {
  const match = matcher(ctx, rt, namespace, opts);
  const key = storageKey(rt);
  const token = opts.continue ? decodeContinue(opts.continue) : undefined;
  if (token && token.rv < ctx.hub.oldest()) throw expired(CONTINUE_EXPIRED);
  const exact = opts.resourceVersionMatch === 'Exact' && opts.resourceVersion ? parseRv(opts.resourceVersion) : undefined;
  const listRv = token?.rv ?? exact ?? ctx.rv;
  const source = exact !== undefined && exact < ctx.rv ? stateAt(ctx, key, exact) : ctx.objects.list(key);
  let items = source.filter(match);
  if (token) items = items.filter((o) => itemId(o) > token.start);
  const limit = opts.limit && opts.limit > 0 ? opts.limit : undefined;
  const page = limit !== undefined ? items.slice(0, limit) : items;
  const last = page[page.length - 1];
  const more = limit !== undefined && items.length > limit && last !== undefined;
  const metadata: ObjectList['metadata'] & { remainingItemCount?: number } = { resourceVersion: String(listRv) };
  if (more) {
    metadata.continue = Buffer.from(JSON.stringify({ rv: listRv, start: itemId(last) })).toString('base64url');
    metadata.remainingItemCount = items.length - page.length;
  }
  return { apiVersion: apiVersionOf(rt), kind: rt.listKind, metadata, items: page.map((o) => (opts.shared ? viewAs(o, rt) : asVersion(o, rt))) };
}

/** toWatchEvent applies the watch cache's selector rules: entering is ADDED, leaving is DELETED with the old content. */
function toWatchEvent(e: StoredEvent, rt: ResourceType, match: (o: KubeObject) => boolean): WatchEvent | undefined {
  const now = e.type !== 'DELETED' && match(e.object);
  const before = e.old !== undefined && match(e.old);
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: viewAs(e.object, rt) };
  if (!before || !e.old) return undefined;
  const gone = viewAs(e.old, rt);
  return { type: 'DELETED', object: { ...gone, metadata: { ...gone.metadata, resourceVersion: String(e.rv) } } };
}

function bookmark(ctx: ClusterContext, rt: ResourceType): WatchEvent {
  return { type: 'BOOKMARK', object: { kind: rt.kind, apiVersion: apiVersionOf(rt), metadata: { resourceVersion: String(ctx.rv) } } };
}

/** watchObjects is WATCH: initial ADDED or a replay from the history, live events, bookmarks, timeout and 410. */
export function watchObjects(ctx: ClusterContext, rt: ResourceType, namespace: string | undefined, opts: WatchOptions, send: (e: WatchEvent) => void): () => void {
  const match = matcher(ctx, rt, namespace, opts);
  const key = storageKey(rt);
  const from = opts.resourceVersion && opts.resourceVersion !== '0' ? parseRv(opts.resourceVersion) : undefined;
  const replay = from === undefined ? undefined : ctx.hub.since(from);
  if (from !== undefined && !replay) {
    send({ type: 'ERROR', object: expired(tooOld(ctx, from)).toStatus() });
    opts.onEnd?.();
    return () => undefined;
  }
  if (from === undefined) for (const o of ctx.objects.list(key).filter(match)) send({ type: 'ADDED', object: viewAs(o, rt) });
  const deliver = (e: StoredEvent): void => {
    const out = e.key === key ? toWatchEvent(e, rt, match) : undefined;
    if (out) send(out);
  };
  for (const e of replay ?? []) deliver(e);
  const timers: NodeJS.Timeout[] = [];
  const stop = (): void => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    ctx.closers.delete(end);
  };
  const end = (): void => {
    stop();
    opts.onEnd?.();
  };
  const unsubscribe = ctx.hub.subscribe(deliver);
  ctx.closers.add(end);
  if (opts.allowWatchBookmarks) timers.push(setInterval(() => send(bookmark(ctx, rt)), ctx.bookmarkIntervalMs).unref());
  if (opts.timeoutSeconds && opts.timeoutSeconds > 0) {
    timers.push(setTimeout(() => {
      // the watch cache sends a last bookmark just before the deadline so the client can resume without a relist
      if (opts.allowWatchBookmarks) send(bookmark(ctx, rt));
      end();
    }, opts.timeoutSeconds * 1000).unref());
  }
  return stop;
}
