/** Kubernetes object shapes shared by every stage; plain JSON data, never classes. */

/** GITFED_NAMESPACE holds gitfed's own objects in every member cluster (the inventory); no template may use it. */
export const GITFED_NAMESPACE = 'gitfed-system';

/** JsonValue is any value that survives JSON.stringify/parse unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** JsonObject is a JSON object (map). */
export type JsonObject = { [key: string]: JsonValue };

/** ObjectMeta is the part of metadata the engine reads; other keys are kept as they are. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: JsonValue | undefined;
}

/** KubeObject is one resource as found in the repository or rendered for a cluster. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: JsonValue | ObjectMeta | undefined;
}

/** LabelSelectorOperator is the operator of a label selector requirement. */
export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** LabelSelectorRequirement is one matchExpressions entry. */
export interface LabelSelectorRequirement {
  key: string;
  operator: LabelSelectorOperator;
  values?: string[];
}

/** LabelSelector is metav1.LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** SourceRef names where a document came from, for diagnostics. */
export interface SourceRef {
  file: string;
  line: number;
}
