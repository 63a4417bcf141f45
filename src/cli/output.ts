import type { KubeObject } from '../model/kube.js';
import { toYaml } from '../kube/fast-yaml.js';

// render shares one frozen object between the clusters that receive the same variant: its text is written once
const written = new WeakMap<KubeObject, string>();

/** yamlOf is one object's YAML document body, remembered for a frozen (shared, read-only) object. */
function yamlOf(o: KubeObject): string {
  if (!Object.isFrozen(o)) return toYaml(o);
  let text = written.get(o);
  if (text === undefined) written.set(o, (text = toYaml(o)));
  return text;
}

/** toYamlStream prints objects as one multi-document YAML stream. */
export function toYamlStream(objects: readonly KubeObject[]): string {
  return objects.map((o) => `---\n${yamlOf(o)}`).join('');
}

/** fileNameOf is `<kind>-<namespace>-<name>.yaml` (cluster-scoped: `<kind>-<name>.yaml`). */
export function fileNameOf(o: KubeObject): string {
  const parts = [o.kind, o.metadata.namespace, o.metadata.name].filter((p): p is string => Boolean(p));
  return `${parts.join('-')}.yaml`;
}
