import type { KubeObject } from '../model/kube.js';
import { newReuse, toYaml, type Reuse } from '../kube/fast-yaml.js';

// render shares one frozen object between the clusters that receive the same variant: its text is written once.
// Only those are remembered: an entry per object of the fleet cost the collector more than the text saved.
const written = new WeakMap<KubeObject, string>();

/** Shared tells the objects handed to several clusters (RenderStream.shared): frozen by render, read-only. */
export type Shared = (o: KubeObject) => boolean;

/**
 * Reused is what one render's output may keep while it writes: the text of whole objects handed to several clusters
 * (`shared`) and of the template parts inside the others (`parts`, RenderStream.templatePart).
 */
export interface Reused {
  shared: Shared;
  parts?: Reuse;
}

/** reusedOf is the Reused of a render stream, for one output. */
export function reusedOf(stream: { shared: Shared; templatePart(part: object): boolean }): Reused {
  return { shared: stream.shared, parts: newReuse(stream.templatePart) };
}

const NOTHING: Reused = { shared: () => false };

/** yamlOf is one object's YAML document body, remembered for a shared (frozen, read-only) one. */
function yamlOf(o: KubeObject, reused: Reused): string {
  if (!reused.shared(o)) return toYaml(o, reused.parts);
  let text = written.get(o);
  if (text === undefined) written.set(o, (text = toYaml(o, reused.parts)));
  return text;
}

/** toYamlDocument prints one object as a document of a multi-document YAML stream. */
export function toYamlDocument(o: KubeObject, reused: Reused = NOTHING): string {
  return `---\n${yamlOf(o, reused)}`;
}

/** toYamlStream prints objects as one multi-document YAML stream. */
export function toYamlStream(objects: readonly KubeObject[], reused: Reused = NOTHING): string {
  let out = '';
  for (const o of objects) out += toYamlDocument(o, reused);
  return out;
}

/** fileNameOf is `<kind>-<namespace>-<name>.yaml` (cluster-scoped: `<kind>-<name>.yaml`); an empty part is left out. */
export function fileNameOf(o: KubeObject): string {
  // a name per object of the fleet: plain concatenation, no array to filter and join
  const { namespace, name } = o.metadata;
  let file = o.kind || '';
  if (namespace) file = file ? `${file}-${namespace}` : namespace;
  if (name) file = file ? `${file}-${name}` : name;
  return `${file}.yaml`;
}
