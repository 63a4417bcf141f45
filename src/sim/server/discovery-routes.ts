import type { IncomingMessage, ServerResponse } from 'node:http';
import { AGGREGATED_CONTENT_TYPE, wantsAggregated } from '../discovery.js';
import type { ClusterApi, ResourceType } from '../types.js';
import { notFound, sendJson } from './respond.js';
import type { Route } from './routes.js';

/** DiscoveryDocs builds the discovery and OpenAPI documents from the served resources (undefined: 404). */
export interface DiscoveryDocs {
  version(): unknown;
  /** legacy `/api` (APIVersions); serverAddress is `127.0.0.1:PORT` */
  apiVersions(serverAddress: string): unknown;
  /** legacy `/apis` (APIGroupList) */
  apiGroupList(resources: ResourceType[]): unknown;
  /** aggregated v2 APIGroupDiscoveryList of the core group (`/api`) or of the named groups (`/apis`) */
  aggregated(resources: ResourceType[], core: boolean): unknown;
  /** `/api/v1` or `/apis/<g>/<v>` (APIResourceList) */
  resourceList(resources: ResourceType[], group: string, version: string): unknown;
  /** `/openapi/v3` */
  openapiRoot(resources: ResourceType[]): unknown;
  /** `/openapi/v3/<path>` with path e.g. `apis/apps/v1` */
  openapiDoc(resources: ResourceType[], path: string): unknown;
}

type DiscoveryRoute = Exclude<Route, { type: 'resource' } | { type: 'health' } | { type: 'unknown' }>;

/** serveDiscovery answers /version, /api, /apis, group-version lists and /openapi/v3 from the cluster's resources. */
export function serveDiscovery(docs: DiscoveryDocs, api: ClusterApi, req: IncomingMessage, res: ServerResponse, route: DiscoveryRoute, serverAddress: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw notFound();
  const resources = api.resources();
  const aggregated = wantsAggregated(req.headers.accept);
  let body: unknown;
  switch (route.type) {
    case 'version': body = docs.version(); break;
    case 'api-root':
      if (aggregated) return sendJson(req, res, 200, docs.aggregated(resources, true), AGGREGATED_CONTENT_TYPE);
      body = docs.apiVersions(serverAddress);
      break;
    case 'apis-root':
      if (aggregated) return sendJson(req, res, 200, docs.aggregated(resources, false), AGGREGATED_CONTENT_TYPE);
      body = docs.apiGroupList(resources);
      break;
    case 'group-version': body = docs.resourceList(resources, route.group, route.version); break;
    case 'openapi-root': body = docs.openapiRoot(resources); break;
    case 'openapi-doc': body = docs.openapiDoc(resources, route.path); break;
  }
  if (body === undefined) throw notFound();
  sendJson(req, res, 200, body);
}
