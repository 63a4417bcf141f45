import { describe, expect, it } from 'vitest';
import type { WatchingClient } from '../../../../src/kube/cluster-client.js';
import type { KubeObject } from '../../../../src/model/kube.js';
import { createWriteGate } from '../../../../src/reconcile/leases/write-gate.js';

const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'shop' } };
const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'a', namespace: 'shop' };

/** fake answers every call; an apply waits until the test lets it finish */
function fake(sent: string[]) {
  let finish: () => void = () => undefined;
  const client: WatchingClient = {
    cluster: 'm1',
    get: async () => (sent.push('get'), null),
    list: async () => (sent.push('list'), []),
    listVersioned: async () => (sent.push('listVersioned'), { items: [], resourceVersion: '1' }),
    watch: async () => (sent.push('watch'), { done: new Promise(() => undefined), stop: () => undefined }),
    apply: (obj, o) => (sent.push(o.dryRun ? 'dry-run' : 'apply'), o.dryRun ? Promise.resolve(obj) : new Promise((r) => (finish = () => r(obj)))),
    delete: async () => (sent.push('delete'), true),
  };
  return { client, finish: () => finish() };
}

describe('the write gate', () => {
  it('refuses writes to a cluster this replica does not own, before any request; reads and dry runs pass', async () => {
    const sent: string[] = [];
    const gate = createWriteGate(() => false, 'r1');
    const c = gate.wrap(fake(sent).client);
    await expect(c.apply(cm, { dryRun: false, force: false })).rejects.toMatchObject({ code: 'OwnerConflict', subject: 'm1' });
    await expect(c.delete(ref)).rejects.toMatchObject({ code: 'OwnerConflict' });
    await c.get(ref);
    await c.list('v1', 'ConfigMap');
    await c.apply(cm, { dryRun: true, force: false });
    expect(sent).toEqual(['get', 'list', 'dry-run']);
  });

  it('a write running keeps its cluster busy until it ends, even if ownership went meanwhile', async () => {
    const sent: string[] = [];
    let owned = true;
    const gate = createWriteGate(() => owned, 'r1');
    const f = fake(sent);
    const c = gate.wrap(f.client);
    const write = c.apply(cm, { dryRun: false, force: false });
    expect(gate.busy('m1')).toBe(true);
    owned = false;
    await expect(c.delete(ref)).rejects.toMatchObject({ code: 'OwnerConflict' });
    expect(gate.busy('m1')).toBe(true);
    f.finish();
    await write;
    expect(gate.busy('m1')).toBe(false);
  });
});
