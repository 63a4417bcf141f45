import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../src/render/load/index.js';
import { hasErrors, renderSnapshot } from '../../../../src/render/index.js';
import { snapshotOf } from '../../../helpers/builders.js';

const errors = (files: Record<string, string>) => loadCatalog(snapshotOf(files)).diagnostics.filter((d) => d.severity === 'error');

const INT32 = 2147483647;
const SAFE = Number.MAX_SAFE_INTEGER;

/** Field is one number gitfed reads as a replica count or weight: the file holding `V`, where V's line and field are. */
interface Field { file: (v: string) => string; line: number; field: string; min: number; max: number; anyString?: boolean }

const workload = (kind: string, apiVersion: string, key: string) => (v: string) =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: web, namespace: shop}\nspec:\n  ${key}: ${v}\n  template: {spec: {containers: [{name: a, image: a}]}}\n`;
const pp = (kind: string, weightPreference: string, spread = '') => `apiVersion: policy.karmada.io/v1alpha1
kind: ${kind}
metadata: {name: web${kind === 'PropagationPolicy' ? ', namespace: shop' : ''}}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]
  placement:${spread}
    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList:
          - {targetCluster: {clusterNames: [m1]}, weight: ${weightPreference}}
`;
const spread = (key: string, v: string) => pp('PropagationPolicy', '1', `\n    spreadConstraints:\n      - {spreadByField: cluster, ${key}: ${v}}`);
const rsp = (body: string) => `apiVersion: scheduling.kubefed.io/v1alpha1
kind: ReplicaSchedulingPreference
metadata: {name: web, namespace: shop}
spec:
  targetKind: FederatedDeployment
${body}`;
const federated = (body: string) => `apiVersion: types.kubefed.io/v1beta1
kind: FederatedDeployment
metadata: {name: web, namespace: shop}
spec:
${body}`;
const ftc = `apiVersion: core.kubefed.io/v1beta1
kind: FederatedTypeConfig
metadata: {name: deployments.apps, namespace: kube-federation-system}
spec:
  targetType: {group: apps, version: v1, kind: Deployment, pluralName: deployments, scope: Namespaced}
  federatedType: {group: types.kubefed.io, version: v1beta1, kind: FederatedDeployment, pluralName: federateddeployments, scope: Namespaced}
  propagation: Enabled
---
`;

const FIELDS: Record<string, Field> = {
  'a Deployment spec.replicas': { file: workload('Deployment', 'apps/v1', 'replicas'), line: 5, field: 'spec.replicas', min: 0, max: INT32 },
  'a StatefulSet spec.replicas': { file: workload('StatefulSet', 'apps/v1', 'replicas'), line: 5, field: 'spec.replicas', min: 0, max: INT32 },
  'a ReplicaSet spec.replicas': { file: workload('ReplicaSet', 'apps/v1', 'replicas'), line: 5, field: 'spec.replicas', min: 0, max: INT32 },
  'a Job spec.parallelism': { file: workload('Job', 'batch/v1', 'parallelism'), line: 5, field: 'spec.parallelism', min: 0, max: INT32 },
  'a Job spec.completions': { file: workload('Job', 'batch/v1', 'completions'), line: 5, field: 'spec.completions', min: 0, max: INT32 },
  // another kind may give a string spec.replicas its own meaning; a number there is still an int32
  'a custom kind spec.replicas': { file: workload('Widget', 'example.com/v1', 'replicas'), line: 5, field: 'spec.replicas', min: 0, max: INT32, anyString: true },
  'a Deployment inside a List': {
    file: (v) => `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: web, namespace: shop}\n    spec:\n      replicas: ${v}\n`, line: 8, field: 'spec.replicas', min: 0, max: INT32,
  },
  'a PropagationPolicy static weight': { file: (v) => pp('PropagationPolicy', v), line: 11, field: 'spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight', min: 1, max: SAFE },
  'a ClusterPropagationPolicy static weight': { file: (v) => pp('ClusterPropagationPolicy', v), line: 11, field: 'spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight', min: 1, max: SAFE },
  'a spread constraint maxGroups': { file: (v) => spread('maxGroups', v), line: 8, field: 'spec.placement.spreadConstraints[0].maxGroups', min: 0, max: SAFE },
  'a spread constraint minGroups': { file: (v) => spread('minGroups', v), line: 8, field: 'spec.placement.spreadConstraints[0].minGroups', min: 0, max: SAFE },
  'an RSP totalReplicas': { file: (v) => rsp(`  totalReplicas: ${v}\n`), line: 6, field: 'spec.totalReplicas', min: 0, max: INT32 },
  'an RSP cluster weight': { file: (v) => rsp(`  totalReplicas: 5\n  clusters:\n    a: {weight: ${v}}\n`), line: 8, field: 'spec.clusters.a.weight', min: 0, max: SAFE },
  'an RSP cluster minReplicas': { file: (v) => rsp(`  totalReplicas: 5\n  clusters:\n    a: {minReplicas: ${v}}\n`), line: 8, field: 'spec.clusters.a.minReplicas', min: 0, max: SAFE },
  'an RSP cluster maxReplicas': { file: (v) => rsp(`  totalReplicas: 5\n  clusters:\n    a: {maxReplicas: ${v}}\n`), line: 8, field: 'spec.clusters.a.maxReplicas', min: 0, max: SAFE },
  'a FederatedDeployment template replicas': { file: (v) => ftc + federated(`  template:\n    spec:\n      replicas: ${v}\n`), line: 15, field: 'spec.template.spec.replicas', min: 0, max: INT32 },
  'a FederatedDeployment override of /spec/replicas': {
    file: (v) => ftc + federated(`  template: {spec: {replicas: 1}}\n  overrides:\n    - clusterName: a\n      clusterOverrides:\n        - {path: /spec/replicas, value: ${v}}\n`), line: 17, field: 'spec.overrides[0].clusterOverrides[0].value', min: 0, max: INT32,
  },
};

/** ATTACKS are the numbers that hung, emptied or silently changed a placement, with the error each gets (none: valid there). */
const ATTACKS: [string, string, (f: Field) => string | undefined][] = [
  ['spec.replicas 1e12 is an error with file:line', '1e12', (f) => (f.max === INT32 ? `must be at most ${INT32}, got 1000000000000` : undefined)],
  ['2^53 replicas is an error', '9007199254740992', (f) => `must be at most ${f.max}, got 9007199254740992`],
  ['2^53 + 1 (read as 2^53) is an error that shows the number as written', '9007199254740993', (f) => `must be at most ${f.max}, got 9007199254740993`],
  ['a weight of 1e308 is an error', '1e308', (f) => `must be at most ${f.max}, got 1e+308`],
  ['1e400 (Infinity) is an error', '1e400', () => 'must be an integer, got number 1e400'],
  ['.inf is an error', '.inf', () => 'must be an integer, got number .inf'],
  ['.nan is an error', '.nan', () => 'must be an integer, got number .nan'],
  ['negative replicas is an error, not an empty placement', '-3', (f) => `must be at least ${f.min}, got -3`],
  ["replicas '5' is an error, not 1", '"5"', (f) => (f.anyString ? undefined : 'must be an integer, got string "5"')],
  ['replicas 1.5 is an error, not 1', '1.5', () => 'must be an integer, got number 1.5'],
  ['a fraction that float64 rounds to a whole number is an error', '2147483647.0000001', () => 'must be an integer, got number 2147483647.0000001'],
  ['a fraction that float64 rounds to 1 is an error', '1.00000000000000001', () => 'must be an integer, got number 1.00000000000000001'],
];

describe('replica counts and weights are integers in range, or the commit is invalid with file:line:field', () => {
  const rows = Object.entries(FIELDS).flatMap(([where, f]) => ATTACKS.map(([attack, value, message]) => [`${attack}: ${where}`, f, value, message(f)] as const));
  it.each(rows)('%s', (_name, f, value, message) => {
    const diags = errors({ 'x.yaml': f.file(value) });
    if (message === undefined) return void expect(diags).toEqual([]);
    expect(diags).toEqual([expect.objectContaining({ file: 'x.yaml', line: f.line, field: f.field, message: expect.stringContaining(message) })]);
  });

  it.each(Object.entries(FIELDS))('%s accepts its bounds and whole numbers written as 5.0, 1e3 or 0x10', (_where, f) => {
    for (const v of [String(f.min), String(f.max), '5.0', '1e3', '0x10']) expect(errors({ 'x.yaml': f.file(v) }), v).toEqual([]);
  });
});

describe('Federation v1 replica preferences are integers in 0..2^53-1, or the commit is invalid with file:line:field', () => {
  const KEY = 'federation.kubernetes.io/deployment-preferences';
  const deployment = (prefs: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    ${KEY}: '${prefs}'
spec:
  replicas: 6
`;
  it.each<[string, string, string]>([
    ['a weight of 1e12 written with an exponent (Go refuses it for an int64)', '1e12', 'must be an integer, got number 1e12'],
    ['a weight of 1e308', '1e308', 'must be an integer, got number 1e308'],
    ['2^53 + 1', '9007199254740993', `must be at most ${SAFE}, got 9007199254740993`],
    ['a negative weight', '-3', 'must be at least 0, got -3'],
    ["a weight of '5'", '"5"', 'must be an integer, got string'],
    ['a weight of 1.5', '1.5', 'must be an integer, got number 1.5'],
  ])('%s is an error naming the annotation', (_name, value, message) => {
    // keys match case-insensitively, as Go decodes them; the message names the field
    for (const [key, field] of [['weight', 'weight'], ['minReplicas', 'minReplicas'], ['MaxReplicas', 'maxReplicas']]) {
      const diags = errors({ 'web.yaml': deployment(`{"clusters": {"a": {"${key}": ${value}}}}`) });
      expect(diags, key).toEqual([{ severity: 'error', file: 'web.yaml', line: 7, field: `metadata.annotations.${KEY}`, message: `clusters["a"].${field}: ${message}` }]);
    }
  });

  it('valid numbers, null and text that is not JSON at all (split evenly, with a warning at render) are accepted', () => {
    for (const prefs of [`{"clusters": {"*": {"weight": ${SAFE}, "minReplicas": 0, "maxReplicas": null}}}`, '{"clusters": ']) {
      expect(errors({ 'web.yaml': deployment(prefs) }), prefs).toEqual([]);
    }
  });

  it('a commit with a negative minReplicas renders nothing at all rather than negative replicas', () => {
    const clusters = 'apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: a}\n';
    const { plan } = renderSnapshot(snapshotOf({ 'c.yaml': clusters, 'web.yaml': deployment('{"clusters": {"*": {"minReplicas": -5, "weight": 1}}}') }));
    expect(hasErrors(plan)).toBe(true);
    expect(plan.clusters).toEqual({ a: [] });
  });
});
