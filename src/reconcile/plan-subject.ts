const VERSION = /^v\d+((alpha|beta)\d+)?$/;

/** subjectOf turns an object key into `Kind/namespace/name`: the apiVersion has a group when its second segment is a version. */
export function subjectOf(resource: string): string {
  const parts = resource.split('/');
  return parts.slice(VERSION.test(parts[1] ?? '') ? 2 : 1).join('/');
}
