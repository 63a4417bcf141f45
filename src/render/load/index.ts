import type { Catalog, Template } from '../../model/catalog.js';
import type { Cluster } from '../../model/cluster.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { objectKey } from '../../kube/object-ref.js';
import type { KubeObject } from '../../model/kube.js';
import type { KubeFedObjects } from '../../model/kubefed.js';
import type { OverridePolicy, PropagationPolicy } from '../../model/policy.js';
import type { Snapshot } from '../../model/snapshot.js';
import { deepCopy } from '../../kube/deep-copy.js';
import { scopeResolver } from '../scope.js';
import { readCluster } from './cluster.js';
import { checkIdentity } from './object-name.js';
import { checkReplicaCounts } from './replica-counts.js';
import { checkSchema } from './schema-check.js';
import { FieldReader } from './field-reader.js';
import { classifyKubeFed, emptyKubeFed, readFederatedDocs, type KubeFedLoad } from './kubefed.js';
import { readOverridePolicy } from './override-policy.js';
import { isManifestFile, type ParsedDoc } from './parse.js';
import { createParseCache, parseManifestFileCached, type ParseCache } from './parse-cache.js';
import { readPropagationPolicy } from './propagation-policy.js';
import { readClusterTaintPolicy } from './cluster-taint-policy.js';
import type { ClusterTaintPolicy } from '../../model/cluster-taint-policy.js';
import type { InterpreterCustomization } from '../../model/interpreter.js';
import { RIC_API_VERSION } from '../../kube/interpreter/customization.js';
import { readInterpreterCustomization } from './interpreter-customization.js';

/** REPO_CONFIG_FILE is the repository's gitfed settings file, never a template. */
export const REPO_CONFIG_FILE = 'gitfed.yaml';

const KARMADA_POLICY = 'policy.karmada.io/v1alpha1';
const KARMADA_CLUSTER = 'cluster.karmada.io/v1alpha1';
/** the policy.karmada.io kinds with a vendored CRD schema */
const POLICY_KINDS: ReadonlySet<string> = new Set(['PropagationPolicy', 'ClusterPropagationPolicy', 'OverridePolicy', 'ClusterOverridePolicy', 'ClusterTaintPolicy']);

/** SERVED_VERSIONS are the versions of the federation groups gitfed reads; another version is no template either. */
const SERVED_VERSIONS: Readonly<Record<string, string>> = {
  'policy.karmada.io': 'v1alpha1',
  'cluster.karmada.io': 'v1alpha1',
  'core.kubefed.io': 'v1beta1',
  'types.kubefed.io': 'v1beta1',
  'scheduling.kubefed.io': 'v1alpha1',
  'config.karmada.io': 'v1alpha1',
};

/** unservedVersion reports `policy.karmada.io/v1` and the like, which the API server refuses ("no matches for kind"). */
function unservedVersion(r: FieldReader, apiVersion: unknown, kind: unknown): boolean {
  if (typeof apiVersion !== 'string' || !apiVersion.includes('/')) return false;
  const [group, version] = apiVersion.split('/') as [string, string];
  const served = SERVED_VERSIONS[group];
  if (served === undefined || version === served) return false;
  r.error(['apiVersion'], `no matches for kind "${String(kind)}" in version "${apiVersion}": ${group} is served as ${group}/${served}`);
  return true;
}

interface Loaded {
  clusters: Cluster[];
  templates: Template[];
  propagationPolicies: PropagationPolicy[];
  overridePolicies: OverridePolicy[];
  clusterTaintPolicies: ClusterTaintPolicy[];
  customizations: InterpreterCustomization[];
  kubefed: KubeFedObjects;
  diagnostics: Diagnostic[];
}

/**
 * loadCatalog parses and validates every manifest of a snapshot; problems become diagnostics, never exceptions.
 * With a cache, documents whose text the last load parsed are not parsed again (the result is the same).
 */
export function loadCatalog(snapshot: Snapshot, cache?: ParseCache): Catalog {
  const loaded: Loaded = { clusters: [], templates: [], propagationPolicies: [], overridePolicies: [], clusterTaintPolicies: [], customizations: [], kubefed: emptyKubeFed(), diagnostics: [] };
  const kubefed: KubeFedLoad = { clusters: loaded.clusters, kubefed: loaded.kubefed, diagnostics: loaded.diagnostics };
  const paths = [...snapshot.files.keys()].filter((p) => isManifestFile(p) && p !== REPO_CONFIG_FILE).sort();
  const otherDocs: ParsedDoc[] = [];
  let count = 0;
  const seen: ParseCache['chunks'] = new Map();
  // without a cache of its own a load still reads through one: its reader of plain documents is several times faster
  // than the YAML library's (a quarter of a second saved on 200 templates at `reconcile --once`'s start)
  const parses = cache ?? createParseCache();
  const parse = (path: string, text: string) => parseManifestFileCached(path, text, parses, seen);
  for (const path of paths) {
    const { docs, diagnostics } = parse(path, snapshot.files.get(path) ?? '');
    loaded.diagnostics.push(...diagnostics);
    count += docs.length;
    if (snapshot.maxObjects !== undefined && count > snapshot.maxObjects) {
      loaded.diagnostics.push({ severity: 'error', file: path, line: 0, message: `the objects read so far, this file's included, pass the limit of ${snapshot.maxObjects} per revision (--max-objects); reading stopped here` });
      break;
    }
    for (const doc of expandLists(docs)) {
      if (!classify(doc, loaded) && !classifyKubeFed(doc, kubefed)) otherDocs.push(doc);
    }
  }
  // federated objects are told apart only once every FederatedTypeConfig is known
  const templateDocs = readFederatedDocs(otherDocs, kubefed);
  const scope = scopeResolver(templateDocs.map((d) => d.object as unknown as KubeObject));
  for (const doc of templateDocs) {
    const template = readTemplate(new FieldReader(doc, loaded.diagnostics), scope.isClusterScoped);
    if (template) loaded.templates.push(template);
  }
  reportDuplicates(loaded);
  parses.chunks = seen;
  return loaded;
}

/** expandLists flattens `kind: List` documents into their items, as kubectl does. */
function expandLists(docs: ParsedDoc[]): ParsedDoc[] {
  return docs.flatMap((doc) => {
    const { kind, items } = doc.object;
    if (kind !== 'List' || !Array.isArray(items)) return [doc];
    return items.flatMap((item, i) => (item && typeof item === 'object' && !Array.isArray(item)
      ? [{ object: item, source: { file: doc.source.file, line: doc.lineOf(['items', i]) }, lineOf: (p) => doc.lineOf(['items', i, ...p]), numberText: (p) => doc.numberText?.(['items', i, ...p]) }]
      : []));
  });
}

/** classify reads cluster and policy documents into the catalog; it returns false for resource templates. */
function classify(doc: ParsedDoc, out: Loaded): boolean {
  const { apiVersion, kind } = doc.object;
  const r = new FieldReader(doc, out.diagnostics);
  if (unservedVersion(r, apiVersion, kind)) return true;
  if ((apiVersion === KARMADA_CLUSTER || apiVersion === KARMADA_POLICY) && typeof kind === 'string' && !checkIdentity(r, apiVersion, kind)) return true;
  if (apiVersion === RIC_API_VERSION) return classifyConfig(r, kind, out);
  if (apiVersion === KARMADA_CLUSTER && kind === 'Cluster') {
    if (!checkSchema(r, kind)) return true;
    const cluster = readCluster(r);
    if (cluster) out.clusters.push(cluster);
    return true;
  }
  if (apiVersion !== KARMADA_POLICY) return false;
  // a policy its CRD refuses is not read at all: the API server would refuse it whole
  if (typeof kind === 'string' && POLICY_KINDS.has(kind) && !checkSchema(r, kind)) return true;
  if (kind === 'PropagationPolicy' || kind === 'ClusterPropagationPolicy') {
    const policy = readPropagationPolicy(r, kind);
    // a policy being deleted no longer claims templates (the detector ignores it)
    if (policy && !r.has(['metadata', 'deletionTimestamp'])) out.propagationPolicies.push(policy);
    return true;
  }
  if (kind === 'OverridePolicy' || kind === 'ClusterOverridePolicy') {
    const policy = readOverridePolicy(r, kind);
    if (policy) out.overridePolicies.push(policy);
    return true;
  }
  if (kind === 'ClusterTaintPolicy') {
    const policy = readClusterTaintPolicy(r);
    if (policy) out.clusterTaintPolicies.push(policy);
    return true;
  }
  // other kinds of the group (FederatedResourceQuota, ...) act on the control plane, never on members
  r.warn(['kind'], `${String(kind)} is not supported by gitfed and is ignored`);
  return true;
}

/** classifyConfig reads config.karmada.io documents: interpreter customizations are configuration, never templates. */
function classifyConfig(r: FieldReader, kind: unknown, out: Loaded): true {
  if (kind === 'ResourceInterpreterCustomization') {
    const customization = readInterpreterCustomization(r);
    if (customization) out.customizations.push(customization);
  } else {
    r.warn(['kind'], `${String(kind)} is not supported by gitfed and is ignored`);
  }
  return true;
}

/** readTemplate checks the identity fields of a resource template and puts namespaced ones without a namespace in `default`. */
function readTemplate(r: FieldReader, isClusterScoped: (apiVersion: string, kind: string) => boolean): Template | undefined {
  const before = r.errorCount;
  const apiVersion = r.string(['apiVersion'], { required: true });
  const kind = r.string(['kind'], { required: true });
  const name = r.string(['metadata', 'name'], { required: true });
  if (apiVersion && kind) checkIdentity(r, apiVersion, kind);
  if (apiVersion && kind) checkReplicaCounts(r, apiVersion, kind);
  r.stringMap(['metadata', 'labels']);
  r.stringMap(['metadata', 'annotations']);
  if (r.errorCount !== before || !apiVersion || !kind || !name) return undefined;
  const object = deepCopy(r.doc.object) as unknown as KubeObject;
  if (isClusterScoped(apiVersion, kind)) delete object.metadata.namespace;
  else if (!object.metadata.namespace) object.metadata.namespace = 'default';
  return { key: objectKey(object), object, source: r.doc.source };
}

function reportDuplicates(loaded: Loaded): void {
  const groups: [string, { source: { file: string; line: number } }[], (x: never) => string][] = [
    ['cluster', loaded.clusters, (c: Cluster) => c.name],
    ['resource', loaded.templates, (t: Template) => t.key],
    ['policy', loaded.propagationPolicies, (p: PropagationPolicy) => `${p.kind}/${p.namespace ?? ''}/${p.name}`],
    ['policy', loaded.overridePolicies, (p: OverridePolicy) => `${p.kind}/${p.namespace ?? ''}/${p.name}`],
    ['policy', loaded.clusterTaintPolicies, (p: ClusterTaintPolicy) => `ClusterTaintPolicy/${p.name}`],
    ['ResourceInterpreterCustomization', loaded.customizations, (c: InterpreterCustomization) => c.name],
    ['FederatedTypeConfig', loaded.kubefed.typeConfigs, (f: KubeFedObjects['typeConfigs'][number]) => f.name],
    ['federated object', loaded.kubefed.federated, (f: KubeFedObjects['federated'][number]) => `${f.apiVersion}/${f.kind}/${f.namespace || 'default'}/${f.name}`],
    ['ReplicaSchedulingPreference', loaded.kubefed.rsps, (p: KubeFedObjects['rsps'][number]) => `${p.namespace}/${p.name}`],
  ];
  for (const [what, items, id] of groups) {
    const first = new Map<string, { file: string; line: number }>();
    for (const item of items) {
      const key = id(item as never);
      const seen = first.get(key);
      if (!seen) first.set(key, item.source);
      else loaded.diagnostics.push({ severity: 'error', ...item.source, message: `${what} ${key} is declared twice (first at ${seen.file}:${seen.line})` });
    }
  }
}
