/**
 * The FieldsV1 format of metadata.managedFields (structured-merge-diff `fieldpath/serialize.go`), shared by
 * the drift detector and the simulated API server so that both read ownership by the same rules.
 */
import type { JsonValue } from '../model/kube.js';

/** PathElement is one serialized FieldsV1 path element: `f:name`, `k:{json}`, `v:json` or `i:n`. */
export type PathElement = string;

/** Path is a sequence of path elements from the object root. */
export type Path = readonly PathElement[];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** decodeFieldsV1 lists the owned paths: a key whose value is `{}` is a member, a non-empty object only a prefix (a member too with `.`). */
export function decodeFieldsV1(fields: unknown): Path[] {
  const out: Path[] = [];
  const walk = (obj: Record<string, unknown>, prefix: Path): void => {
    for (const [key, child] of Object.entries(obj)) {
      if (key === '.') {
        if (prefix.length > 0) out.push(prefix);
        continue;
      }
      const path = [...prefix, key];
      if (isObject(child) && Object.keys(child).length > 0) walk(child, path);
      else out.push(path);
    }
  };
  if (isObject(fields)) walk(fields, []);
  return out;
}

/** elementToString renders one element as SMD's PathElement.String: `.name`, `[name="web"]`, `[="v"]`, `[3]`. */
export function elementToString(pe: PathElement): string {
  const body = pe.slice(2);
  switch (pe.charAt(0)) {
    case 'f': return `.${body}`;
    case 'k': {
      const key = JSON.parse(body) as Record<string, JsonValue>;
      return `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    }
    case 'v': return `[=${body}]`;
    default: return `[${body}]`;
  }
}

/** pathToString renders a path as `.spec.template.spec.containers[name="nginx"].image`. */
export function pathToString(path: Path): string {
  return path.map(elementToString).join('');
}
