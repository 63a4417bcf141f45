import { PURGE_MODES, type ApplicationFailover, type ClusterFailover, type PropagationPolicy, type PropagationPolicyKind } from '../../model/policy.js';
import type { FieldReader } from './field-reader.js';
import { readPlacement } from './placement.js';
import { readResourceSelectors } from './resource-selectors.js';

const SPEC_KEYS = [
  'resourceSelectors', 'propagateDeps', 'placement', 'priority', 'preemption', 'dependentOverrides', 'schedulerName',
  'failover', 'conflictResolution', 'activationPreference', 'suspension', 'preserveResourcesOnDeletion',
  'schedulePriority', 'association',
];

/** readPropagationPolicy reads a PropagationPolicy or ClusterPropagationPolicy with Karmada's defaults. */
export function readPropagationPolicy(r: FieldReader, kind: PropagationPolicyKind): PropagationPolicy | undefined {
  const before = r.errorCount;
  const name = r.string(['metadata', 'name'], { required: true }) ?? '';
  const namespace = kind === 'PropagationPolicy' ? (r.string(['metadata', 'namespace']) || 'default') : undefined;
  r.object(['spec'], { required: true });
  r.unknownKeys(['spec'], SPEC_KEYS);
  const policy: PropagationPolicy = {
    kind,
    name,
    priority: r.integer(['spec', 'priority']) ?? 0,
    resourceSelectors: readResourceSelectors(r, namespace, true),
    placement: readPlacement(r, ['spec', 'placement']),
    propagateDeps: r.boolean(['spec', 'propagateDeps']) ?? false,
    schedulerName: r.string(['spec', 'schedulerName']) || 'default-scheduler',
    conflictResolution: r.string(['spec', 'conflictResolution'], { oneOf: ['Abort', 'Overwrite'] as const }) ?? 'Abort',
    source: r.doc.source,
  };
  if (namespace !== undefined) policy.namespace = namespace;
  const preemption = r.string(['spec', 'preemption'], { oneOf: ['Never', 'Always'] as const });
  if (preemption === 'Always' && policy.resourceSelectors.some((s) => !s.name)) {
    r.error(['spec', 'resourceSelectors'], 'every resource selector needs a name when preemption is Always');
  }
  if (policy.resourceSelectors.some((s) => s.apiVersion === 'multicluster.x-k8s.io/v1alpha1' && s.kind === 'ServiceImport')) {
    policy.propagateDeps = true; // the webhook forces it for ServiceImport
  }
  const suspend = readSuspension(r);
  if (suspend) policy.suspendDispatching = suspend;
  const failover = readClusterFailover(r);
  if (failover) policy.clusterFailover = failover;
  const application = readApplicationFailover(r, failover);
  if (application) policy.applicationFailover = application;
  return r.errorCount === before ? policy : undefined;
}

function readSuspension(r: FieldReader): 'all' | string[] | undefined {
  if (r.boolean(['spec', 'suspension', 'dispatching'])) return 'all';
  const names = r.stringList(['spec', 'suspension', 'dispatchingOnClusters', 'clusterNames']);
  return names && names.length > 0 ? names : undefined;
}

/**
 * readClusterFailover reads how a template's copies move off a cluster. Karmada's CRD gives `spec.failover.cluster`
 * only purgeMode Directly|Gracefully (default Gracefully) and leaves the grace period to the controller's
 * --graceful-eviction-timeout; `spec.failover.application` has purgeMode Never and gracePeriodSeconds. gitfed
 * takes the cluster's purgeMode when given, else the application's, and the application's gracePeriodSeconds
 * (valid only with Gracefully, more than 0, as Karmada's webhook says). The schema check already ran.
 */
function readClusterFailover(r: FieldReader): ClusterFailover | undefined {
  const cluster = ['spec', 'failover', 'cluster'];
  const app = ['spec', 'failover', 'application'];
  if (r.raw(cluster) === undefined && r.raw(app) === undefined) return undefined;
  const purgeMode = r.string([...cluster, 'purgeMode'], { oneOf: PURGE_MODES }) ?? r.string([...app, 'purgeMode'], { oneOf: PURGE_MODES }) ?? 'Gracefully';
  const grace = r.integer([...app, 'gracePeriodSeconds']);
  const failover: ClusterFailover = { purgeMode };
  if (grace === undefined) return failover;
  const appMode = r.string([...app, 'purgeMode']) ?? 'Gracefully';
  if (appMode !== 'Gracefully' && appMode !== 'Graciously') r.error([...app, 'gracePeriodSeconds'], 'is only valid with purgeMode Gracefully');
  else if (grace <= 0) r.error([...app, 'gracePeriodSeconds'], 'must be more than 0');
  else failover.gracePeriodSeconds = grace;
  return failover;
}

/** readApplicationFailover reads `spec.failover.application`; its grace period was checked by readClusterFailover. */
function readApplicationFailover(r: FieldReader, checked: ClusterFailover | undefined): ApplicationFailover | undefined {
  const app = ['spec', 'failover', 'application'];
  if (r.raw(app) === undefined) return undefined;
  const tolerationSeconds = r.integer([...app, 'decisionConditions', 'tolerationSeconds']) ?? 300;
  if (tolerationSeconds < 0) r.error([...app, 'decisionConditions', 'tolerationSeconds'], 'must not be negative');
  const purgeMode = r.string([...app, 'purgeMode'], { oneOf: PURGE_MODES }) ?? 'Gracefully';
  const out: ApplicationFailover = { tolerationSeconds: Math.max(0, tolerationSeconds), purgeMode };
  if (checked?.gracePeriodSeconds !== undefined) out.gracePeriodSeconds = checked.gracePeriodSeconds;
  return out;
}
