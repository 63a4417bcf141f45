import { afterEach, describe, expect, it, vi } from 'vitest';
import { collect, configMap, fixture, rvOf, statusOf, W } from './fixture.js';

afterEach(() => void vi.useRealTimers());

const types = (events: { type: string }[]): string[] => events.map((e) => e.type);
const names = (events: { object: unknown }[]): string[] => events.map((e) => (e.object as { metadata: { name: string } }).metadata.name);

describe('cluster state: watch', () => {
  it.each([[undefined], ['0']])('a watch from resourceVersion %s starts with ADDED for every current object', (rv) => {
    const { api, cm } = fixture();
    api.create(cm, 'default', configMap('a'), W());
    api.create(cm, 'default', configMap('b'), W());
    const w = collect(api, cm, 'default', rv === undefined ? {} : { resourceVersion: rv });
    expect(types(w.events)).toEqual(['ADDED', 'ADDED']);
    expect(names(w.events)).toEqual(['a', 'b']);
  });

  it('a watch from resourceVersion N replays only later changes, then follows live ones', () => {
    const { api, cm } = fixture();
    const a = api.create(cm, 'default', configMap('a'), W());
    api.create(cm, 'default', configMap('b'), W());
    const w = collect(api, cm, 'default', { resourceVersion: rvOf(a) });
    api.patch(cm, 'default', 'a', 'application/merge-patch+json', '{"data":{"a":"2"}}', W());
    expect(types(w.events)).toEqual(['ADDED', 'MODIFIED']);
    expect(names(w.events)).toEqual(['b', 'a']);
  });

  it('DELETED carries the last state with the resourceVersion of the deletion', () => {
    const { api, cm } = fixture();
    const a = api.create(cm, 'default', configMap('a', { k: 'last' }), W());
    const w = collect(api, cm, 'default', { resourceVersion: rvOf(a) });
    api.delete(cm, 'default', 'a', { dryRun: false });
    expect(w.events).toHaveLength(1);
    expect(w.events[0]).toMatchObject({ type: 'DELETED', object: { data: { k: 'last' } } });
    expect(Number(rvOf(w.events[0]!.object as never))).toBe(Number(rvOf(a)) + 1);
  });

  it.each([
    ['starts matching', { app: 'x' }, { app: 'web' }, ['ADDED']],
    ['stops matching', { app: 'web' }, { app: 'x' }, ['DELETED']],
    ['keeps matching', { app: 'web' }, { app: 'web', more: '1' }, ['MODIFIED']],
    ['never matches', { app: 'x' }, { app: 'y' }, []],
  ])('a label-selector watch: an object that %s', (_rule, before, after, expected) => {
    const { api, cm } = fixture();
    const o = api.create(cm, 'default', configMap('a', { k: 'v' }, before), W());
    const w = collect(api, cm, 'default', { resourceVersion: rvOf(o), labelSelector: 'app=web' });
    api.patch(cm, 'default', 'a', 'application/merge-patch+json', JSON.stringify({ metadata: { labels: after } }), W());
    expect(types(w.events)).toEqual(expected);
  });

  it('a watch of one namespace does not see another', () => {
    const { api, cm, ns } = fixture();
    api.create(ns, undefined, { metadata: { name: 'other' } }, W());
    const w = collect(api, cm, 'default');
    api.create(cm, 'other', configMap('a'), W());
    expect(w.events).toEqual([]);
    const all = collect(api, cm, undefined);
    expect(names(all.events)).toEqual(['a']);
  });

  it('watch from a too-old resourceVersion sends 410 Expired as an ERROR event and ends', () => {
    const { api, cm } = fixture({ watchHistory: 3 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) api.create(cm, 'default', configMap(n), W());
    let ended = false;
    const w = collect(api, cm, 'default', { resourceVersion: '2', onEnd: () => (ended = true) });
    expect(w.events).toHaveLength(1);
    expect(w.events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 } });
    expect(String((w.events[0]!.object as { message: string }).message)).toMatch(/^too old resource version: 2 \(\d+\)$/);
    expect(ended).toBe(true);
  });

  it('a list with resourceVersionMatch=Exact from a too-old resourceVersion is 410', () => {
    const { api, cm } = fixture({ watchHistory: 2 });
    for (const n of ['a', 'b', 'c', 'd']) api.create(cm, 'default', configMap(n), W());
    expect(statusOf(() => api.list(cm, 'default', { resourceVersion: '1', resourceVersionMatch: 'Exact' }))).toMatchObject({ code: 410, reason: 'Expired' });
  });

  it('BOOKMARK events are sent periodically when allowed, with only the resourceVersion', () => {
    vi.useFakeTimers();
    const { api, cm } = fixture({ bookmarkIntervalMs: 1000 });
    const w = collect(api, cm, 'default', { allowWatchBookmarks: true, resourceVersion: '4' });
    vi.advanceTimersByTime(2500);
    expect(types(w.events)).toEqual(['BOOKMARK', 'BOOKMARK']);
    expect(w.events[0]!.object).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '4' } });
    w.stop();
  });

  it('no BOOKMARK is sent when the client did not allow them', () => {
    vi.useFakeTimers();
    const { api, cm } = fixture({ bookmarkIntervalMs: 1000 });
    const w = collect(api, cm, 'default', { resourceVersion: '4' });
    vi.advanceTimersByTime(5000);
    expect(w.events).toEqual([]);
    w.stop();
  });

  it('timeoutSeconds ends the watch with a last BOOKMARK just before', () => {
    vi.useFakeTimers();
    const { api, cm } = fixture();
    let ended = 0;
    const w = collect(api, cm, 'default', { allowWatchBookmarks: true, resourceVersion: '4', timeoutSeconds: 2, onEnd: () => (ended += 1) });
    vi.advanceTimersByTime(2000);
    expect(types(w.events)).toEqual(['BOOKMARK']);
    expect(ended).toBe(1);
    api.create(cm, 'default', configMap('late'), W());
    expect(types(w.events)).toEqual(['BOOKMARK']);
  });

  it('an unsubscribed watch gets nothing more', () => {
    const { api, cm } = fixture();
    const w = collect(api, cm, 'default', { resourceVersion: '4' });
    w.stop();
    api.create(cm, 'default', configMap('a'), W());
    expect(w.events).toEqual([]);
  });

  it('a malformed selector on a watch is 400 at once', () => {
    const { api, cm } = fixture();
    expect(statusOf(() => api.watch(cm, 'default', { fieldSelector: 'spec.foo=1' }, () => undefined))).toMatchObject({ code: 400, message: 'field label not supported: spec.foo' });
  });

  it('onChange listeners see every stored change but no dry run', () => {
    const { api, cm } = fixture();
    const seen: string[] = [];
    const off = api.onChange((e) => seen.push(`${e.type}:${e.resource.plural}/${e.object.metadata.name}`));
    api.create(cm, 'default', configMap('a'), W());
    api.create(cm, 'default', configMap('b'), W({ dryRun: true }));
    api.delete(cm, 'default', 'a', { dryRun: false });
    off();
    api.create(cm, 'default', configMap('c'), W());
    expect(seen).toEqual(['ADDED:configmaps/a', 'DELETED:configmaps/a']);
  });
});
