import type { KubeObject } from '../../model/kube.js';

/** ManagerContext identifies the writer of one request. */
export interface ManagerContext { manager: string; apiVersion: string; subresource?: 'status' | 'scale'; now: string /* RFC3339, second precision */ }

/** ApplyContext adds what server-side apply needs: force, and the defaulter that runs after ownership is computed. */
export type ApplyContext = ManagerContext & { force: boolean; defaults: (o: KubeObject) => KubeObject };
