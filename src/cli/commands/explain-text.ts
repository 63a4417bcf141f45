/** The text of `gitfed explain`: one template's placement trace, readable, one line per decision. */
import type { ClusterVerdict, OverrideChange, ReplicaTrace, TemplateTrace } from '../../model/trace.js';
import type { JsonValue } from '../../model/kube.js';

/** verdictLine is one cluster's line, e.g. `member3: rejected by taint dedicated=gpu:NoSchedule (not tolerated by ...)`. */
export function verdictLine(v: ClusterVerdict): string {
  if (!v.kept) return `${v.cluster}: rejected by ${v.reason}`;
  const numbers = [
    ...(v.replicas !== undefined ? [`${v.replicas} replica${v.replicas === 1 ? '' : 's'}`] : []),
    ...(v.availableReplicas !== undefined ? [`${v.availableReplicas} available`] : []),
  ];
  return `${v.cluster}: kept (${v.reason})${numbers.length ? `, ${numbers.join(', ')}` : ''}`;
}

function claimLines(t: TemplateTrace): string[] {
  const head = t.claim.policy ? `claimed by ${t.claim.policy}: ${t.claim.reason}` : `not claimed: ${t.claim.reason}`;
  return [head, ...t.claim.rivals.map((r) => `  ${r.policy} lost: ${r.lostBecause}`)];
}

function attemptLines(t: TemplateTrace): string[] {
  if (t.attempts.length < 2 && t.attempts.every((a) => a.term === undefined)) return [];
  return ['clusterAffinities, tried in order:', ...t.attempts.map((a) => `  ${a.term ?? `term ${a.index}`}: ${a.ok ? 'scheduled' : `failed: ${a.reason ?? ''}`}`)];
}

const fixed = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

function replicaLines(r: ReplicaTrace | undefined, only: ReadonlySet<string>): string[] {
  if (!r) return [];
  const shares = r.shares.filter((s) => only.has(s.cluster)).map((s) => {
    const parts = [
      ...(s.weight !== undefined ? [`weight ${s.weight}`] : []), ...(s.exact !== undefined ? [`exact share ${fixed(s.exact)}`] : []),
      ...(s.availableReplicas !== undefined ? [`${s.availableReplicas} available`] : []), ...(s.tier ? [`overflow tier ${s.tier}`] : []),
      ...(s.remainder ? ['+1 remainder'] : []),
    ];
    return `  ${s.cluster}: ${s.replicas}${parts.length ? ` (${parts.join(', ')})` : ''}`;
  });
  const remainder = r.remainderOrder.length ? [`  remainder order: ${r.remainderOrder.join(', ')}`] : [];
  return [`replicas: ${r.total}, ${r.strategy}${r.mode === 'steady' ? ', Steady' : ''}: ${r.rule}`, ...shares, ...remainder];
}

const shown = (v: JsonValue | undefined): string => (v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v));

function overrideLine(o: OverrideChange): string {
  const where = o.source ? `, ${o.source.file}:${o.source.line}` : '';
  return `  ${o.cluster} ${o.path}: ${shown(o.before)} -> ${shown(o.after)} by ${o.policy} rule ${o.rule} (${o.overrider}${where})`;
}

/** explainText is the whole explanation of one template. */
export function explainText(t: TemplateTrace): string {
  const clusters = new Set(t.clusters.map((v) => v.cluster));
  return [
    t.resource,
    ...claimLines(t),
    ...attemptLines(t),
    'clusters:',
    ...t.clusters.map((v) => `  ${verdictLine(v)}`),
    ...replicaLines(t.replicas, clusters),
    ...(t.overrides.length ? ['overrides:', ...t.overrides.map(overrideLine)] : []),
    '',
  ].join('\n');
}
