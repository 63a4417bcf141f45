/** FederatedTypeConfig (`core.kubefed.io/v1beta1`): which target types are federated, and how they are named. */
import type { APIType, FederatedTypeConfig, TypeScope } from '../../model/kubefed.js';
import type { FieldReader } from '../load/field-reader.js';

/** FEDERATED_GROUP is the default API group of federated types. */
export const FEDERATED_GROUP = 'types.kubefed.io';

const SCOPES = ['Namespaced', 'Cluster'] as const satisfies readonly TypeScope[];

function readAPIType(r: FieldReader, field: 'targetType' | 'federatedType', name: string): APIType {
  const path = ['spec', field];
  // SetFederatedTypeConfigDefaults: pluralName and group come from the FTC name `<plural>[.<group>]`
  const dot = name.indexOf('.');
  const kind = r.string([...path, 'kind'], { required: true }) ?? '';
  const type: APIType = {
    group: r.string([...path, 'group']) ?? (field === 'targetType' ? (dot < 0 ? '' : name.slice(dot + 1)) : FEDERATED_GROUP),
    version: r.string([...path, 'version'], { required: true }) ?? '',
    kind,
    pluralName: r.string([...path, 'pluralName']) ?? (field === 'targetType' ? (dot < 0 ? name : name.slice(0, dot)) : ''),
    scope: r.string([...path, 'scope'], { required: true, oneOf: SCOPES }) ?? 'Namespaced',
  };
  return type;
}

/**
 * defaultFederatedType is what `kubefedctl enable` generates: `Federated<Kind>` in types.kubefed.io/v1beta1, of
 * the target's scope, except that a FederatedNamespace lives inside its namespace.
 */
function defaultFederatedType(target: APIType): APIType {
  const scope: TypeScope = target.scope === 'Cluster' && target.kind !== 'Namespace' ? 'Cluster' : 'Namespaced';
  return { group: FEDERATED_GROUP, version: 'v1beta1', kind: `Federated${target.kind}`, pluralName: `federated${target.pluralName}`, scope };
}

/** readTypeConfig reads an FTC; its name must be `<pluralName>.<group>` of the target type (`<pluralName>` for the core group). */
export function readTypeConfig(r: FieldReader): FederatedTypeConfig | undefined {
  const before = r.errorCount;
  const name = r.string(['metadata', 'name'], { required: true }) ?? '';
  const targetType = readAPIType(r, 'targetType', name);
  const federatedType = r.has(['spec', 'federatedType']) ? readAPIType(r, 'federatedType', name) : defaultFederatedType(targetType);
  const propagation = r.string(['spec', 'propagation'], { required: true, oneOf: ['Enabled', 'Disabled'] as const });
  // ValidateFederatedTypeConfigName: exactly the group-qualified plural, so `deployments` is refused for apps
  const expected = targetType.group ? `${targetType.pluralName}.${targetType.group}` : targetType.pluralName;
  if (name && name !== expected) r.error(['metadata', 'name'], `must be "${expected}", the target type's plural name qualified by its group`);
  if (r.errorCount !== before) return undefined;
  return { name, targetType, federatedType, propagationEnabled: propagation === 'Enabled', source: r.doc.source };
}

/** federatedTypeId keys an FTC by its federated type's group and kind. */
export function federatedTypeId(group: string, kind: string): string {
  return `${group}/${kind}`;
}

/** targetAPIVersion is `<group>/<version>`, or `<version>` for the core group (KubeFed's "/v1" as the server reads it). */
export function targetAPIVersion(t: APIType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** isNamespacesConfig tells the FTC of Namespaces, which namespaced types need (and which FederatedNamespace uses). */
export function isNamespacesConfig(ftc: FederatedTypeConfig): boolean {
  return ftc.targetType.group === '' && ftc.targetType.kind === 'Namespace';
}
