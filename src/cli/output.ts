import type { KubeObject } from '../model/kube.js';
import { toYaml } from '../kube/fast-yaml.js';

// render shares one frozen object between the clusters that receive the same variant: its text is written once.
// Only those are remembered: an entry per object of the fleet cost the collector more than the text saved.
const written = new WeakMap<KubeObject, string>();

/** Shared tells the objects handed to several clusters (RenderStream.shared): frozen by render, read-only. */
export type Shared = (o: KubeObject) => boolean;

/** yamlOf is one object's YAML document body, remembered for a shared (frozen, read-only) one. */
function yamlOf(o: KubeObject, shared: Shared): string {
  if (!shared(o)) return toYaml(o);
  let text = written.get(o);
  if (text === undefined) written.set(o, (text = toYaml(o)));
  return text;
}

/** toYamlStream prints objects as one multi-document YAML stream. */
export function toYamlStream(objects: readonly KubeObject[], shared: Shared = () => false): string {
  let out = '';
  for (const o of objects) out += `---\n${yamlOf(o, shared)}`;
  return out;
}

/** fileNameOf is `<kind>-<namespace>-<name>.yaml` (cluster-scoped: `<kind>-<name>.yaml`). */
export function fileNameOf(o: KubeObject): string {
  const parts = [o.kind, o.metadata.namespace, o.metadata.name].filter((p): p is string => Boolean(p));
  return `${parts.join('-')}.yaml`;
}
