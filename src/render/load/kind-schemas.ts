/**
 * The vendored schemas the policy kinds are validated against, closed as the API server's strict field validation
 * closes them. src/render/load/schema-validators.ts holds their validators, generated from these at development time
 * (scripts/generate-validators.ts; a test checks the generated file is current).
 */
import cluster from './schemas/cluster.json' with { type: 'json' };
import clusterOverridePolicy from './schemas/cluster-override-policy.json' with { type: 'json' };
import clusterPropagationPolicy from './schemas/cluster-propagation-policy.json' with { type: 'json' };
import clusterTaintPolicy from './schemas/cluster-taint-policy.json' with { type: 'json' };
import overridePolicy from './schemas/override-policy.json' with { type: 'json' };
import propagationPolicy from './schemas/propagation-policy.json' with { type: 'json' };
import federated from './schemas/kubefed/federated.json' with { type: 'json' };
import federatedTypeConfig from './schemas/kubefed/federated-type-config.json' with { type: 'json' };
import kubefedCluster from './schemas/kubefed/kubefed-cluster.json' with { type: 'json' };
import replicaSchedulingPreference from './schemas/kubefed/replica-scheduling-preference.json' with { type: 'json' };

/** Schema is a JSON Schema as the CRDs' openAPIV3Schema writes it. */
export type Schema = Record<string, unknown>;

/**
 * KIND_SCHEMAS are the vendored schemas by kind: Karmada's policy.karmada.io/v1alpha1 kinds and Cluster, KubeFed's
 * FederatedTypeConfig, KubeFedCluster and ReplicaSchedulingPreference; `Federated` stands for every Federated<Kind>.
 */
export const KIND_SCHEMAS: Readonly<Record<string, Schema>> = Object.fromEntries(
  [propagationPolicy, clusterPropagationPolicy, overridePolicy, clusterOverridePolicy, clusterTaintPolicy, cluster,
    federatedTypeConfig, kubefedCluster, replicaSchedulingPreference, federated].map((s) => [s.kind, s.schema as Schema]),
);

/**
 * closed copies a structural schema with `additionalProperties: false` on every object that lists its properties
 * and does not preserve unknown fields, which is what the API server's strict field validation enforces.
 */
export function closed(schema: Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, s]) => [p, closed(s)]));
    } else if ((k === 'items' || k === 'additionalProperties') && v && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = closed(v as Schema);
    } else out[k] = v;
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}
