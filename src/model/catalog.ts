import type { Cluster } from './cluster.js';
import type { Diagnostic } from './diagnostic.js';
import type { KubeObject, SourceRef } from './kube.js';
import type { KubeFedObjects } from './kubefed.js';
import type { OverridePolicy, PropagationPolicy } from './policy.js';

/** Template is a resource template found in the repository. */
export interface Template {
  /** `<apiVersion>/<kind>/<namespace>/<name>` */
  key: string;
  object: KubeObject;
  source: SourceRef;
}

/** Catalog is everything loaded from one snapshot, typed and validated. */
export interface Catalog {
  clusters: readonly Cluster[];
  templates: readonly Template[];
  propagationPolicies: readonly PropagationPolicy[];
  overridePolicies: readonly OverridePolicy[];
  /** KubeFed type configs, federated objects and RSPs; absent in catalogs built without the loader */
  kubefed?: KubeFedObjects;
  diagnostics: readonly Diagnostic[];
}
