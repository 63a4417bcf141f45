import type { Taint } from '../../model/cluster.js';
import type { ClusterTaintPolicy, MatchCondition } from '../../model/cluster-taint-policy.js';
import type { FieldReader } from './field-reader.js';
import { readClusterAffinity } from './placement.js';

type Path = (string | number)[];

/**
 * readClusterTaintPolicy reads a ClusterTaintPolicy after its schema passed, with the checks of Karmada's
 * validating webhook: effects NoSchedule or NoExecute, operators In or NotIn, a condition needs a type and at
 * least one status value, and no key and effect given twice.
 */
export function readClusterTaintPolicy(r: FieldReader): ClusterTaintPolicy | undefined {
  const before = r.errorCount;
  const name = r.string(['metadata', 'name'], { required: true }) ?? '';
  if (r.has(['metadata', 'namespace'])) r.error(['metadata', 'namespace'], 'ClusterTaintPolicy is cluster-scoped: it takes no namespace');
  const policy: ClusterTaintPolicy = {
    name,
    addOnConditions: readConditions(r, ['spec', 'addOnConditions']),
    removeOnConditions: readConditions(r, ['spec', 'removeOnConditions']),
    taints: readTaints(r, ['spec', 'taints']),
    source: r.doc.source,
  };
  if (r.object(['spec', 'targetClusters'])) policy.targetClusters = readClusterAffinity(r, ['spec', 'targetClusters']);
  return r.errorCount === before ? policy : undefined;
}

function readConditions(r: FieldReader, path: Path): MatchCondition[] {
  return (r.list(path) ?? []).map((_, i) => {
    const conditionType = r.string([...path, i, 'conditionType'], { required: true }) ?? '';
    const operator = r.string([...path, i, 'operator'], { required: true, oneOf: ['In', 'NotIn'] as const }) ?? 'In';
    const statusValues = r.stringList([...path, i, 'statusValues']) ?? [];
    if (statusValues.length === 0) r.error([...path, i, 'statusValues'], 'needs at least one status value (True, False, Unknown)');
    return { conditionType, operator, statusValues };
  });
}

function readTaints(r: FieldReader, path: Path): Taint[] {
  const seen = new Set<string>();
  return (r.list(path, { required: true, nonEmpty: true }) ?? []).map((_, i) => {
    const key = r.string([...path, i, 'key'], { required: true }) ?? '';
    const effect = r.string([...path, i, 'effect'], { required: true, oneOf: ['NoSchedule', 'NoExecute'] as const }) ?? 'NoSchedule';
    const value = r.string([...path, i, 'value']);
    const id = `${key}:${effect}`;
    if (seen.has(id)) r.error([...path, i], `taint ${id} is given twice`);
    seen.add(id);
    return value ? { key, value, effect } : { key, effect };
  });
}
