import { stringify } from 'yaml';
import type { KubeObject } from '../model/kube.js';

/** toYamlStream prints objects as one multi-document YAML stream. */
export function toYamlStream(objects: readonly KubeObject[]): string {
  return objects.map((o) => `---\n${stringify(o, { lineWidth: 0 })}`).join('');
}

/** fileNameOf is `<kind>-<namespace>-<name>.yaml` (cluster-scoped: `<kind>-<name>.yaml`). */
export function fileNameOf(o: KubeObject): string {
  const parts = [o.kind, o.metadata.namespace, o.metadata.name].filter((p): p is string => Boolean(p));
  return `${parts.join('-')}.yaml`;
}
