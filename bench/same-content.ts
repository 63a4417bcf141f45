import { parseAllDocuments } from 'yaml';
import { changedPaths } from '../src/kube/compare-objects.js';
import { objectKey } from '../src/kube/object-ref.js';
import type { KubeObject } from '../src/model/kube.js';

/** Comparison says whether two outputs hold the same objects; when not, the first difference. */
export interface Comparison {
  equal: boolean;
  objects: number;
  difference?: string;
}

/** objectsOf parses a multi-document YAML stream (kustomize's or gitfed's) into objects by key. */
export function objectsOf(yaml: string): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const doc of parseAllDocuments(yaml)) {
    const obj = doc.toJS() as KubeObject | null;
    if (obj) out.set(objectKey(obj), obj);
  }
  return out;
}

/** byCluster splits `gitfed render` YAML output at its `# cluster: NAME` lines. */
export function byCluster(yaml: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = yaml.split(/^# cluster: (.+)$/m);
  for (let i = 1; i < parts.length; i += 2) out.set(parts[i] ?? '', parts[i + 1] ?? '');
  return out;
}

/** compareObjects compares by content, not by text: order of objects and keys, quoting and flow style do not matter. */
export function compareObjects(a: ReadonlyMap<string, KubeObject>, b: ReadonlyMap<string, KubeObject>): Comparison {
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (!x || !y) return { equal: false, objects: a.size, difference: `${key} only in ${x ? 'the first' : 'the second'}` };
    const paths = changedPaths(x, y);
    if (paths.length > 0) return { equal: false, objects: a.size, difference: `${key}: ${paths.join(', ')}` };
  }
  return { equal: true, objects: a.size };
}
