import type {
  CommandArgsOverrider, FieldOverrider, ImageOverrider, LabelAnnotationOverrider, OverridePolicy, OverridePolicyKind,
  OverrideRule, Overriders, PlaintextOverrider, SubPatchOperation,
} from '../../model/policy.js';
import type { FieldReader } from './field-reader.js';
import { readClusterAffinity } from './placement.js';
import { readResourceSelectors } from './resource-selectors.js';

type Path = (string | number)[];
const OPS = ['add', 'remove', 'replace'] as const;
const OVERRIDER_KEYS = ['imageOverrider', 'commandOverrider', 'argsOverrider', 'labelsOverrider', 'annotationsOverrider', 'fieldOverrider', 'plaintext'];

/** readOverridePolicy reads an OverridePolicy or ClusterOverridePolicy; the deprecated top-level targetCluster/overriders become one rule. */
export function readOverridePolicy(r: FieldReader, kind: OverridePolicyKind): OverridePolicy | undefined {
  const before = r.errorCount;
  const name = r.string(['metadata', 'name'], { required: true }) ?? '';
  const namespace = kind === 'OverridePolicy' ? (r.string(['metadata', 'namespace']) || 'default') : undefined;
  r.object(['spec'], { required: true });
  r.unknownKeys(['spec'], ['resourceSelectors', 'overrideRules', 'targetCluster', 'overriders']);
  const policy: OverridePolicy = {
    kind,
    name,
    resourceSelectors: readResourceSelectors(r, namespace, false),
    overrideRules: readRules(r),
    source: r.doc.source,
  };
  if (namespace !== undefined) policy.namespace = namespace;
  return r.errorCount === before ? policy : undefined;
}

function readRules(r: FieldReader): OverrideRule[] {
  const deprecated = r.has(['spec', 'targetCluster']) || r.has(['spec', 'overriders']);
  if (deprecated && r.has(['spec', 'overrideRules'])) {
    r.error(['spec', 'overrideRules'], 'overrideRules cannot co-exist with the deprecated targetCluster/overriders');
    return [];
  }
  if (deprecated) return [readRule(r, ['spec'], 'overriders')];
  return (r.list(['spec', 'overrideRules']) ?? []).map((_, i) => {
    r.unknownKeys(['spec', 'overrideRules', i], ['targetCluster', 'overriders']);
    return readRule(r, ['spec', 'overrideRules', i], 'overriders');
  });
}

function readRule(r: FieldReader, path: Path, overridersKey: string): OverrideRule {
  // a failing overrider is reported at the rule's own line, not at the template's
  const rule: OverrideRule = { overriders: readOverriders(r, [...path, overridersKey]), source: { file: r.doc.source.file, line: r.doc.lineOf(path) } };
  if (r.object([...path, 'targetCluster'])) rule.targetCluster = readClusterAffinity(r, [...path, 'targetCluster']);
  return rule;
}

function readOverriders(r: FieldReader, path: Path): Overriders {
  r.unknownKeys(path, OVERRIDER_KEYS);
  const o: Overriders = {};
  const each = <T>(key: string, read: (p: Path) => T): T[] | undefined => r.list([...path, key])?.map((_, i) => read([...path, key, i]));
  const image = each('imageOverrider', (p) => readImage(r, p));
  const command = each('commandOverrider', (p) => readCommandArgs(r, p));
  const args = each('argsOverrider', (p) => readCommandArgs(r, p));
  const labels = each('labelsOverrider', (p) => readLabelAnnotation(r, p));
  const annotations = each('annotationsOverrider', (p) => readLabelAnnotation(r, p));
  const field = each('fieldOverrider', (p) => readField(r, p));
  const plaintext = each('plaintext', (p) => readPlaintext(r, p));
  if (image) o.imageOverrider = image;
  if (command) o.commandOverrider = command;
  if (args) o.argsOverrider = args;
  if (labels) o.labelsOverrider = labels;
  if (annotations) o.annotationsOverrider = annotations;
  if (field) o.fieldOverrider = field;
  if (plaintext) o.plaintext = plaintext;
  return o;
}

function readImage(r: FieldReader, p: Path): ImageOverrider {
  r.unknownKeys(p, ['predicate', 'component', 'operator', 'value']);
  const o: ImageOverrider = {
    component: r.string([...p, 'component'], { required: true, oneOf: ['Registry', 'Repository', 'Tag'] as const }) ?? 'Registry',
    operator: r.string([...p, 'operator'], { required: true, oneOf: OPS }) ?? 'add',
  };
  if (r.object([...p, 'predicate'])) o.predicate = { path: r.string([...p, 'predicate', 'path'], { required: true }) ?? '' };
  const value = r.string([...p, 'value']);
  if (value !== undefined) o.value = value;
  return o;
}

function readCommandArgs(r: FieldReader, p: Path): CommandArgsOverrider {
  r.unknownKeys(p, ['containerName', 'operator', 'value']);
  const o: CommandArgsOverrider = {
    containerName: r.string([...p, 'containerName'], { required: true }) ?? '',
    operator: r.string([...p, 'operator'], { required: true, oneOf: ['add', 'remove'] as const }) ?? 'add',
  };
  const value = r.stringList([...p, 'value']);
  if (value) o.value = value;
  return o;
}

function readLabelAnnotation(r: FieldReader, p: Path): LabelAnnotationOverrider {
  r.unknownKeys(p, ['operator', 'value']);
  const o: LabelAnnotationOverrider = { operator: r.string([...p, 'operator'], { required: true, oneOf: OPS }) ?? 'add' };
  const value = r.stringMap([...p, 'value']);
  if (value) o.value = value;
  return o;
}

function readSubPatches(r: FieldReader, p: Path): SubPatchOperation[] {
  return (r.list(p) ?? []).map((_, i) => {
    r.unknownKeys([...p, i], ['subPath', 'operator', 'value']);
    const op: SubPatchOperation = {
      subPath: r.string([...p, i, 'subPath'], { required: true }) ?? '',
      operator: r.string([...p, i, 'operator'], { required: true, oneOf: OPS }) ?? 'add',
    };
    if (r.has([...p, i, 'value'])) op.value = r.raw([...p, i, 'value']);
    return op;
  });
}

function readField(r: FieldReader, p: Path): FieldOverrider {
  r.unknownKeys(p, ['fieldPath', 'json', 'yaml']);
  const o: FieldOverrider = { fieldPath: r.string([...p, 'fieldPath'], { required: true }) ?? '' };
  const hasJson = r.has([...p, 'json']);
  const hasYaml = r.has([...p, 'yaml']);
  if (hasJson === hasYaml) r.error(p, 'exactly one of json or yaml must be set');
  if (hasJson) o.json = readSubPatches(r, [...p, 'json']);
  if (hasYaml) o.yaml = readSubPatches(r, [...p, 'yaml']);
  return o;
}

function readPlaintext(r: FieldReader, p: Path): PlaintextOverrider {
  r.unknownKeys(p, ['path', 'operator', 'value']);
  const o: PlaintextOverrider = {
    path: r.string([...p, 'path'], { required: true }) ?? '',
    operator: r.string([...p, 'operator'], { required: true, oneOf: OPS }) ?? 'add',
  };
  if (r.has([...p, 'value'])) o.value = r.raw([...p, 'value']);
  return o;
}
