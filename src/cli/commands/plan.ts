import { openGitSource } from '../../git/git-source.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { hasErrors, renderSnapshot } from '../../render/index.js';
import { diffPlans } from '../../reconcile/plan-diff.js';
import { planMarkdown } from '../../reconcile/plan-markdown.js';
import type { CommandIO, ExitCode } from '../io.js';

/** PlanOptions are the flags of `gitfed plan`. */
export interface PlanOptions {
  base: string;
  head: string;
  path?: string;
  format: 'markdown' | 'json';
}

/** runPlan renders two commits offline and shows what would change: exit 0 none, 1 changes, 2 the head does not render. */
export async function runPlan(repo: string, opts: PlanOptions, io: CommandIO): Promise<ExitCode> {
  const source = (ref: string) => openGitSource({ repo, ref, ...(opts.path ? { path: opts.path } : {}) });
  const head = renderSnapshot(await source(opts.head).snapshot());
  if (hasErrors(head.plan)) {
    for (const d of head.plan.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    io.stderr(`the head ${opts.head} does not render\n`);
    if (opts.format === 'json') io.stdout(`${JSON.stringify({ head: head.plan.revision, diagnostics: head.plan.diagnostics }, null, 2)}\n`);
    return 2;
  }
  const base = renderSnapshot(await source(opts.base).snapshot());
  // a base that does not render counts as holding nothing: everything in the head is new
  const basePlan = hasErrors(base.plan) ? undefined : base.plan;
  const guard = { allowMassPrune: head.config.prune.allowMassPrune, guard: { maxShare: head.config.prune.maxFraction, maxCount: head.config.prune.maxObjects } };
  const diff = diffPlans(basePlan, head.plan, guard);
  io.stdout(opts.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : planMarkdown(diff));
  return diff.changed ? 1 : 0;
}
