import { describe, expect, it } from 'vitest';
import { driftedFields } from '../../../src/drift/compare.js';
import type { KubeObject } from '../../../src/model/kube.js';

type Fields = Record<string, unknown>;
const entry = (manager: string, fieldsV1: Fields, extra: Fields = {}) => ({ manager, operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1, ...extra });
const applied = (fieldsV1: Fields) => ({ ...entry('gitfed', fieldsV1), operation: 'Apply' });

/** gitfedOwns is gitfed's Apply entry; a field another manager took over (an Update takes it) is left out. */
function gitfedOwns(lost: { replicas?: boolean; image?: boolean; selector?: boolean; labels?: boolean } = {}): Fields {
  return applied({
    'f:metadata': lost.labels ? {} : { 'f:labels': { 'f:app': {} } },
    'f:spec': {
      ...(lost.replicas ? {} : { 'f:replicas': {} }),
      ...(lost.selector ? {} : { 'f:selector': {} }),
      'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, ...(lost.image ? {} : { 'f:image': {} }) } } } },
    },
  });
}

function deployment(over: { replicas?: number; image?: string; labels?: Record<string, string>; containers?: unknown[]; meta?: Fields; status?: Fields }): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: over.labels ?? { app: 'web' }, ...(over.meta ?? {}) } as KubeObject['metadata'],
    spec: {
      replicas: over.replicas ?? 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { spec: { containers: (over.containers ?? [{ name: 'web', image: over.image ?? 'web:1', imagePullPolicy: 'IfNotPresent' }]) as never } },
    },
    ...(over.status ? { status: over.status as never } : {}),
  };
}

describe('driftedFields', () => {
  it.each<[string, KubeObject, KubeObject, unknown[], Fields[]]>([
    ['identical objects', deployment({}), deployment({}), [gitfedOwns()], []],
    ['server fields and status are not compared',
      deployment({ meta: { resourceVersion: '9', generation: 3, uid: 'u1', creationTimestamp: '2025-01-01T00:00:00Z' }, status: { replicas: 5 } }),
      deployment({ meta: { resourceVersion: '10', generation: 4, uid: 'u2' }, status: { replicas: 2 } }),
      [gitfedOwns()], []],
    ['replicas another manager wrote',
      deployment({ replicas: 5 }), deployment({ replicas: 2 }),
      [gitfedOwns({ replicas: true }), entry('kubectl-edit', { 'f:spec': { 'f:replicas': {} } })],
      [{ path: 'spec.replicas', desired: 2, live: 5, manager: 'kubectl-edit' }]],
    ['replicas gitfed still owns: a plan change, not drift',
      deployment({ replicas: 2 }), deployment({ replicas: 3 }), [gitfedOwns()], []],
    ['a keyed list item edited by another manager',
      deployment({ image: 'web:hacked' }), deployment({ image: 'web:1' }),
      [gitfedOwns({ image: true }), entry('kubectl-edit', { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } } } } })],
      [{ path: 'spec.template.spec.containers[name="web"].image', desired: 'web:1', live: 'web:hacked', manager: 'kubectl-edit' }]],
    ['list items are matched by key, not by position',
      deployment({ containers: [{ name: 'side', image: 's:1' }, { name: 'web', image: 'web:2' }] }),
      deployment({ containers: [{ name: 'side', image: 's:1' }, { name: 'web', image: 'web:1' }] }),
      [gitfedOwns({ image: true }), entry('kubectl-edit', { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"side"}': { '.': {}, 'f:name': {}, 'f:image': {} }, 'k:{"name":"web"}': { 'f:image': {} } } } } } })],
      [{ path: 'spec.template.spec.containers[name="web"].image', desired: 'web:1', live: 'web:2', manager: 'kubectl-edit' }]],
    ['an atomic field changed by another manager is reported at its leaves',
      { ...deployment({}), spec: { ...(deployment({}).spec as Fields), selector: { matchLabels: { app: 'other' } } } }, deployment({}),
      [gitfedOwns({ selector: true }), entry('kubectl-edit', { 'f:spec': { 'f:selector': {} } })],
      [{ path: 'spec.selector.matchLabels.app', desired: 'web', live: 'other', manager: 'kubectl-edit' }]],
    ['a label taken over by another manager',
      deployment({ labels: { app: 'x' } }), deployment({ labels: { app: 'web' } }),
      [gitfedOwns({ labels: true }), entry('kubectl-label', { 'f:metadata': { 'f:labels': { 'f:app': {} } } })],
      [{ path: 'metadata.labels.app', desired: 'web', live: 'x', manager: 'kubectl-label' }]],
    ['a difference nobody owns (e.g. a field someone deleted) is not attributed',
      deployment({}), { ...deployment({}), spec: { ...(deployment({}).spec as Fields), paused: true } }, [gitfedOwns()], []],
    ['a field shared with gitfed is gitfed\'s',
      deployment({ replicas: 5 }), deployment({ replicas: 2 }),
      [gitfedOwns(), entry('helm', { 'f:spec': { 'f:replicas': {} } })], []],
    ['the newest of several other owners is named',
      deployment({ replicas: 5 }), deployment({ replicas: 2 }),
      [gitfedOwns({ replicas: true }), entry('a', { 'f:spec': { 'f:replicas': {} } }, { time: '2025-01-01T00:00:00Z' }), entry('b', { 'f:spec': { 'f:replicas': {} } }, { time: '2025-02-01T00:00:00Z', subresource: 'scale' })],
      [{ path: 'spec.replicas', desired: 2, live: 5, manager: 'b' }]],
  ])('%s', (_what, live, dryRun, managedFields, expected) => {
    expect(driftedFields(live, dryRun, managedFields)).toEqual(expected);
  });

  it('an item someone removed is owned by nobody any more: not attributed (the next apply restores it)', () => {
    const live = deployment({ containers: [{ name: 'web', image: 'web:1' }] });
    const dryRun = deployment({ containers: [{ name: 'web', image: 'web:1' }, { name: 'log', image: 'log:1' }] });
    // an Update that removes a field strips it from every manager (ssa-semantics §2.2), so no one is left to name
    expect(driftedFields(live, dryRun, [gitfedOwns()])).toEqual([]);
  });

  it('a list with no recorded keys is compared as a whole', () => {
    const tolerations = (key: string) => ({ ...deployment({}), spec: { ...(deployment({}).spec as Fields), template: { spec: { containers: [], tolerations: [{ key, operator: 'Exists' }] } } } });
    const fields = driftedFields(tolerations('edited'), tolerations('gpu'), [entry('kubectl-edit', { 'f:spec': { 'f:template': { 'f:spec': { 'f:tolerations': {} } } } })]);
    expect(fields).toEqual([{ path: 'spec.template.spec.tolerations', desired: [{ key: 'gpu', operator: 'Exists' }], live: [{ key: 'edited', operator: 'Exists' }], manager: 'kubectl-edit' }]);
  });
});
