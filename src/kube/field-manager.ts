/** MANAGED_BY_LABEL marks every object gitfed applies; part of the public contract. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** FIELD_MANAGER is the server-side apply field manager; load-bearing: changing it orphans fields in every cluster. */
export const FIELD_MANAGER = 'gitfed';
