/**
 * The resource interpreter for custom kinds: per kind and operation, the repository's customization when it has
 * one, else the built-in one (Karmada consults declarative customizations before its third-party defaults).
 * Compiled scripts are cached by text; every failure is a GitfedError naming the script's file:line and the object.
 */
import { GitfedError } from '../../model/errors.js';
import { INTERPRETER_OPERATIONS, type InterpreterCustomization, type InterpreterOperation, type LuaScriptSource } from '../../model/interpreter.js';
import type { JsonValue, KubeObject } from '../../model/kube.js';
import { isPlainObject } from '../plain-object.js';
import { builtinCustomizations, builtinTargets } from './builtin.js';
import { EMPTY_TABLE, settleEmptyTables } from './lua-convert.js';
import { compileLua, LuaError, type LuaScript } from './lua-vm.js';

/** DependentObject is one object GetDependencies names. */
export interface DependentObject {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** InterpretedReplicas is GetReplicas: the count and, when the script gives them, Karmada-shaped requirements. */
export interface InterpretedReplicas {
  replicas: number;
  /** `{ resourceRequest: { cpu: "250m", ... }, nodeClaim?: {...} }` as the script returned it */
  requirements?: { [key: string]: JsonValue };
}

/** StatusItem is one member's entry in AggregateStatus's statusItems, as Karmada's AggregatedStatusItem. */
export interface StatusItem {
  clusterName: string;
  status?: JsonValue;
  applied: boolean;
  health: 'Healthy' | 'Unhealthy' | 'Unknown';
}

/** Interpreter answers the interpretation operations for the kinds it has a script for. */
export interface Interpreter {
  /** has: a script for this object's kind and this operation exists */
  has(obj: Pick<KubeObject, 'apiVersion' | 'kind'>, op: InterpreterOperation): boolean;
  getReplicas(obj: KubeObject): InterpretedReplicas;
  /** reviseReplica returns the object the script made with the replica count set (obj is not changed) */
  reviseReplica(obj: KubeObject, replicas: number): KubeObject;
  /** retain is Retain(desired, observed): the object to write over a member's copy, keeping what the member owns */
  retain(desired: KubeObject, observed: KubeObject): KubeObject;
  getDependencies(obj: KubeObject): DependentObject[];
  interpretHealth(obj: KubeObject): boolean;
  /** reflectStatus is ReflectStatus: what a member's copy reports of itself (its `status` when the kind has no script) */
  reflectStatus(obj: KubeObject): JsonValue | undefined;
  /** aggregateStatus is AggregateStatus: the template with its status summed from the members' items */
  aggregateStatus(template: KubeObject, items: StatusItem[]): KubeObject;
  /** scriptsOf is every script text for the object's kind, joined: what results per template content depend on */
  scriptsOf(obj: Pick<KubeObject, 'apiVersion' | 'kind'>): string;
}

const compiled = new Map<string, LuaScript>();
// compiled states are small, but a repository that keeps changing its scripts must not grow the cache forever
const MAX_COMPILED = 512;

function compiledScript(s: LuaScriptSource): LuaScript {
  const key = `${s.source.file}\0${s.script}`;
  let script = compiled.get(key);
  if (!script) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    script = compileLua(s.script, s.source.file);
    compiled.set(key, script);
  }
  return script;
}

function subjectOf(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return `${obj.kind}/${ns ? `${ns}/` : ''}${obj.metadata?.name ?? ''}`;
}

/** located rewrites Lua's `file:N:` (N counted in the script) as the line in the repository file. */
function located(message: string, s: LuaScriptSource): string {
  const prefix = `${s.source.file}:`;
  if (!message.startsWith(prefix) || s.source.line <= 0) return message;
  return message.replace(/^([^]*?):(\d+):/, (_, file: string, n: string) => `${file}:${s.source.line + Number(n) - 1}:`);
}

type ScriptEntry = Partial<Record<InterpreterOperation, LuaScriptSource & { name: string }>>;
type ScriptTable = Map<string, ScriptEntry>;

/** scriptTable is, per `apiVersion/kind`, each operation's script: a later customization replaces an earlier one's. */
function scriptTable(customizations: readonly InterpreterCustomization[]): ScriptTable {
  const table: ScriptTable = new Map();
  for (const c of customizations) {
    const key = `${c.target.apiVersion}/${c.target.kind}`;
    const entry = table.get(key) ?? {};
    for (const [op, s] of Object.entries(c.scripts)) entry[op as InterpreterOperation] = { ...s, name: c.name };
    table.set(key, entry);
  }
  return table;
}

/**
 * lookup finds a kind's scripts, the repository's over the built-in ones. The shipped files are parsed only when a
 * kind they cover is asked about: most fleets run none of those kinds, and parsing them was a tenth of a start.
 */
function lookup(repository: readonly InterpreterCustomization[]): (key: string) => ScriptEntry | undefined {
  const own = scriptTable(repository);
  let full: ScriptTable | undefined;
  return (key) => (builtinTargets().has(key) ? (full ??= scriptTable([...builtinCustomizations(), ...repository])) : own).get(key);
}

/** createInterpreter builds the interpreter of a repository's customizations over the built-in ones. */
export function createInterpreter(repository: readonly InterpreterCustomization[] = []): Interpreter {
  const entryOf = lookup(repository);
  const scriptOf = (obj: Pick<KubeObject, 'apiVersion' | 'kind'>, op: InterpreterOperation) => entryOf(`${obj.apiVersion}/${obj.kind}`)?.[op];
  const run = (obj: KubeObject, op: InterpreterOperation, args: (JsonValue | undefined)[], nResults: number) => {
    const s = scriptOf(obj, op);
    if (!s) throw new GitfedError('InterpretFailed', subjectOf(obj), `no ${op} customization for ${obj.apiVersion} ${obj.kind}`);
    try {
      return compiledScript(s).call(INTERPRETER_OPERATIONS[op], args, nResults);
    } catch (err) {
      const message = err instanceof LuaError || err instanceof Error ? err.message : String(err);
      throw new GitfedError('InterpretFailed', subjectOf(obj), `${op} of ResourceInterpreterCustomization ${s.name}: ${located(message, s)}`, { place: s.source, cause: err });
    }
  };
  const fail = (obj: KubeObject, op: InterpreterOperation, message: string) => {
    const s = scriptOf(obj, op);
    return new GitfedError('InterpretFailed', subjectOf(obj), `${op} of ResourceInterpreterCustomization ${s?.name ?? ''}: ${message}`, s ? { place: s.source } : undefined);
  };
  const input = (obj: KubeObject) => obj as unknown as JsonValue;
  return {
    has: (obj, op) => scriptOf(obj, op) !== undefined,
    scriptsOf: (obj) => Object.entries(entryOf(`${obj.apiVersion}/${obj.kind}`) ?? {}).map(([op, s]) => `${op}\0${s.source.file}\0${s.script}`).join('\0'),
    getReplicas: (obj) => {
      const [replicas, requirements] = run(obj, 'replicaResource', [input(obj)], 2);
      const count = replicas === undefined ? 0 : replicas;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw fail(obj, 'replicaResource', `GetReplicas returned ${JSON.stringify(count)}, not a whole number of replicas`);
      if (requirements !== undefined && !isPlainObject(requirements)) throw fail(obj, 'replicaResource', 'GetReplicas returned requirements that are not a table');
      return requirements === undefined ? { replicas: count } : { replicas: count, requirements: settleEmptyTables(requirements, {}) as { [key: string]: JsonValue } };
    },
    reviseReplica: (obj, replicas) => {
      const [out] = run(obj, 'replicaRevision', [input(obj), replicas], 1);
      if (!isPlainObject(out)) throw fail(obj, 'replicaRevision', 'ReviseReplica returned no object');
      return settleEmptyTables(out as JsonValue, input(obj)) as unknown as KubeObject;
    },
    retain: (desired, observed) => {
      const [out] = run(desired, 'retention', [input(desired), input(observed)], 1);
      if (!isPlainObject(out)) throw fail(desired, 'retention', 'Retain returned no object');
      return settleEmptyTables(out as JsonValue, input(desired)) as unknown as KubeObject;
    },
    getDependencies: (obj) => {
      const [out] = run(obj, 'dependencyInterpretation', [input(obj)], 1);
      if (out === undefined || out === EMPTY_TABLE) return [];
      if (!Array.isArray(out)) throw fail(obj, 'dependencyInterpretation', 'GetDependencies returned something that is not a list');
      return out.map((d) => dependentObject(d, () => fail(obj, 'dependencyInterpretation', `GetDependencies returned ${JSON.stringify(d)}; each item needs apiVersion, kind and name`)));
    },
    interpretHealth: (obj) => {
      const [out] = run(obj, 'healthInterpretation', [input(obj)], 1);
      if (typeof out !== 'boolean') throw fail(obj, 'healthInterpretation', `InterpretHealth returned ${JSON.stringify(out)}, not a boolean`);
      return out;
    },
    reflectStatus: (obj) => (scriptOf(obj, 'statusReflection') ? reflected(run(obj, 'statusReflection', [input(obj)], 1)[0], obj) : (obj.status as JsonValue | undefined)),
    aggregateStatus: (template, items) => {
      const [out] = run(template, 'statusAggregation', [input(template), items.length ? (items as unknown as JsonValue) : undefined], 1);
      if (!isPlainObject(out)) throw fail(template, 'statusAggregation', 'AggregateStatus returned no object');
      return settleEmptyTables(out as JsonValue, input(template)) as unknown as KubeObject;
    },
  };
}

/** reflected is ReflectStatus's answer with its empty tables settled by the copy's own status. */
function reflected(out: JsonValue | undefined, obj: KubeObject): JsonValue | undefined {
  return out === undefined ? undefined : settleEmptyTables(out, (obj.status as JsonValue | undefined) ?? {});
}

function dependentObject(d: JsonValue, fail: () => Error): DependentObject {
  if (!isPlainObject(d)) throw fail();
  const { apiVersion, kind, namespace, name } = d as { [key: string]: JsonValue };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string' || name === '') throw fail();
  return typeof namespace === 'string' && namespace !== '' ? { apiVersion, kind, namespace, name } : { apiVersion, kind, name };
}
