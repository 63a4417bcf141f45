/** The loader's KubeFed side: member clusters, type configs, federated objects and replica scheduling preferences. */
import type { Cluster } from '../../model/cluster.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { KubeFedObjects } from '../../model/kubefed.js';
import { readKubeFedCluster } from '../kubefed/cluster.js';
import { readFederatedObject } from '../kubefed/federated.js';
import { readRsp } from '../kubefed/rsp.js';
import { FEDERATED_GROUP, federatedTypeId, readTypeConfig } from '../kubefed/type-config.js';
import { groupOf } from '../scope.js';
import { checkIdentity } from './object-name.js';
import { checkSchema } from './schema-check.js';
import { FieldReader } from './field-reader.js';
import { checkFederatedReplicaCounts } from './replica-counts.js';
import type { ParsedDoc } from './parse.js';

const CORE = 'core.kubefed.io/v1beta1';
const SCHEDULING = 'scheduling.kubefed.io/v1alpha1';

/** KubeFedLoad collects what the KubeFed documents of a snapshot declare. */
export interface KubeFedLoad {
  clusters: Cluster[];
  kubefed: KubeFedObjects;
  diagnostics: Diagnostic[];
}

/** emptyKubeFed is a catalog's KubeFed part before any document is read. */
export function emptyKubeFed(): KubeFedObjects {
  return { typeConfigs: [], federated: [], rsps: [] };
}

/**
 * classifyKubeFed reads a KubeFedCluster, FederatedTypeConfig or ReplicaSchedulingPreference into `out` and
 * returns true; other documents of a `*.kubefed.io` group that are not federated types are control-plane objects
 * (KubeFedConfig, PropagatedVersion, DNS records) with no effect on members: a warning, and true. Federated
 * objects wait for {@link readFederatedDocs}, since an FTC may name a federated group of its own.
 */
export function classifyKubeFed(doc: ParsedDoc, out: KubeFedLoad): boolean {
  const { apiVersion, kind } = doc.object;
  const r = new FieldReader(doc, out.diagnostics);
  const known = (apiVersion === CORE && (kind === 'KubeFedCluster' || kind === 'FederatedTypeConfig')) || (apiVersion === SCHEDULING && kind === 'ReplicaSchedulingPreference');
  if (known && (!checkIdentity(r, apiVersion as string, kind as string) || !checkSchema(r, kind as string))) return true;
  if (apiVersion === CORE && kind === 'KubeFedCluster') {
    const cluster = readKubeFedCluster(r);
    if (cluster) out.clusters.push(cluster);
    return true;
  }
  if (apiVersion === CORE && kind === 'FederatedTypeConfig') {
    const ftc = readTypeConfig(r);
    if (ftc) out.kubefed.typeConfigs.push(ftc);
    return true;
  }
  if (apiVersion === SCHEDULING && kind === 'ReplicaSchedulingPreference') {
    const rsp = readRsp(r);
    if (rsp) out.kubefed.rsps.push(rsp);
    return true;
  }
  const group = typeof apiVersion === 'string' ? groupOf(apiVersion) : '';
  if (group === FEDERATED_GROUP || !(group === 'kubefed.io' || group.endsWith('.kubefed.io'))) return false;
  r.warn(['kind'], `${String(kind)} (${String(apiVersion)}) is not supported by gitfed and is ignored`);
  return true;
}

/**
 * isFederatedDoc tells a federated object: its group and kind are an FTC's federated type, or its group is the
 * default federated group (such an object without an FTC is reported when rendering, never taken as a template).
 */
export function isFederatedDoc(doc: ParsedDoc, federatedTypes: ReadonlySet<string>): boolean {
  const { apiVersion, kind } = doc.object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return false;
  return groupOf(apiVersion) === FEDERATED_GROUP || federatedTypes.has(federatedTypeId(groupOf(apiVersion), kind));
}

/** readFederatedDocs splits the remaining documents into federated objects (read into `out`) and resource templates. */
export function readFederatedDocs(docs: readonly ParsedDoc[], out: KubeFedLoad): ParsedDoc[] {
  const federatedTypes = new Set(out.kubefed.typeConfigs.map((f) => federatedTypeId(f.federatedType.group, f.federatedType.kind)));
  const templates: ParsedDoc[] = [];
  for (const doc of docs) {
    if (!isFederatedDoc(doc, federatedTypes)) {
      templates.push(doc);
      continue;
    }
    const r = new FieldReader(doc, out.diagnostics);
    const valid = checkIdentity(r, doc.object.apiVersion as string, doc.object.kind as string) && checkSchema(r, 'Federated')
      && checkFederatedReplicaCounts(r, doc.object.kind as string);
    const fed = valid ? readFederatedObject(r) : undefined;
    if (fed) out.kubefed.federated.push(fed);
  }
  return templates;
}
