/** The Federation v1 annotations gitfed reads on plain workloads (`apis/federation/v1beta1/types.go`, `federatedtypes`). */

/** REPLICA_SET_PREFERENCES is the replica preferences annotation of ReplicaSets. */
export const REPLICA_SET_PREFERENCES = 'federation.kubernetes.io/replica-set-preferences';

/** DEPLOYMENT_PREFERENCES is the replica preferences annotation of Deployments (they never read the ReplicaSet one). */
export const DEPLOYMENT_PREFERENCES = 'federation.kubernetes.io/deployment-preferences';

/** CLUSTER_SELECTOR is the cluster selector annotation of every Federation v1 type. */
export const CLUSTER_SELECTOR = 'federation.alpha.kubernetes.io/cluster-selector';

const ALL = [CLUSTER_SELECTOR, DEPLOYMENT_PREFERENCES, REPLICA_SET_PREFERENCES];

/** preferencesKeyOf is the one preferences annotation a kind reads; other kinds are copied, never divided. */
export function preferencesKeyOf(kind: string): string | undefined {
  if (kind === 'Deployment') return DEPLOYMENT_PREFERENCES;
  if (kind === 'ReplicaSet') return REPLICA_SET_PREFERENCES;
  return undefined;
}

/**
 * fedV1Annotations lists the Federation v1 annotations an object carries, sorted. Any of them makes it a Federation v1
 * object, even a preferences key its kind does not read (the object is then split evenly, as Federation v1 did).
 */
export function fedV1Annotations(annotations: Readonly<Record<string, string>> | undefined): string[] {
  return annotations ? ALL.filter((key) => Object.hasOwn(annotations, key)) : [];
}
