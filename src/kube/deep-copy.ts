/**
 * deepCopy copies parsed YAML/JSON data (plain objects, arrays, primitives) like structuredClone does, about
 * five times faster (a JSON round trip is barely faster than structuredClone and loses NaN, ±Infinity, -0 and
 * aliasing). Objects reached twice, as YAML aliases produce, stay shared in the copy, exactly as with structuredClone.
 */
export function deepCopy<T>(value: T): T {
  return copy(value, new Map()) as T;
}

function copy(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], seen);
    return out;
  }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const key of Object.keys(value)) {
    const v = copy((value as Record<string, unknown>)[key], seen);
    // plain assignment to "__proto__" would set the prototype instead of copying the YAML key
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
    else out[key] = v;
  }
  return out;
}
