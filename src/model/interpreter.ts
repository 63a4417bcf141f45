import type { SourceRef } from './kube.js';

/** InterpreterOperation is one customization of ResourceInterpreterCustomization.spec.customizations. */
export type InterpreterOperation =
  | 'replicaResource'
  /** several pod templates of one workload (Karmada's GetComponents); read, not used by gitfed's division yet */
  | 'componentResource'
  | 'replicaRevision'
  | 'retention'
  | 'statusReflection'
  | 'statusAggregation'
  | 'healthInterpretation'
  | 'dependencyInterpretation';

/** INTERPRETER_OPERATIONS lists the operations with the Lua function each script must define (Karmada's luavm names). */
export const INTERPRETER_OPERATIONS: Readonly<Record<InterpreterOperation, string>> = {
  replicaResource: 'GetReplicas',
  componentResource: 'GetComponents',
  replicaRevision: 'ReviseReplica',
  retention: 'Retain',
  statusReflection: 'ReflectStatus',
  statusAggregation: 'AggregateStatus',
  healthInterpretation: 'InterpretHealth',
  dependencyInterpretation: 'GetDependencies',
};

/** LuaScriptSource is one operation's script and where its first line is. */
export interface LuaScriptSource {
  script: string;
  /** the file and line of the script's first line (line 0: unknown) */
  source: SourceRef;
}

/** InterpreterCustomization is a ResourceInterpreterCustomization (config.karmada.io/v1alpha1): Lua scripts for one kind. */
export interface InterpreterCustomization {
  name: string;
  target: { apiVersion: string; kind: string };
  scripts: Partial<Record<InterpreterOperation, LuaScriptSource>>;
  source: SourceRef;
}
