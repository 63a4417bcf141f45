import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/model/kube.js';
import type { CacheEvent } from '../../../src/observe/kind-cache.js';
import type { WorkItem } from '../../../src/reconcile/cluster-pass.js';
import { driftTrigger } from '../../../src/reconcile/drift-trigger.js';

const fields = (manager: string, f: object) => ({ manager, operation: manager === 'gitfed' ? 'Apply' : 'Update', apiVersion: 'apps/v1', fieldsV1: f });
const web = (managed: object[], replicas = 2): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', managedFields: managed as KubeObject['metadata']['managedFields'] }, spec: { replicas },
});
const ours = { 'f:spec': { 'f:replicas': {} } };
const item = { objects: [web([])] } as unknown as WorkItem;
const event = (e: Partial<CacheEvent>): CacheEvent => ({ type: 'MODIFIED', key: 'apps/v1/Deployment/shop/web', object: web([]), ...e });

describe('drift trigger', () => {
  it.each<[string, CacheEvent, boolean]>([
    ['another manager took one of gitfed\'s fields: a pass', event({ previous: web([fields('gitfed', ours)]), object: web([fields('gitfed', {}), fields('kubectl', ours)], 7) }), true],
    ['only the status changed: nothing', event({ previous: web([fields('gitfed', ours)]), object: web([fields('gitfed', ours), { manager: 'kcm', operation: 'Update', subresource: 'status', fieldsV1: {} }]) }), false],
    ['a planned object was deleted: a pass', event({ type: 'DELETED' }), true],
    ['a planned object appeared: a pass', event({ type: 'ADDED' }), true],
    ['an object the plan does not hold: nothing', event({ type: 'DELETED', key: 'v1/ConfigMap/shop/other' }), false],
  ])('%s', (_name, e, runs) => {
    const ran: WorkItem[] = [];
    driftTrigger(() => item, (i) => ran.push(i))(e);
    expect(ran.length).toBe(runs ? 1 : 0);
  });

  it('no pass before the cluster was given a commit', () => {
    const ran: WorkItem[] = [];
    driftTrigger(() => undefined, (i) => ran.push(i))(event({ type: 'DELETED' }));
    expect(ran).toEqual([]);
  });
});
