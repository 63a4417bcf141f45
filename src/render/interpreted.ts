/**
 * The interpretation of custom-kind templates for one render: GetReplicas, GetDependencies and ReviseReplica of the
 * repository's or the built-in ResourceInterpreterCustomizations, run once per template (and ReviseReplica once per
 * distinct share and template), never once per cluster. Native kinds keep the native interpreter.
 */
import type { Catalog, Template } from '../model/catalog.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { JsonValue, KubeObject } from '../model/kube.js';
import { GitfedError } from '../model/errors.js';
import { objectSubject } from '../kube/object-ref.js';
import { isPlainObject } from '../kube/plain-object.js';
import { createInterpreter, type DependentObject, type Interpreter, type InterpretedReplicas } from '../kube/interpreter/interpreter.js';
import { builtinTargets } from '../kube/interpreter/builtin.js';
import { replicaKind } from './replicas/requirements.js';

/** Interpreted is what the customization said about one template. */
export interface Interpreted {
  replicas?: InterpretedReplicas;
  dependencies?: DependentObject[];
  /** reviseReplica is the template with `replicas` as its count (a fresh object each call) */
  reviseReplica?: (replicas: number) => KubeObject;
}

// keyed by the template object: the loader makes fresh objects on every load, so an entry never outlives its catalog
const byTemplate = new WeakMap<KubeObject, Interpreted>();
// results by scripts and template content: a reconciler renders every commit, and most templates do not change
const byContent = new Map<string, Interpreted | null>();
const MAX_CONTENT_ENTRIES = 50_000;

/** interpretedOf is the interpretation of a template object, undefined for native kinds and kinds without a customization. */
export function interpretedOf(template: KubeObject): Interpreted | undefined {
  return byTemplate.get(template);
}

/**
 * interpretTemplates runs the customizations over the catalog's templates of custom kinds. A failing script is an
 * error diagnostic at the template; a custom kind with `spec.replicas` and no replicaResource customization is a
 * warning: it is not divided (Karmada's default), and the message says how to have it divided.
 */
export function interpretTemplates(catalog: Catalog, diagnostics: Diagnostic[]): void {
  let interpreter: Interpreter | undefined;
  // a kind no customization is for has no scripts: the interpreter (the built-in files read) is not needed for it
  const customized = new Set([...builtinTargets(), ...(catalog.customizations ?? []).map((c) => `${c.target.apiVersion}/${c.target.kind}`)]);
  for (const t of catalog.templates) {
    if (replicaKind(t.object) !== undefined || byTemplate.has(t.object)) continue;
    if (!customized.has(`${t.object.apiVersion}/${t.object.kind}`)) {
      if (hasReplicaField(t.object)) diagnostics.push(notDividedWarning(t));
      continue;
    }
    interpreter ??= createInterpreter(catalog.customizations ?? []);
    try {
      const entry = cachedInterpretation(interpreter, t.object);
      if (entry) byTemplate.set(t.object, entry);
      else if (hasReplicaField(t.object)) diagnostics.push(notDividedWarning(t));
    } catch (err) {
      if (!(err instanceof GitfedError)) throw err;
      diagnostics.push({ severity: 'error', ...t.source, message: err.message });
    }
  }
}

/** cachedInterpretation is interpretOne, run once per scripts and template content (a failure is not kept). */
function cachedInterpretation(interpreter: Interpreter, obj: KubeObject): Interpreted | undefined {
  const scripts = interpreter.scriptsOf(obj);
  if (scripts === '') return undefined;
  const key = `${scripts}\0${JSON.stringify(obj)}`;
  const hit = byContent.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const entry = interpretOne(interpreter, obj);
  if (byContent.size >= MAX_CONTENT_ENTRIES) byContent.clear();
  byContent.set(key, entry ?? null);
  return entry;
}

function interpretOne(interpreter: Interpreter, obj: KubeObject): Interpreted | undefined {
  const entry: Interpreted = {};
  if (interpreter.has(obj, 'replicaResource')) entry.replicas = interpreter.getReplicas(obj);
  if (interpreter.has(obj, 'dependencyInterpretation')) entry.dependencies = interpreter.getDependencies(obj);
  if (interpreter.has(obj, 'replicaRevision')) {
    const revised = new Map<number, KubeObject>();
    entry.reviseReplica = (replicas) => {
      let out = revised.get(replicas);
      if (!out) {
        out = interpreter.reviseReplica(obj, replicas);
        revised.set(replicas, out);
      }
      return structuredClone(out);
    };
  }
  return Object.keys(entry).length > 0 ? entry : undefined;
}

function hasReplicaField(obj: KubeObject): boolean {
  return isPlainObject(obj.spec) && typeof (obj.spec as { [key: string]: JsonValue }).replicas === 'number';
}

function notDividedWarning(t: Template): Diagnostic {
  const { apiVersion, kind } = t.object;
  return {
    severity: 'warning', ...t.source,
    message: `${objectSubject(t.object)}: ${apiVersion} ${kind} has spec.replicas but no resource interpreter, so its replicas are not divided (each cluster gets the template's count); add a ResourceInterpreterCustomization (config.karmada.io/v1alpha1) with spec.target {apiVersion: ${apiVersion}, kind: ${kind}} and a replicaResource (GetReplicas) and replicaRevision (ReviseReplica) luaScript`,
  };
}
