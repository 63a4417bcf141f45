import type { Toleration } from '../../model/cluster.js';
import type {
  ClusterAffinity, ClusterAffinityTerm, FieldSelectorRequirement, Placement, ReplicaSchedulingStrategy,
  SpreadConstraint, SpreadField, StaticClusterWeight,
} from '../../model/policy.js';
import type { FieldPath } from './parse.js';
import type { FieldReader } from './field-reader.js';

type Path = (string | number)[];

const AFFINITY_KEYS = ['labelSelector', 'fieldSelector', 'clusterNames', 'exclude'];
const PLACEMENT_KEYS = ['clusterAffinity', 'clusterAffinities', 'clusterTolerations', 'spreadConstraints', 'replicaScheduling', 'workloadAffinity'];
const SPREAD_FIELDS = ['cluster', 'region', 'zone', 'provider'] as const satisfies readonly SpreadField[];

/** readClusterAffinity reads a ClusterAffinity (also used by static weights and override rules). */
export function readClusterAffinity(r: FieldReader, path: Path, extraKeys: readonly string[] = []): ClusterAffinity {
  r.unknownKeys(path, [...AFFINITY_KEYS, ...extraKeys]);
  const affinity: ClusterAffinity = {};
  const labelSelector = r.labelSelector([...path, 'labelSelector']);
  if (labelSelector) affinity.labelSelector = labelSelector;
  if (r.object([...path, 'fieldSelector'])) {
    affinity.fieldSelector = { matchExpressions: readFieldRequirements(r, [...path, 'fieldSelector', 'matchExpressions']) };
  }
  const names = r.stringList([...path, 'clusterNames']);
  if (names) affinity.clusterNames = names;
  const exclude = r.stringList([...path, 'exclude']);
  if (exclude) affinity.exclude = exclude;
  return affinity;
}

function readFieldRequirements(r: FieldReader, path: Path): FieldSelectorRequirement[] {
  return (r.list(path) ?? []).map((_, i) => {
    const req: FieldSelectorRequirement = {
      key: r.string([...path, i, 'key'], { required: true, oneOf: ['provider', 'region', 'zone'] as const }) ?? 'provider',
      operator: r.string([...path, i, 'operator'], { required: true, oneOf: ['In', 'NotIn'] as const }) ?? 'In',
    };
    const values = r.stringList([...path, i, 'values']);
    if (values) req.values = values;
    return req;
  });
}

function readAffinityTerms(r: FieldReader, path: Path): ClusterAffinityTerm[] {
  const seen = new Set<string>();
  return (r.list(path) ?? []).map((_, i) => {
    const name = r.string([...path, i, 'affinityName'], { required: true }) ?? '';
    if (seen.has(name)) r.error([...path, i, 'affinityName'], `duplicate affinityName "${name}"`);
    seen.add(name);
    const term: ClusterAffinityTerm = { affinityName: name, ...readClusterAffinity(r, [...path, i], ['affinityName', 'overflowAffinities']) };
    const overflow = r.list([...path, i, 'overflowAffinities']);
    // an OverflowClusterAffinity is a required affinityName (the tier's name, shown in status) plus the ClusterAffinity fields
    if (overflow) {
      term.overflowAffinities = overflow.map((__, j) => {
        r.string([...path, i, 'overflowAffinities', j, 'affinityName'], { required: true });
        return readClusterAffinity(r, [...path, i, 'overflowAffinities', j], ['affinityName']);
      });
    }
    return term;
  });
}

function readTolerations(r: FieldReader, path: Path): Toleration[] {
  return (r.list(path) ?? []).map((_, i) => {
    const p = [...path, i];
    r.unknownKeys(p, ['key', 'operator', 'value', 'effect', 'tolerationSeconds']);
    const t: Toleration = {};
    const key = r.string([...p, 'key']);
    // an empty operator is Equal (core/v1 validation accepts "")
    const operator = r.string([...p, 'operator'], { oneOf: ['', 'Exists', 'Equal'] as const });
    const value = r.string([...p, 'value']);
    const effect = r.string([...p, 'effect'], { oneOf: ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const });
    const seconds = r.integer([...p, 'tolerationSeconds']);
    if (key) t.key = key;
    if (operator) t.operator = operator;
    if (value) t.value = value;
    if (effect) t.effect = effect;
    if (seconds !== undefined) t.tolerationSeconds = seconds;
    // Karmada validates clusterTolerations only by refusing Lt/Gt (the oneOf above); the core/v1 rules on empty
    // keys and Exists values do not apply, so its own example `{effect: NoSchedule}` is valid
    return t;
  });
}

/** readSpreadConstraints applies the webhook defaults (spreadByField cluster, minGroups 1; maxGroups is not defaulted) and Karmada's validation. */
function readSpreadConstraints(r: FieldReader, path: Path): SpreadConstraint[] {
  const list = (r.list(path) ?? []).map((_, i) => {
    const p = [...path, i];
    r.unknownKeys(p, ['spreadByField', 'spreadByLabel', 'maxGroups', 'minGroups']);
    const byField = r.string([...p, 'spreadByField'], { oneOf: SPREAD_FIELDS });
    const byLabel = r.string([...p, 'spreadByLabel']);
    const c: SpreadConstraint = {
      maxGroups: r.integer([...p, 'maxGroups'], { min: 0 }) ?? 0,
      minGroups: r.integer([...p, 'minGroups'], { min: 0 }) || 1,
    };
    if (byField && byLabel) r.error(p, 'spreadByLabel should not co-exist with spreadByField');
    if (byLabel) c.spreadByLabel = byLabel;
    else c.spreadByField = byField || 'cluster';
    if (c.maxGroups > 0 && c.maxGroups < c.minGroups) r.error([...p, 'maxGroups'], 'maxGroups lower than minGroups is not allowed');
    return c;
  });
  const fields = new Set(list.flatMap((c) => (c.spreadByField ? [c.spreadByField] : [])));
  if (fields.size > 0 && !fields.has('cluster')) {
    r.error(path, 'the cluster spread constraint must be enabled in one of the constraints in case of SpreadByField is enabled');
  }
  return list;
}

function readStaticWeights(r: FieldReader, path: Path): StaticClusterWeight[] {
  return (r.list(path) ?? []).map((_, i) => (r.unknownKeys([...path, i], ['targetCluster', 'weight']), {
    targetCluster: readClusterAffinity(r, [...path, i, 'targetCluster']),
    weight: r.integer([...path, i, 'weight'], { required: true, min: 1 }) ?? 1,
  }));
}

/** readReplicaScheduling applies the CRD default (Divided) and the webhook default (Weighted). */
function readReplicaScheduling(r: FieldReader, path: Path): ReplicaSchedulingStrategy | undefined {
  if (!r.object(path)) return undefined;
  r.unknownKeys(path, ['replicaSchedulingType', 'replicaDivisionPreference', 'weightPreference']);
  const type = r.string([...path, 'replicaSchedulingType'], { oneOf: ['Duplicated', 'Divided'] as const }) ?? 'Divided';
  const strategy: ReplicaSchedulingStrategy = { replicaSchedulingType: type };
  const pref = r.string([...path, 'replicaDivisionPreference'], { oneOf: ['Aggregated', 'Weighted'] as const });
  if (pref) strategy.replicaDivisionPreference = pref;
  else if (type === 'Divided') strategy.replicaDivisionPreference = 'Weighted';
  const wp = [...path, 'weightPreference'];
  if (r.object(wp)) {
    r.unknownKeys(wp, ['staticWeightList', 'dynamicWeight']);
    const dynamicWeight = r.string([...wp, 'dynamicWeight'], { oneOf: ['', 'AvailableReplicas'] as const });
    strategy.weightPreference = {};
    if (r.has([...wp, 'staticWeightList'])) strategy.weightPreference.staticWeightList = readStaticWeights(r, [...wp, 'staticWeightList']);
    if (dynamicWeight !== undefined) strategy.weightPreference.dynamicWeight = dynamicWeight;
    if (dynamicWeight && strategy.weightPreference.staticWeightList?.length) {
      r.warn([...wp, 'staticWeightList'], 'ignored: dynamicWeight takes precedence over staticWeightList');
    }
  }
  return strategy;
}

/** usesOverflow tells whether any clusterAffinities term declares overflow tiers. */
function checkOverflow(r: FieldReader, path: FieldPath, placement: Placement): void {
  const overflow = placement.clusterAffinities?.some((t) => (t.overflowAffinities?.length ?? 0) > 0);
  const rs = placement.replicaScheduling;
  const dividedByCapacity = rs?.replicaSchedulingType === 'Divided' &&
    (rs.replicaDivisionPreference === 'Aggregated' || Boolean(rs.weightPreference?.dynamicWeight));
  if (overflow && !dividedByCapacity) {
    r.error([...path, 'clusterAffinities'], 'overflowAffinities are only valid with Divided replicas by Aggregated or dynamic weight');
  }
}

/** readPlacement reads `spec.placement` with Karmada's defaults and validation. */
export function readPlacement(r: FieldReader, path: Path): Placement {
  r.unknownKeys(path, PLACEMENT_KEYS);
  const placement: Placement = {};
  if (r.object([...path, 'clusterAffinity'])) placement.clusterAffinity = readClusterAffinity(r, [...path, 'clusterAffinity']);
  if (r.has([...path, 'clusterAffinities'])) placement.clusterAffinities = readAffinityTerms(r, [...path, 'clusterAffinities']);
  if (placement.clusterAffinity && placement.clusterAffinities) {
    r.error([...path, 'clusterAffinities'], 'clusterAffinities cannot co-exist with clusterAffinity');
  }
  if (r.has([...path, 'clusterTolerations'])) placement.clusterTolerations = readTolerations(r, [...path, 'clusterTolerations']);
  if (r.has([...path, 'spreadConstraints'])) placement.spreadConstraints = readSpreadConstraints(r, [...path, 'spreadConstraints']);
  const rs = readReplicaScheduling(r, [...path, 'replicaScheduling']);
  if (rs) placement.replicaScheduling = rs;
  checkOverflow(r, path, placement);
  return placement;
}
