import type { ClusterApi, ResourceType } from '../types.js';

/** Route is what a request path names, before the resource part is resolved against the cluster. */
export type Route =
  | { type: 'health' }
  | { type: 'version' }
  | { type: 'api-root' }
  | { type: 'apis-root' }
  | { type: 'group-version'; group: string; version: string }
  | { type: 'openapi-root' }
  | { type: 'openapi-doc'; path: string }
  | { type: 'resource'; group: string; version: string; segments: string[] }
  | { type: 'unknown' };

/** ResourceTarget is a resource URL resolved to a served resource type. */
export interface ResourceTarget {
  rt: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** parseRoute splits a request path into the route it names (no cluster lookup yet). */
export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '').map(safeDecode);
  const [first, second, third] = parts;
  if (first === 'healthz' || first === 'livez' || first === 'readyz') return { type: 'health' };
  if (first === 'version' && parts.length === 1) return { type: 'version' };
  if (first === 'openapi' && second === 'v3') {
    return parts.length === 2 ? { type: 'openapi-root' } : { type: 'openapi-doc', path: parts.slice(2).join('/') };
  }
  if (first === 'api') {
    if (parts.length === 1) return { type: 'api-root' };
    if (second === undefined) return { type: 'unknown' };
    if (parts.length === 2) return { type: 'group-version', group: '', version: second };
    return { type: 'resource', group: '', version: second, segments: parts.slice(2) };
  }
  if (first === 'apis') {
    if (parts.length === 1) return { type: 'apis-root' };
    if (second === undefined || third === undefined) return { type: 'unknown' };
    if (parts.length === 3) return { type: 'group-version', group: second, version: third };
    return { type: 'resource', group: second, version: third, segments: parts.slice(3) };
  }
  return { type: 'unknown' };
}

/** resolveTarget maps the segments after `/api/v1` or `/apis/<g>/<v>` onto a served resource, or undefined (404). */
export function resolveTarget(api: ClusterApi, group: string, version: string, segments: string[]): ResourceTarget | undefined {
  const [first, ns, plural, ...rest] = segments;
  if (first === 'namespaces' && ns !== undefined && plural !== undefined) {
    const rt = api.resolve(group, version, plural);
    // `/api/v1/namespaces/<name>/status` names the Namespace's own subresource, not a resource called `status`
    if (rt?.namespaced) return withName(rt, ns, rest);
  }
  if (first === undefined) return undefined;
  const rt = api.resolve(group, version, first);
  if (!rt) return undefined;
  const tail = segments.slice(1);
  // a namespaced resource without a namespace is only valid as an all-namespaces collection
  if (rt.namespaced && tail.length > 0) return undefined;
  return withName(rt, undefined, tail);
}

function withName(rt: ResourceType, namespace: string | undefined, tail: string[]): ResourceTarget | undefined {
  const [name, subresource, ...extra] = tail;
  if (extra.length > 0) return undefined;
  if (subresource !== undefined && !rt.subresources.includes(subresource)) return undefined;
  return {
    rt,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
    ...(subresource === undefined ? {} : { subresource }),
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
