import type { ClusterDrift, FieldDrift, ObjectDrift } from '../model/drift.js';
import type { DriftResult } from '../reconcile/drift-once.js';

const MAX_VALUE = 60;

/** showValue prints a value on one line: strings as they are, the rest as JSON, long ones cut. */
function showValue(v: unknown): string {
  if (v === undefined) return '(absent)';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function fieldRow(cluster: string, o: ObjectDrift, f: FieldDrift): string[] {
  return [cluster, o.subject, f.path, `${showValue(f.desired)} → ${showValue(f.live)}`, f.manager ?? '-', o.mode];
}

function clusterRows(c: ClusterDrift): string[][] {
  const rows = c.objects.flatMap((o) => (o.type === 'missing'
    ? [[c.cluster, o.subject, '-', 'missing', '-', o.mode]]
    : o.fields.map((f) => fieldRow(c.cluster, o, f))));
  for (const subject of c.pending ?? []) rows.push([c.cluster, subject, '-', 'not yet applied (pending)', '-', '-']);
  if (c.error !== undefined) rows.push([c.cluster, '-', '-', 'not checked (error below)', '-', '-']);
  return rows.length ? rows : [[c.cluster, '-', '-', 'in sync', '-', '-']];
}

/** formatDriftTable lists every drifted field: cluster, object, path, desired → live, manager, mode. */
export function formatDriftTable(result: DriftResult): string {
  const rows = [['CLUSTER', 'OBJECT', 'PATH', 'DESIRED → LIVE', 'MANAGER', 'MODE'], ...result.clusters.flatMap(clusterRows)];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const lines = rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
  const drifted = result.clusters.filter((c) => c.objects.length > 0).length;
  const errors = result.clusters.filter((c) => c.error !== undefined).length;
  const pending = result.clusters.filter((c) => c.objects.length === 0 && c.error === undefined && c.pending?.length).length;
  const inSync = result.clusters.filter((c) => c.objects.length === 0 && c.error === undefined && !c.pending?.length).length;
  const summary = `${inSync} in sync, ${drifted} drifted, ${errors} could not be checked${pending ? `, ${pending} with applies pending` : ''}`;
  const failures = result.clusters.flatMap((c) => (c.error === undefined ? [] : [`  ${c.cluster}: ${c.error.message}`]));
  const pulled = (result.pulled ?? []).map((p) => `${p.cluster}: ${p.message}\n`).join('');
  return `revision ${result.revision ?? '(directory)'}\n${lines.join('\n')}\n${summary}\n${pulled}${failures.length ? `errors:\n${failures.join('\n')}\n` : ''}`;
}

/** driftLines describes each drifted object on one line, for the reconcile summary. */
export function driftLines(clusters: readonly ClusterDrift[]): string[] {
  return clusters.flatMap((c) => c.objects.map((o) => {
    const what = o.type === 'missing' ? 'missing' : o.fields.map((f) => `${f.path} ${showValue(f.desired)} → ${showValue(f.live)}${f.manager ? ` (${f.manager})` : ''}`).join(', ');
    return `  ${c.cluster}: ${o.subject}: ${what} [${o.mode}]`;
  }));
}

