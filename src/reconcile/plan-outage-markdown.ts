import { formatDiagnostic } from '../model/diagnostic.js';
import type { OutageReport, OutageTemplate } from './plan-outage.js';

const cell = (c: OutageTemplate['clusters'][number]): string =>
  `${c.cluster}${c.down ? ' (down)' : ''}: ${c.before} → ${c.after}`;

/** rows are the table lines of the workloads: every replica, now and after the outage. */
function rows(r: OutageReport): string[] {
  const workloads = r.templates.filter((t) => t.workload);
  if (workloads.length === 0) return ['', 'No template with replicas is placed.'];
  return [
    '', '| template | replicas per cluster: now → after the outage |', '| --- | --- |',
    ...workloads.map((t) => `| \`${t.subject}\` | ${t.clusters.map(cell).join(', ')}${t.unplaced ? ' **(cannot be placed)**' : ''} |`),
  ];
}

/** others counts the objects without replicas that lose their copy on the failed clusters. */
function others(r: OutageReport): string[] {
  const lost = r.templates.filter((t) => !t.workload && !t.unplaced && t.clusters.some((c) => c.down && c.before > 0));
  return lost.length ? ['', `${lost.length} other object(s) without replicas lose their copy on the failed cluster(s) and keep the others.`] : [];
}

function problems(r: OutageReport): string[] {
  const unplaced = r.templates.filter((t) => t.unplaced !== undefined);
  const stranded = r.templates.filter((t) => t.stranded !== undefined);
  return [
    ...(unplaced.length ? ['', '**Cannot be placed after the outage**', ...unplaced.map((t) => `- \`${t.subject}\`: ${t.unplaced}`)] : []),
    ...(stranded.length ? ['', '**Left on a failed cluster** (the policy tolerates the outage for ever)', ...stranded.map((t) => `- \`${t.subject}\`: ${t.stranded} replica(s)`)] : []),
    ...(r.overcommitted.length ? ['', '**Overcommitted survivors**', '```', ...r.overcommitted.map(formatDiagnostic), '```'] : []),
  ];
}

/** outageMarkdown is the section `plan --simulate-outage` adds: where every replica would go if the clusters failed. */
export function outageMarkdown(r: OutageReport): string[] {
  return [
    '', `#### Simulated outage of ${r.failed.map((c) => `\`${c}\``).join(', ')}: ${r.survives ? 'the fleet survives' : 'the fleet does NOT survive'}`,
    'The failed clusters are treated as unreachable and NoExecute-tainted with every toleration run out; failover',
    'places their replicas on the other clusters by each policy\'s own rules. Nothing is deleted on a failed cluster.',
    ...rows(r), ...others(r), ...problems(r),
  ];
}
