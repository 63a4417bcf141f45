import {
  aggregatedDiscovery, apiGroupList, apiResourceList, apiVersions, openApiGroupVersion, openApiRoot, versionInfo,
} from '../discovery.js';
import type { DiscoveryDocs } from './discovery-routes.js';

/** openApiTarget splits `api/v1` or `apis/<group>/<version>` into group and version (undefined: not a group version). */
function openApiTarget(path: string): { group: string; version: string } | undefined {
  const parts = path.split('/');
  if (parts.length === 2 && parts[0] === 'api' && parts[1]) return { group: '', version: parts[1] };
  if (parts.length === 3 && parts[0] === 'apis' && parts[1] && parts[2]) return { group: parts[1], version: parts[2] };
  return undefined;
}

/** defaultDiscoveryDocs serves the documents of src/sim/discovery.ts. */
export const defaultDiscoveryDocs: DiscoveryDocs = {
  version: versionInfo,
  apiVersions,
  apiGroupList,
  aggregated: (resources, core) => aggregatedDiscovery(resources, core ? 'api' : 'apis'),
  resourceList: apiResourceList,
  openapiRoot: openApiRoot,
  openapiDoc(resources, path) {
    const target = openApiTarget(path);
    return target && openApiGroupVersion(resources, target.group, target.version);
  },
};
