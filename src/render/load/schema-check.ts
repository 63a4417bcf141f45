import { Ajv, type ValidateFunction } from 'ajv';
import clusterOverridePolicy from './schemas/cluster-override-policy.json' with { type: 'json' };
import clusterPropagationPolicy from './schemas/cluster-propagation-policy.json' with { type: 'json' };
import clusterTaintPolicy from './schemas/cluster-taint-policy.json' with { type: 'json' };
import overridePolicy from './schemas/override-policy.json' with { type: 'json' };
import propagationPolicy from './schemas/propagation-policy.json' with { type: 'json' };
import federated from './schemas/kubefed/federated.json' with { type: 'json' };
import federatedTypeConfig from './schemas/kubefed/federated-type-config.json' with { type: 'json' };
import kubefedCluster from './schemas/kubefed/kubefed-cluster.json' with { type: 'json' };
import replicaSchedulingPreference from './schemas/kubefed/replica-scheduling-preference.json' with { type: 'json' };
import type { FieldReader } from './field-reader.js';

/**
 * Strict field validation as `kubectl apply` asks the API server for it: a field the CRD does not declare is an
 * error, so a typo (`labelSelector.matchLabel`) cannot silently widen a placement. The schemas are the CRDs'
 * openAPIV3Schema at the pinned Karmada revision; the checks of meaning stay with the readers.
 */

type Schema = Record<string, unknown>;

/**
 * CRD_SCHEMAS are the vendored openAPIV3Schemas by kind: Karmada's policy.karmada.io/v1alpha1 and KubeFed's
 * FederatedTypeConfig, KubeFedCluster and ReplicaSchedulingPreference; `Federated` stands for every Federated<Kind>.
 */
export const CRD_SCHEMAS: Readonly<Record<string, Schema>> = Object.fromEntries(
  [propagationPolicy, clusterPropagationPolicy, overridePolicy, clusterOverridePolicy, clusterTaintPolicy,
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

let validators: Map<string, ValidateFunction> | undefined;

function validatorOf(kind: string): ValidateFunction | undefined {
  if (!validators) {
    // int32/int64 and the x-kubernetes-* keywords are Kubernetes' own; only the shape is checked here
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    validators = new Map(Object.entries(CRD_SCHEMAS).map(([k, s]) => [k, ajv.compile(closed(s))]));
  }
  return validators.get(kind);
}

/**
 * checkUnknownFields reports, with file:line, every field of a policy document its CRD does not declare and every
 * value outside a CRD enum (`purgeMode: Gracefuly`, in a part no reader looks at); false when it found one.
 */
export function checkUnknownFields(r: FieldReader, kind: string): boolean {
  const validate = validatorOf(kind);
  if (!validate || validate(r.doc.object)) return true;
  const before = r.errorCount;
  for (const err of validate.errors ?? []) {
    const at = err.instancePath.split('/').slice(1).map(unescape).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    if (err.keyword === 'additionalProperties') {
      const key = String((err.params as { additionalProperty: string }).additionalProperty);
      r.error([...at, key], `unknown field "${key}"`);
    } else if (err.keyword === 'enum') {
      const allowed = (err.params as { allowedValues: unknown[] }).allowedValues.map(String);
      r.error(at, `unsupported value "${String(r.raw(at))}": must be one of ${allowed.join(', ')}`);
    }
  }
  return r.errorCount === before;
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
