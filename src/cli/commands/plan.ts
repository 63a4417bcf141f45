import { planStatus, type PlanOutcome } from '../../reconcile/plan-status.js';
import type { StatusReporter } from '../../model/drift.js';
import { openGitSource } from '../../git/git-source.js';
import { originUrl } from '../../git/local-repo.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { GitfedError } from '../../model/errors.js';
import { effectiveConfig, hasErrors, renderSnapshot, weakenings } from '../../render/index.js';
import { diffPlans } from '../../reconcile/plan-diff.js';
import { planMarkdown, unrenderedMarkdown } from '../../reconcile/plan-markdown.js';
import { withUnposted } from '../exit-codes.js';
import type { CommandIO, ExitCode } from '../io.js';
import { limitsOf, type LimitFlags } from '../limit-flags.js';
import { buildReporters, type StatusCliOptions } from '../status-options.js';
import { publish } from '../../drift/publish.js';

/** PlanOptions are the flags of `gitfed plan`. */
export interface PlanOptions extends Omit<StatusCliOptions, 'repo' | 'ref' | 'cacheDir'>, LimitFlags {
  base: string;
  head: string;
  path?: string;
  format: 'markdown' | 'json';
}

/**
 * planReporters builds the `--status` reporters of a plan: notes go to the local repository itself; a forge is told
 * by its flags or, failing those, by the repository's `origin` remote URL.
 */
export async function planReporters(repo: string, opts: PlanOptions, env: NodeJS.ProcessEnv = process.env): Promise<StatusReporter[]> {
  const kinds = [...new Set(opts.status ?? [])];
  const forges = kinds.filter((k) => k !== 'notes');
  const origin = forges.length ? await originUrl(repo) : undefined;
  return [
    ...buildReporters({ ...opts, repo: origin ?? repo, status: forges }, env),
    ...buildReporters({ ...opts, repo, status: kinds.filter((k) => k === 'notes') }, env),
  ];
}

/** postPlanStatus posts gitfed/plan on the head; it returns what could not be posted. */
async function postPlanStatus(reporters: StatusReporter[], sha: string | null, outcome: PlanOutcome, opts: PlanOptions): Promise<GitfedError[]> {
  if (reporters.length === 0) return [];
  if (!sha) throw new GitfedError('InvalidInput', opts.head, 'has no commit to post gitfed/plan on');
  return publish(reporters, { sha, statuses: [planStatus(outcome, opts.statusTargetUrl)] });
}

/** runPlan renders two commits offline and shows what would change: exit 0 none, 1 changes, 2 the head does not render, 3 --status could not post. */
export async function runPlan(repo: string, opts: PlanOptions, io: CommandIO): Promise<ExitCode> {
  // reporters first: a missing token is a usage error before anything is rendered
  const reporters = await planReporters(repo, opts);
  const limits = limitsOf(opts);
  const source = (ref: string) => openGitSource({ repo, ref, limits, ...(opts.path ? { path: opts.path } : {}) });
  const head = renderSnapshot(await source(opts.head).snapshot());
  if (hasErrors(head.plan)) {
    for (const d of head.plan.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    io.stderr(`the head ${opts.head} does not render\n`);
    // stdout carries the diagnostics in the chosen format too: a CI job posts stdout as the comment
    const summary = `the head ${opts.head} does not render`;
    if (opts.format === 'json') io.stdout(`${JSON.stringify({ head: head.plan.revision, rendered: false, summary, diagnostics: head.plan.diagnostics }, null, 2)}\n`);
    else io.stdout(unrenderedMarkdown(head.plan.revision, head.plan.diagnostics));
    await postPlanStatus(reporters, head.plan.revision, { rendered: false, diagnostics: head.plan.diagnostics }, opts);
    return 2;
  }
  const base = renderSnapshot(await source(opts.base).snapshot());
  // a base that does not render counts as holding nothing: everything in the head is new
  const basePlan = hasErrors(base.plan) ? undefined : base.plan;
  // the head is applied under the safety settings of the base, or stricter ones: it cannot loosen its own
  const { prune } = effectiveConfig(base.config, head.config);
  const guard = { allowMassPrune: prune.allowMassPrune, guard: { maxShare: prune.maxFraction, maxCount: prune.maxObjects } };
  const diff = diffPlans(basePlan, head.plan, guard, weakenings(base.config, head.config));
  io.stdout(opts.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : planMarkdown(diff));
  const unposted = await postPlanStatus(reporters, head.plan.revision, { rendered: true, diff }, opts);
  return withUnposted(diff.changed ? 1 : 0, unposted);
}
