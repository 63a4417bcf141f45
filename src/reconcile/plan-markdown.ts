import { formatDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { ObjectChange, PlanDiff } from './plan-diff.js';
import { outageMarkdown } from './plan-outage-markdown.js';
import type { OutageReport } from './plan-outage.js';

/** PLAN_MARKER lets a later run find and update its own pull-request comment. */
export const PLAN_MARKER = '<!-- gitfed-plan -->';

const short = (rev: string | null) => (rev ? rev.slice(0, 12) : '(none)');

function weakenedSection(d: PlanDiff): string[] {
  if (d.weakened.length === 0) return [];
  return [
    '',
    '> [!WARNING]',
    '> **This change loosens gitfed\'s safety settings.** They take effect only once this commit has been applied:',
    '> the cycle that applies it still runs under the settings already in force.',
    ...d.weakened.map((w) => `> - \`${w.setting}\`: ${w.from} → ${w.to}`),
  ];
}

/** because is the one-line reason beside a placement change, from the placement traces. */
function because(reason: string | undefined): string {
  return reason === undefined ? '' : ` (why: ${reason})`;
}

function movesSection(d: PlanDiff): string[] {
  if (d.replicaMoves.length === 0) return [];
  return ['', '**Replica moves**', ...d.replicaMoves.map((m) => `- \`${m.subject}\`: ${m.moves.map((x) => `${x.cluster} ${x.from}->${x.to}`).join(', ')}${because(m.reason)}`)];
}

function placementSection(d: PlanDiff): string[] {
  if (d.placement.length === 0) return [];
  const line = (p: PlanDiff['placement'][number]) => [...p.added.map((c) => `+${c}`), ...p.removed.map((c) => `-${c}`)].join(' ');
  return ['', '**Clusters that start or stop receiving a resource**', ...d.placement.map((p) => `- \`${p.subject}\`: ${line(p)}${because(p.reason)}`)];
}

function adoptsSection(d: PlanDiff): string[] {
  if (d.adopts.length === 0) return [];
  return ['', '**Existing objects this change takes over** (`gitfed.io/adopt`: gitfed will own them where they already exist)',
    ...d.adopts.map((a) => `- \`${a.subject}\` (${a.mode}): ${a.clusters.join(', ')}`)];
}

/** secretKeysLine names a Secret's keys that differ, e.g. `data.password: changed`: the diff shows only masks. */
function secretKeysLine(ch: ObjectChange): string[] {
  if (!ch.secretKeys?.length) return [];
  return [`Secret keys (values not shown): ${ch.secretKeys.map((k) => `\`${k.key}: ${k.change}\``).join(', ')}`, ''];
}

function clusterSections(d: PlanDiff): string[] {
  const out: string[] = [];
  for (const c of d.clusters.filter((x) => x.changes.length > 0)) {
    const counts = (['added', 'changed', 'removed'] as const).map((k) => `${c.changes.filter((x) => x.change === k).length} ${k}`).join(', ');
    out.push('', `<details><summary><b>${c.cluster}</b>: ${counts}</summary>`, '');
    if (c.heldBack) out.push(`> :warning: ${c.heldBack}`, '');
    for (const ch of c.changes) out.push(`\`${ch.subject}\` ${ch.change}`, '', ...secretKeysLine(ch), '```diff', ch.diff.trimEnd(), '```', '');
    out.push('</details>');
  }
  return out;
}

function diagnosticsSection(d: PlanDiff): string[] {
  if (d.diagnostics.length === 0) return [];
  return ['', '**Diagnostics**', '```', ...d.diagnostics.map(formatDiagnostic), '```'];
}

/** planMarkdown renders a plan diff as a pull-request comment. */
export function planMarkdown(d: PlanDiff): string {
  return [
    PLAN_MARKER,
    `### gitfed plan: ${d.summary}`,
    `\`${short(d.base)}\` → \`${short(d.head)}\``,
    ...weakenedSection(d),
    ...movesSection(d),
    ...placementSection(d),
    ...adoptsSection(d),
    ...clusterSections(d),
    ...(d.outage ? outageMarkdown(d.outage) : []),
    ...diagnosticsSection(d),
    '',
  ].join('\n');
}

/** outageOnlyMarkdown is `plan --simulate-outage` without --base/--head: the head against itself, its outage only. */
export function outageOnlyMarkdown(head: string | null, r: OutageReport, diagnostics: readonly Diagnostic[]): string {
  return [
    PLAN_MARKER,
    `### gitfed plan: ${r.summary}`,
    head ? `\`${short(head)}\`` : 'the work tree',
    ...outageMarkdown(r),
    ...(diagnostics.length ? ['', '**Diagnostics**', '```', ...diagnostics.map(formatDiagnostic), '```'] : []),
    '',
  ].join('\n');
}

/** unrenderedMarkdown is the pull-request comment for a head that does not render: its diagnostics, nothing applied. */
export function unrenderedMarkdown(head: string | null, diagnostics: readonly Diagnostic[]): string {
  return [
    PLAN_MARKER,
    `### gitfed plan: the head \`${short(head)}\` does not render`,
    'Nothing of this commit can be applied until these are fixed:',
    '',
    '```',
    ...diagnostics.map(formatDiagnostic),
    '```',
    '',
  ].join('\n');
}
