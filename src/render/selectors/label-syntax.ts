/** Label key and value syntax as k8s.io/apimachinery `labels.NewRequirement` validates it. */

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** labelKeyError says why a label key is not a qualified name (`[prefix/]name`), or undefined. */
export function labelKeyError(key: string): string | undefined {
  const parts = key.split('/');
  const name = parts.length === 2 ? parts[1] ?? '' : key;
  if (parts.length > 2) return `invalid label key "${key}": at most one "/"`;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) return `invalid label key "${key}": bad prefix`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) return `invalid label key "${key}"`;
  return undefined;
}

/** labelValueError says why a label value is invalid (empty is valid), or undefined. */
export function labelValueError(value: string): string | undefined {
  if (value === '') return undefined;
  return value.length > 63 || !NAME.test(value) ? `invalid label value "${value}"` : undefined;
}
