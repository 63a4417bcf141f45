import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/model/kube.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';

// Watches of the simulator as real clients use them: client-node's informer (list, then watch, events to handlers),
// bookmarks to a watch that allows them, and 410 Gone for a resourceVersion older than the server keeps.
let fleet: Fleet;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;

const cm = (name: string, data: Record<string, string>): k8s.V1ConfigMap => ({ metadata: { name, namespace: 'watched' }, data });

/** nextEvent resolves with the first watch event that matches, and ends the watch. */
async function nextEvent(query: Record<string, string | boolean>, match: (type: string, obj: k8s.KubernetesObject) => boolean): Promise<{ type: string; object: k8s.KubernetesObject }> {
  const open: { controller?: AbortController } = {};
  const found = new Promise<{ type: string; object: k8s.KubernetesObject }>((resolve, reject) => {
    void new k8s.Watch(kc).watch('/api/v1/namespaces/watched/configmaps', query, (type, object: k8s.KubernetesObject) => {
      if (!match(type, object)) return;
      // resolve before aborting: the abort ends the stream with an AbortError at once
      resolve({ type, object });
      open.controller?.abort();
    }, (err: unknown) => { if (err) reject(err); }).then((c) => (open.controller = c), reject);
  });
  return found;
}

beforeAll(async () => {
  // a short history and frequent bookmarks, so that both show within a test
  fleet = await startFleet([{ name: 'm1' }], { state: { watchHistory: 5, bookmarkIntervalMs: 50 } });
  kc = new k8s.KubeConfig();
  kc.loadFromString(fleet.kubeconfig());
  kc.setCurrentContext('m1');
  core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'watched' } } });
});

afterAll(async () => {
  await fleet?.stop();
});

describe('watching the simulator with real clients', () => {
  it("client-node's informer lists, then tells adds, updates and deletes", async () => {
    await core.createNamespacedConfigMap({ namespace: 'watched', body: cm('first', { a: '1' }) });
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/watched/configmaps', () => core.listNamespacedConfigMap({ namespace: 'watched' }));
    const seen: string[] = [];
    const until = (entry: string) => new Promise<void>((resolve) => {
      const check = () => { if (seen.includes(entry)) resolve(); };
      for (const verb of ['add', 'update', 'delete'] as const) informer.on(verb, check);
      check();
    });
    for (const verb of ['add', 'update', 'delete'] as const) informer.on(verb, (o: k8s.V1ConfigMap) => seen.push(`${verb} ${o.metadata?.name}`));
    await informer.start();
    await until('add first');
    await core.createNamespacedConfigMap({ namespace: 'watched', body: cm('second', { a: '1' }) });
    await until('add second');
    await core.replaceNamespacedConfigMap({ name: 'second', namespace: 'watched', body: cm('second', { a: '2' }) });
    await until('update second');
    await core.deleteNamespacedConfigMap({ name: 'second', namespace: 'watched' });
    await until('delete second');
    await informer.stop();
    expect(informer.list().map((o) => o.metadata?.name)).toEqual(['first']);
    expect(seen).toEqual(['add first', 'add second', 'update second', 'delete second']);
  });

  it('a watch that allows bookmarks gets one, carrying the resourceVersion it reached', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'watched' });
    const from = list.metadata?.resourceVersion ?? '';
    const bookmark = await nextEvent({ resourceVersion: from, allowWatchBookmarks: true }, (type) => type === 'BOOKMARK');
    expect(bookmark.object.kind).toBe('ConfigMap');
    expect(Number(bookmark.object.metadata?.resourceVersion)).toBeGreaterThanOrEqual(Number(from));
  });

  it('changes made in one turn of the event loop reach a watch together and in order', async () => {
    const from = (await core.listNamespacedConfigMap({ namespace: 'watched' })).metadata?.resourceVersion ?? '';
    const names = Array.from({ length: 5 }, (_, i) => `same-turn-${i}`);
    const seen: string[] = [];
    const last = nextEvent({ resourceVersion: from }, (type, o) => {
      if (type === 'ADDED') seen.push(o.metadata?.name ?? '');
      return o.metadata?.name === names[names.length - 1];
    });
    const { api } = fleet.cluster('m1');
    const rt = api.resolve('', 'v1', 'configmaps');
    if (!rt) throw new Error('no configmaps resource');
    for (const name of names) api.create(rt, 'watched', { apiVersion: 'v1', kind: 'ConfigMap', ...cm(name, { a: '1' }) } as KubeObject, { manager: 'test', dryRun: false });
    await last;
    expect(seen).toEqual(names);
  });

  it('a watch from a version older than the server keeps ends with 410 Gone (an ERROR event), as the API server answers', async () => {
    const old = (await core.listNamespacedConfigMap({ namespace: 'watched' })).metadata?.resourceVersion ?? '';
    for (let i = 0; i < 8; i++) await core.createNamespacedConfigMap({ namespace: 'watched', body: cm(`churn-${i}`, { i: String(i) }) });
    const gone = await nextEvent({ resourceVersion: old }, (type) => type === 'ERROR');
    expect(gone.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  });
});
