/**
 * The replica planner of KubeFed (`pkg/controller/util/planner/planner.go:Plan`), also Federation v1's:
 * minimums first, then weighted passes rounding up in (weight desc, FNV-1 hash asc) order.
 */
import type { ClusterPreferences } from '../../model/kubefed.js';

/** PlanInput is what Plan reads; current and capacity are live state, empty for a stateless render. */
export interface PlanInput {
  clusters: readonly string[];
  totalReplicas: number;
  preferences: Readonly<Record<string, ClusterPreferences>>;
  rebalance?: boolean;
  current?: Readonly<Record<string, number>>;
  capacity?: Readonly<Record<string, number>>;
  /** `<namespace>/<name>`, hashed after the cluster name to break weight ties */
  key: string;
}

/** PlanResult holds a count for every candidate (0 included) and replicas that overflowed capacity. */
export interface PlanResult {
  plan: Record<string, number>;
  overflow: Record<string, number>;
}

interface Named extends ClusterPreferences {
  name: string;
  hash: number;
}

const UTF8 = new TextEncoder();

/** fnv1Hash32 is Go's hash/fnv New32: FNV-1 (multiply, then xor), not FNV-1a. */
export function fnv1Hash32(text: string): number {
  let h = 2166136261;
  for (const byte of UTF8.encode(text)) h = (Math.imul(h, 16777619) ^ byte) >>> 0;
  return h;
}

/** orderedPreferences looks up each candidate (exact name, else "*"); clusters without one are fixed at 0. */
function orderedPreferences(input: PlanInput, plan: Record<string, number>): Named[] {
  const named: Named[] = [];
  for (const name of input.clusters) {
    const pref = Object.hasOwn(input.preferences, name) ? input.preferences[name] : Object.hasOwn(input.preferences, '*') ? input.preferences['*'] : undefined;
    if (pref) named.push({ ...pref, name, hash: fnv1Hash32(name + input.key) });
    else plan[name] = 0;
  }
  return named.sort((a, b) => b.weight - a.weight || a.hash - b.hash);
}

/** goDiv is Go's integer division (truncates toward zero). */
function goDiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

/** WeightSum is a pass's total weight: a number while it is exact, else a bigint. */
type WeightSum = number | bigint;

function weightSumOf(prefs: readonly Named[]): WeightSum {
  const sum = prefs.reduce((s, p) => s + p.weight, 0);
  return Number.isSafeInteger(sum) ? sum : prefs.reduce((s, p) => s + BigInt(p.weight), 0n);
}

/**
 * share is Plan's `(distribute·weight + weightSum - 1) / weightSum`, exact as Go's int64 is wherever that does not
 * overflow. Float64 is exact only below 2^53, and weights up to 2^53 times 2^31 replicas pass it: bigints then.
 */
function share(distribute: number, weight: number, weightSum: WeightSum): number {
  const product = distribute * weight;
  if (typeof weightSum === 'number' && Number.isSafeInteger(product) && Number.isSafeInteger(product + weightSum - 1)) {
    return goDiv(product + weightSum - 1, weightSum);
  }
  const sum = BigInt(weightSum);
  return Number((BigInt(distribute) * BigInt(weight) + sum - 1n) / sum);
}

/**
 * planReplicas distributes totalReplicas over the candidates exactly as KubeFed's Plan does. Without live state
 * (every render) each pass but the last fills a cluster, which then leaves the passes: at most clusters + 1 passes
 * whatever the replicas. With current replicas kept, a run of passes that only use up kept replicas is taken in
 * one step. Passes that also add replicas elsewhere remain one by one: each lowers the remaining replicas by at
 * least one while the kept ones pay for nearly all the rest, so they number about sqrt(2·totalReplicas) at worst
 * (65,536 for 2^31).
 */
export function planReplicas(input: PlanInput): PlanResult {
  const plan: Record<string, number> = {};
  const overflow: Record<string, number> = {};
  const capacity = input.capacity ?? {};
  let prefs = orderedPreferences(input, plan);
  let remaining = input.totalReplicas;
  for (const p of prefs) {
    let min = Math.min(p.minReplicas, remaining);
    if (Object.hasOwn(capacity, p.name)) min = Math.min(min, capacity[p.name] as number);
    remaining -= min;
    plan[p.name] = min;
  }
  const preallocated: Record<string, number> = {};
  if (!input.rebalance) remaining = preallocate(prefs, input, plan, preallocated, remaining);
  let modified = true;
  while (modified && remaining > 0) {
    const pass = weightedPass(prefs, { plan, overflow, capacity, preallocated }, remaining);
    if (pass.keptOnly) skipRepeats(prefs, preallocated, pass.used);
    ({ modified, remaining } = pass);
    prefs = pass.active;
  }
  if (input.rebalance) return { plan, overflow };
  // without rebalance the overflow is trimmed to the replicas that could not be placed anywhere
  const trimmed: Record<string, number> = {};
  for (const [name, value] of Object.entries(overflow)) if (Math.min(value, remaining) > 0) trimmed[name] = Math.min(value, remaining);
  return { plan, overflow: trimmed };
}

/**
 * skipRepeats takes at once the passes that would repeat one that only used up kept replicas: such a pass leaves
 * the remaining replicas, the active clusters and so every share unchanged, so each repeat uses the same amounts
 * again until some cluster has fewer kept replicas left than its share (Plan would loop once per replica).
 */
function skipRepeats(prefs: readonly Named[], preallocated: Record<string, number>, used: ReadonlyMap<string, number>): void {
  let repeats = Infinity;
  for (const p of prefs) {
    const n = used.get(p.name) ?? 0;
    if (n > 0) repeats = Math.min(repeats, Math.floor((preallocated[p.name] ?? 0) / n));
  }
  if (repeats === Infinity || repeats === 0) return;
  for (const p of prefs) preallocated[p.name] = (preallocated[p.name] ?? 0) - repeats * (used.get(p.name) ?? 0);
}

/** preallocate keeps replicas already running above the plan (rebalance false), bounded by max and capacity. */
function preallocate(prefs: Named[], input: PlanInput, plan: Record<string, number>, preallocated: Record<string, number>, remaining: number): number {
  const current = input.current ?? {};
  const capacity = input.capacity ?? {};
  for (const p of prefs) {
    const planned = plan[p.name] ?? 0;
    const count = current[p.name];
    if (count === undefined || count <= planned) continue;
    let target = count;
    if (p.maxReplicas !== undefined) target = Math.min(p.maxReplicas, target);
    if (Object.hasOwn(capacity, p.name)) target = Math.min(capacity[p.name] as number, target);
    const extra = Math.max(0, Math.min(target - planned, remaining));
    remaining -= extra;
    preallocated[p.name] = extra;
    plan[p.name] = extra + planned;
  }
  return remaining;
}

interface PassState {
  plan: Record<string, number>;
  overflow: Record<string, number>;
  capacity: Readonly<Record<string, number>>;
  preallocated: Record<string, number>;
}

/** PassResult is one pass's outcome; keptOnly: it only used up kept replicas (nothing added, no cluster filled). */
interface PassResult {
  active: Named[];
  modified: boolean;
  remaining: number;
  keptOnly: boolean;
  used: Map<string, number>;
}

/** weightedPass is one iteration of Plan's loop: ceil(D·w/W) per cluster in order, clamped by max and capacity. */
function weightedPass(prefs: Named[], s: PassState, remainingAtStart: number): PassResult {
  const weightSum = weightSumOf(prefs);
  const out: PassResult = { active: [], modified: false, remaining: remainingAtStart, keptOnly: true, used: new Map() };
  for (const p of prefs) {
    if (weightSum <= 0) break;
    const start = s.plan[p.name] ?? 0;
    let extra = Math.min(share(remainingAtStart, p.weight, weightSum), out.remaining);
    const prealloc = s.preallocated[p.name] ?? 0;
    const used = Math.min(extra, prealloc);
    s.preallocated[p.name] = prealloc - used;
    extra -= used;
    if (used > 0) {
      out.modified = true;
      out.used.set(p.name, used);
    }
    let total = start + extra;
    let full = false;
    if (p.maxReplicas !== undefined && total > p.maxReplicas) [total, full] = [p.maxReplicas, true];
    const cap = s.capacity[p.name];
    if (cap !== undefined && Object.hasOwn(s.capacity, p.name) && total > cap) [s.overflow[p.name], total, full] = [total - cap, cap, true];
    if (!full) out.active.push(p);
    out.remaining -= total - start;
    s.plan[p.name] = total;
    if (total > start) out.modified = true;
    if (full || total !== start) out.keptOnly = false;
  }
  out.keptOnly &&= out.modified;
  return out;
}
