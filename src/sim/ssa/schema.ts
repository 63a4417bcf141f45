import { KIND_SCHEMAS, objectMeta } from './schema-kinds.js';
import { struct, type StructSchema } from './schema-types.js';

export * from './schema-types.js';

/** groupOf extracts the API group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** customResourceSchema is used for CRD kinds: metadata as ObjectMeta, everything else granular with atomic lists. */
export const customResourceSchema: StructSchema = struct({ metadata: objectMeta });

/** schemaFor returns the root schema of a kind (built-ins by group and kind; anything else is a custom resource). */
export function schemaFor(apiVersion: string, kind: string): StructSchema {
  return KIND_SCHEMAS[`${groupOf(apiVersion)}/${kind}`] ?? customResourceSchema;
}

/** isBuiltIn tells whether the kind is a built-in type (strategic merge patch applies). */
export function isBuiltIn(apiVersion: string, kind: string): boolean {
  return KIND_SCHEMAS[`${groupOf(apiVersion)}/${kind}`] !== undefined;
}
