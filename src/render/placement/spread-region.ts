import type { SpreadConstraint } from '../../model/policy.js';
import type { Candidate } from '../replicas/assign.js';
import { compareCandidates } from './candidates.js';
import { compareStrings } from '../../kube/compare-strings.js';
import type { SelectResult } from './spread-cluster.js';

/** GroupInfo is one selectable group (a region): value = its cluster count, weight = its group score. */
export interface GroupInfo {
  name: string;
  value: number;
  weight: number;
}

/** RegionSpreadInput is what the region algorithm needs besides the candidates. */
export interface RegionSpreadInput {
  region: SpreadConstraint;
  /** absent when no cluster constraint exists: Karmada then reads a zero-valued constraint */
  cluster?: SpreadConstraint;
  /** placement resolves to Duplicated (nil replicaScheduling included) */
  duplicated: boolean;
  replicas: number;
}

/** WEIGHT_UNIT is Karmada's weightUnit: capacity counts before (always 0) cluster scores. */
const WEIGHT_UNIT = 1000;

/**
 * regionScore is calcGroupScore with every cluster score 0. Duplicated: 1000 × clusters that can hold all
 * replicas (Karmada divides by that count and would panic on 0; here 0 simply scores 0). Divided: capacity
 * up to ceil(replicas / region.minGroups), summed over at least max(cluster.minGroups, region.minGroups) clusters.
 */
export function regionScore(clusters: readonly Candidate[], input: RegionSpreadInput): number {
  if (input.duplicated) {
    return clusters.filter((c) => c.availableReplicas >= input.replicas).length * WEIGHT_UNIT;
  }
  const regionMin = input.region.minGroups;
  const target = Math.ceil(input.replicas / regionMin);
  const clusterMin = Math.max(input.cluster?.minGroups ?? 0, regionMin);
  let sum = 0;
  let counted = 0;
  for (const c of clusters) {
    sum += c.availableReplicas;
    counted++;
    if (counted >= clusterMin && sum >= target) break;
  }
  return Math.min(sum, target) * WEIGHT_UNIT;
}

/**
 * selectByRegion is selectBestClustersByRegion: pick the best region combination, take each chosen
 * region's first cluster, then fill up to cluster.maxGroups from the rest in §4.5 order.
 */
export function selectByRegion(candidates: readonly Candidate[], input: RegionSpreadInput): SelectResult {
  const regions = groupByRegion(candidates);
  if (regions.size < input.region.minGroups) {
    return { ok: false, reason: 'the number of feasible region is less than spreadConstraint.MinGroups' };
  }
  const groups = [...regions].map(([name, clusters]) => ({ name, value: clusters.length, weight: regionScore(clusters, input) }));
  const chosen = selectGroups(groups, input.region.minGroups, input.region.maxGroups, input.cluster?.minGroups ?? 0);
  if (!chosen) return { ok: false, reason: 'the number of clusters is less than the cluster spreadConstraint.MinGroups' };
  const members = chosen.map((g) => regions.get(g.name) ?? []);
  const selected = members.flatMap((m) => m.slice(0, 1));
  const rest = members.flatMap((m) => m.slice(1)).sort(compareCandidates);
  const needCount = Math.min(selected.length + rest.length, input.cluster?.maxGroups ?? 0);
  // needCount below the region count never drops a region's first cluster (faithful to Karmada)
  selected.push(...rest.slice(0, Math.max(0, needCount - selected.length)));
  return { ok: true, selected };
}

/** groupByRegion keeps candidate order inside each region; clusters without a region are not grouped. */
function groupByRegion(candidates: readonly Candidate[]): Map<string, Candidate[]> {
  const regions = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (!c.cluster.region) continue;
    regions.set(c.cluster.region, [...(regions.get(c.cluster.region) ?? []), c]);
  }
  return regions;
}

interface DfsPath {
  id: number;
  groups: GroupInfo[];
  weight: number;
  value: number;
}

/** selectGroups is Karmada's selectGroups: the best feasible combination, or undefined when none exists. */
export function selectGroups(groups: readonly GroupInfo[], min: number, max: number, target: number): GroupInfo[] | undefined {
  if (groups.length === 0) return undefined;
  const paths = findFeasiblePaths(groups, min, max, target);
  return paths.length === 0 ? undefined : prioritizePaths(paths).groups;
}

/**
 * findFeasiblePaths enumerates, depth first over groups sorted by value ascending, weight descending, name
 * ascending, every combination that first reaches `target` with a size in [min, max]; ids record discovery order.
 */
function findFeasiblePaths(groups: readonly GroupInfo[], min: number, max: number, target: number): DfsPath[] {
  const sorted = [...groups].sort((a, b) => a.value - b.value || b.weight - a.weight || compareStrings(a.name, b.name));
  const paths: DfsPath[] = [];
  const stack: GroupInfo[] = [];
  const dfs = (sum: number, begin: number): void => {
    if (sum >= target && stack.length >= min && stack.length <= max) {
      paths.push(toPath(paths.length + 1, stack));
      return;
    }
    if (stack.length >= max) return;
    for (let i = begin; i < sorted.length; i++) {
      const group = sorted[i] as GroupInfo;
      stack.push(group);
      dfs(sum + group.value, i + 1);
      stack.pop();
    }
  };
  dfs(0, 0);
  return paths;
}

function toPath(id: number, stack: readonly GroupInfo[]): DfsPath {
  const groups = [...stack].sort((a, b) => b.weight - a.weight || compareStrings(a.name, b.name));
  const weight = groups.reduce((s, g) => s + g.weight, 0);
  const value = groups.reduce((s, g) => s + g.value, 0);
  return { id, groups, weight, value };
}

/**
 * prioritizePaths orders paths by weight, then value (both descending), then discovery; a later path that is
 * a strict prefix of the current best replaces it, so fewer groups win when they suffice.
 */
function prioritizePaths(paths: readonly DfsPath[]): DfsPath {
  const ordered = [...paths].sort((a, b) => b.weight - a.weight || b.value - a.value || a.id - b.id);
  let best = ordered[0] as DfsPath;
  for (const path of ordered.slice(1)) {
    if (isStrictPrefix(path, best)) best = path;
  }
  return best;
}

function isStrictPrefix(sub: DfsPath, path: DfsPath): boolean {
  return sub.groups.length < path.groups.length && sub.groups.every((g, i) => path.groups[i]?.name === g.name);
}
