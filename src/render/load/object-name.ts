import { GITFED_NAMESPACE } from '../../model/kube.js';
import type { FieldReader } from './field-reader.js';

/**
 * Names are checked as the API server checks them, before placement or any output path uses them: a name
 * that the server would refuse must fail the commit with its file and line, not at apply time on every
 * cluster, and a name such as `../../x` must never reach a file path.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

type NameRule = (name: string) => string | undefined;

const label: NameRule = (n) => (n.length > 63 ? 'must be no more than 63 characters' : DNS1123_LABEL.test(n) ? undefined
  : "must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit");
const dns1035: NameRule = (n) => (n.length > 63 ? 'must be no more than 63 characters' : DNS1035_LABEL.test(n) ? undefined
  : "must be an RFC 1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit");
const subdomain: NameRule = (n) => (n.length > 253 ? 'must be no more than 253 characters' : DNS1123_SUBDOMAIN.test(n) ? undefined
  : "must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");
const pathSegment: NameRule = (n) => (n === '.' || n === '..' ? `may not be '${n}'` : /[/%]/.test(n) ? "may not contain '/' or '%'" : undefined);
const cronJob: NameRule = (n) => subdomain(n) ?? (n.length > 52 ? 'must be no more than 52 characters' : undefined);
// Karmada's cluster validation: an RFC 1123 label of at most 48 characters
const karmadaCluster: NameRule = (n) => (n.length > 48 ? 'must be no more than 48 characters' : label(n));

/** RULES maps `group/Kind` to the API server's name rule; every other kind is an RFC 1123 subdomain. */
const RULES: Record<string, NameRule> = {
  '/Namespace': label,
  '/Service': dns1035,
  'rbac.authorization.k8s.io/Role': pathSegment,
  'rbac.authorization.k8s.io/ClusterRole': pathSegment,
  'rbac.authorization.k8s.io/RoleBinding': pathSegment,
  'rbac.authorization.k8s.io/ClusterRoleBinding': pathSegment,
  'batch/CronJob': cronJob,
  'cluster.karmada.io/Cluster': karmadaCluster,
};

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** nameProblem says why the API server would refuse `name` for this kind, or undefined when it is valid. */
export function nameProblem(apiVersion: string, kind: string, name: string): string | undefined {
  if (name === '') return 'may not be empty';
  return (RULES[`${groupOf(apiVersion)}/${kind}`] ?? subdomain)(name);
}

/** namespaceProblem says why `namespace` is not a valid namespace name, or undefined when it is. */
export function namespaceProblem(namespace: string): string | undefined {
  return label(namespace);
}

/**
 * checkIdentity reports an invalid metadata.name or metadata.namespace of a document, and any object that
 * would be gitfed's own (its namespace, where the inventory lives): a repository that could write there could
 * rewrite the inventory and make gitfed prune objects it never owned. Returns false when it reported an error.
 */
export function checkIdentity(r: FieldReader, apiVersion: string, kind: string): boolean {
  const before = r.errorCount;
  const name = r.raw(['metadata', 'name']);
  const namespace = r.raw(['metadata', 'namespace']);
  if (typeof name === 'string') {
    const problem = nameProblem(apiVersion, kind, name);
    if (problem) r.error(['metadata', 'name'], `${JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}...` : name)} ${problem}`);
  }
  if (typeof namespace === 'string' && namespace !== '') {
    const problem = namespaceProblem(namespace);
    if (problem) r.error(['metadata', 'namespace'], `${JSON.stringify(namespace)} ${problem}`);
  }
  const own = namespace === GITFED_NAMESPACE || (groupOf(apiVersion) === '' && kind === 'Namespace' && name === GITFED_NAMESPACE);
  if (own) r.error(['metadata', own && namespace === GITFED_NAMESPACE ? 'namespace' : 'name'], `${GITFED_NAMESPACE} is reserved for gitfed's own objects (its inventory); put this object elsewhere`);
  return r.errorCount === before;
}
