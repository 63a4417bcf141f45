import type { ClusterClient } from '../kube/cluster-client.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../kube/field-manager.js';
import { objectKey } from '../kube/object-ref.js';

/** Kind names one kind of workload to read. */
export interface Kind {
  apiVersion: string;
  kind: string;
}

/**
 * readLiveReplicas reads the `spec.replicas` of every workload of these kinds gitfed manages on one cluster, by
 * object key: what the cluster runs is the placement gitfed applied last, which the next render adds back to the
 * cluster's capacity (its pods are counted in it), even after a restart.
 */
export async function readLiveReplicas(client: ClusterClient, kinds: readonly Kind[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const { apiVersion, kind } of kinds) {
    const objects = await client.list(apiVersion, kind, { labelSelector: `${MANAGED_BY_LABEL}=${FIELD_MANAGER}` });
    for (const o of objects) {
      const replicas = (o.spec as { replicas?: unknown } | undefined)?.replicas;
      if (typeof replicas === 'number' && replicas > 0) out.set(objectKey(o), replicas);
    }
  }
  return out;
}
