import type { PlanOutcome } from '../../reconcile/plan-status.js';
import type { StatusReporter } from '../../model/drift.js';
import { openGitSource } from '../../git/git-source.js';
import { originUrl } from '../../git/local-repo.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { GitfedError } from '../../model/errors.js';
import { createRenderCache, effectiveConfig, hasErrors, renderOutage, renderSnapshot, weakenings, type RenderCache, type RenderedSnapshot } from '../../render/index.js';
import { renderBoth } from './plan-renders.js';
import { diffPlans } from '../../reconcile/plan-diff.js';
import { outageOnlyMarkdown, planMarkdown, unrenderedMarkdown } from '../../reconcile/plan-markdown.js';
import { diffOutage, type OutageReport } from '../../reconcile/plan-outage.js';
import { readDirectorySnapshot } from '../../git/directory-source.js';
import { openClusterReports } from '../../git/cluster-reports.js';
import { reportsReader } from '../../reconcile/report-source.js';
import { pullInputsOf, type PullRenderInputs } from '../../reconcile/pull-clusters.js';
import { withReports } from '../../reconcile/render-pull.js';
import type { Snapshot } from '../../model/snapshot.js';
import { withUnposted } from '../exit-codes.js';
import type { CommandIO, ExitCode } from '../io.js';
import { limitsOf, type LimitFlags } from '../limit-flags.js';
import type { StatusCliOptions } from '../status-options.js';

/** PlanOptions are the flags of `gitfed plan`. */
export interface PlanOptions extends Omit<StatusCliOptions, 'repo' | 'ref' | 'cacheDir'>, LimitFlags {
  /** required with --head, unless only an outage is simulated */
  base?: string;
  head?: string;
  path?: string;
  format: 'markdown' | 'json';
  /** `--simulate-outage A,B`: show where every replica would go if these members failed */
  simulateOutage?: string;
}

/** the placement trace without override provenance: the one-line reasons read claims, verdicts and replica shares only */
const TRACED = { trace: 'placement' } as const;

/** PlannedRefs are the two revisions of an ordinary plan. */
type PlannedRefs = PlanOptions & { base: string; head: string };

/** outageClusters reads --simulate-outage: comma-separated member names (checked against the repository later). */
export function outageClusters(flag: string | undefined): string[] | undefined {
  if (flag === undefined) return undefined;
  const names = [...new Set(flag.split(',').map((n) => n.trim()).filter((n) => n.length > 0))];
  if (names.length === 0) throw new GitfedError('UsageError', '--simulate-outage', 'needs at least one cluster name, e.g. --simulate-outage aws-us-east,gcp-europe');
  return names;
}

/** outageOf renders the head again with the clusters failed and compares. */
function outageOf(snapshot: Snapshot, head: RenderedSnapshot, failed: readonly string[]): OutageReport {
  return diffOutage(head.plan, renderOutage(snapshot, failed).plan, failed);
}

/**
 * planReporters builds the `--status` reporters of a plan: notes go to the local repository itself; a forge is told
 * by its flags or, failing those, by the repository's `origin` remote URL.
 */
export async function planReporters(repo: string, opts: PlanOptions, env: NodeJS.ProcessEnv = process.env): Promise<StatusReporter[]> {
  const kinds = [...new Set(opts.status ?? [])];
  // the reporters' modules (forges, notes) are loaded only for a plan that posts
  if (kinds.length === 0) return [];
  const { buildReporters } = await import('../status-options.js');
  const forges = kinds.filter((k) => k !== 'notes');
  const origin = forges.length ? await originUrl(repo) : undefined;
  return [
    ...buildReporters({ ...opts, repo: origin ?? repo, status: forges }, env),
    ...buildReporters({ ...opts, repo, status: kinds.filter((k) => k === 'notes') }, env),
  ];
}

/** postPlanStatus posts gitfed/plan on the head; it returns what could not be posted. */
async function postPlanStatus(reporters: StatusReporter[], sha: string | null, outcome: PlanOutcome, opts: PlannedRefs): Promise<GitfedError[]> {
  if (reporters.length === 0) return [];
  if (!sha) throw new GitfedError('InvalidInput', opts.head, 'has no commit to post gitfed/plan on');
  const [{ publish }, { planStatus }] = await Promise.all([import('../../drift/publish.js'), import('../../reconcile/plan-status.js')]);
  return publish(reporters, { sha, statuses: [planStatus(outcome, opts.statusTargetUrl)] });
}

/**
 * runPlan renders two commits offline and shows what would change: exit 0 none, 1 changes (or the fleet would not
 * survive the simulated outage), 2 the head does not render, 3 --status could not post. With --simulate-outage and
 * neither --base nor --head it plans the work tree at PATH against itself, the named clusters failed.
 */
export async function runPlan(repo: string, opts: PlanOptions, io: CommandIO): Promise<ExitCode> {
  const failed = outageClusters(opts.simulateOutage);
  if (opts.base === undefined && opts.head === undefined && failed) return runOutageOnly(repo, opts, failed, io);
  if (opts.base === undefined || opts.head === undefined) {
    throw new GitfedError('UsageError', opts.base === undefined ? '--base' : '--head', 'is required: plan compares --base REF with --head REF (only --simulate-outage may go without both)');
  }
  return runRefs(repo, { ...opts, base: opts.base, head: opts.head }, failed, io);
}

/** runOutageOnly renders the work tree, then again with the clusters failed: exit 0 the fleet survives, 1 it does not, 2 it does not render. */
async function runOutageOnly(path: string, opts: PlanOptions, failed: string[], io: CommandIO): Promise<ExitCode> {
  if ((opts.status ?? []).length > 0) throw new GitfedError('UsageError', '--status', 'needs --base and --head: a work tree has no commit to post gitfed/plan on');
  const snapshot = await readDirectorySnapshot(path, limitsOf(opts));
  const head = renderSnapshot(snapshot);
  if (hasErrors(head.plan)) {
    for (const d of head.plan.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    io.stderr(`${path} does not render\n`);
    return 2;
  }
  const outage = outageOf(snapshot, head, failed);
  if (opts.format === 'json') io.stdout(`${JSON.stringify({ head: head.plan.revision, outage, diagnostics: head.plan.diagnostics }, null, 2)}\n`);
  else io.stdout(outageOnlyMarkdown(head.plan.revision, outage, head.plan.diagnostics));
  return outage.survives ? 0 : 1;
}

/** renderBase renders the base as the head was rendered when the plan cannot leave unchanged templates out. */
async function renderBase(source: { snapshot(): Promise<Snapshot> }, cache: RenderCache, pull: PullRenderInputs | undefined): Promise<RenderedSnapshot> {
  const snapshot = await source.snapshot();
  return withReports(snapshot, renderSnapshot(snapshot, undefined, cache, undefined, TRACED), pull, TRACED);
}

/** runRefs is the plan of --base against --head, with the outage of the head when asked. */
async function runRefs(repo: string, opts: PlannedRefs, failed: string[] | undefined, io: CommandIO): Promise<ExitCode> {
  // reporters first: a missing token is a usage error before anything is rendered
  const reporters = await planReporters(repo, opts);
  const limits = limitsOf(opts);
  const source = (ref: string) => openGitSource({ repo, ref, limits, ...(opts.path ? { path: opts.path } : {}) });
  const headSnapshot = await source(opts.head).snapshot();
  // pull members as the push side sees them: their agents' reports, if the checkout fetched refs/gitfed/*
  const reports = await reportsReader(openClusterReports({ repo }))();
  const pull = pullInputsOf(reports, Date.now(), undefined);
  // both revisions are traced: the comment puts a one-line reason beside each placement change; one cache for both:
  // the base parses only the documents the head does not share and reuses every manifest whose inputs did not change
  const cache = createRenderCache();
  // without pull members' reports or an outage to simulate, only the templates whose inputs differ are built
  const fast = !failed && (pull === undefined || pull.reports.size === 0);
  const renders = fast ? await renderBoth(headSnapshot, () => source(opts.base).snapshot(), cache, TRACED) : undefined;
  const head = renders?.head ?? withReports(headSnapshot, renderSnapshot(headSnapshot, undefined, cache, undefined, TRACED), pull, TRACED);
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
  const base = renders?.base ?? await renderBase(source(opts.base), cache, pull);
  // a base that does not render counts as holding nothing: everything in the head is new
  const basePlan = hasErrors(base.plan) ? undefined : base.plan;
  // the head is applied under the safety settings of the base, or stricter ones: it cannot loosen its own
  const { prune } = effectiveConfig(base.config, head.config);
  const guard = { allowMassPrune: prune.allowMassPrune, guard: { maxShare: prune.maxFraction, maxCount: prune.maxObjects } };
  const diff = diffPlans(basePlan, head.plan, guard, weakenings(base.config, head.config), renders?.baseUnbuilt);
  if (failed) diff.outage = outageOf(headSnapshot, head, failed);
  io.stdout(opts.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : planMarkdown(diff));
  const unposted = await postPlanStatus(reporters, head.plan.revision, { rendered: true, diff }, opts);
  return withUnposted(diff.changed || diff.outage?.survives === false ? 1 : 0, unposted);
}
