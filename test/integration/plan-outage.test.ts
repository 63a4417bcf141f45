import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPlan, type PlanOptions } from '../../src/cli/commands/plan.js';
import { exitCodeOfError } from '../../src/cli/exit-codes.js';
import type { OutageReport, OutageTemplate } from '../../src/reconcile/plan-outage.js';
import type { PlanDiff } from '../../src/reconcile/plan-diff.js';
import { tempRepo } from '../helpers/cli.js';

// `gitfed plan --simulate-outage` on the example repository: offline, the named clusters fail for good and the
// plan shows where failover puts every replica, by each policy's own rules.

const EXAMPLE = 'examples/policy-repo';
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function plan(path: string, opts: Partial<PlanOptions>): Promise<{ code: number; stdout: string; stderr: string }> {
  let [stdout, stderr] = ['', ''];
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t) };
  try {
    const code = await runPlan(path, { format: 'markdown', ...opts }, io);
    return { code, stdout, stderr };
  } catch (err) {
    return { code: exitCodeOfError(err), stdout, stderr: String(err) };
  }
}

/** spread is a template's clusters as `name before->after`, the failed ones marked. */
const spread = (t: OutageTemplate | undefined): string[] => (t?.clusters ?? []).map((c) => `${c.cluster}${c.down ? '(down)' : ''} ${c.before}->${c.after}`);
const find = (r: OutageReport, subject: string) => r.templates.find((t) => t.subject === subject);

describe('plan --simulate-outage on the example repository', () => {
  it('azure-asia fails: web\'s static weights are renormalised over the survivors (2:1), cache stays where it is, the fleet survives', async () => {
    const r = await plan(EXAMPLE, { simulateOutage: 'azure-asia', format: 'json' });
    expect(r.code, r.stderr).toBe(0);
    const { outage } = JSON.parse(r.stdout) as { outage: OutageReport };
    expect(outage.failed).toEqual(['azure-asia']);
    expect(outage.survives).toBe(true);
    // 8 replicas by weights aws-us-east 2, gcp-europe 1: Webster gives 5 and 3
    expect(spread(find(outage, 'Deployment/shop/web'))).toEqual(['aws-us-east 4->5', 'azure-asia(down) 2->0', 'gcp-europe 2->3']);
    // Aggregated cache never was on azure-asia
    expect(spread(find(outage, 'Deployment/shop/cache'))).toEqual(['aws-us-east 15->15', 'gcp-europe 9->9']);
    // objects without replicas lose their copy on the failed cluster only
    expect(spread(find(outage, 'ConfigMap/shop/web-config'))).toEqual(['aws-us-east 1->1', 'azure-asia(down) 1->0', 'gcp-europe 1->1']);
    expect(outage.overcommitted).toEqual([]);
  });

  it('aws-us-east fails: web goes 4/4 to the survivors, the Aggregated cache does not fit (exit 1, markdown names it)', async () => {
    const r = await plan(EXAMPLE, { simulateOutage: 'aws-us-east' });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('### gitfed plan: outage of aws-us-east: the fleet does NOT survive');
    expect(r.stdout).toContain('| `Deployment/shop/web` | aws-us-east (down): 4 → 0, azure-asia: 2 → 4, gcp-europe: 2 → 4 |');
    expect(r.stdout).toContain('| `Deployment/shop/cache` | aws-us-east (down): 15 → 0, gcp-europe: 9 → 0 **(cannot be placed)** |');
    // gcp-europe (12 free CPUs) and azure-asia (2) hold 14 of cache's 24 one-CPU replicas: Aggregated places none
    expect(r.stdout).toContain('- `Deployment/shop/cache`: failed to assign replicas: insufficient capacity: 24 replicas requested, 14 available');
  });

  it('an unknown cluster name is a usage error (exit 2) naming it', async () => {
    const r = await plan(EXAMPLE, { simulateOutage: 'aws-us-east,mars-1' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--simulate-outage: names no member cluster of the repository: mars-1');
    expect(r.stdout).toBe('');
  });

  it('without --simulate-outage, --base and --head are still required', async () => {
    const r = await plan(EXAMPLE, { head: 'HEAD' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--base: is required');
  });

  it('with --base and --head the outage is simulated on the head, beside the diff', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'gitfed-plan-outage-'));
    dirs.push(repo);
    cpSync(EXAMPLE, repo, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'fleet');
    const file = join(repo, 'apps/web/propagation.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('weight: 2', 'weight: 6'));
    git('commit', '-qam', 'web: weight 6');
    const r = await plan(repo, { base: 'HEAD~1', head: 'HEAD', simulateOutage: 'gcp-europe', format: 'json' });
    expect(r.code, r.stderr).toBe(1);
    const diff = JSON.parse(r.stdout) as PlanDiff;
    expect(diff.replicaMoves.map((m) => m.subject)).toEqual(['Deployment/shop/web']);
    // the head's weights 6:1 over aws-us-east and azure-asia; cache: aws-us-east 20 + azure-asia 2 < 24
    expect(spread(find(diff.outage as OutageReport, 'Deployment/shop/web'))).toEqual(['aws-us-east 6->7', 'azure-asia 1->1', 'gcp-europe(down) 1->0']);
    expect(find(diff.outage as OutageReport, 'Deployment/shop/cache')?.unplaced).toContain('24 replicas requested, 22 available');
  });

  it('static weights renormalised onto a small survivor overcommit it: a warning, not an error (the fleet still survives)', async () => {
    const cluster = (name: string, cpu: number) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${name}}\n` +
      `status: {resourceSummary: {allocatable: {cpu: "${cpu}", memory: 64Gi, pods: "110"}}}\n`;
    const repo = tempRepo({
      'clusters.yaml': [cluster('big', 32), cluster('small', 4)].join('---\n'),
      'app.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: default}\nspec:\n  replicas: 8\n  selector: {matchLabels: {app: api}}\n' +
        '  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: api, image: api, resources: {requests: {cpu: "1"}}}]}\n',
      'policy.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: api, namespace: default}\nspec:\n' +
        '  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: api}]\n' +
        '  placement: {replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Weighted}}\n',
    });
    dirs.push(repo);
    const r = await plan(repo, { simulateOutage: 'big', format: 'json' });
    expect(r.code, r.stderr).toBe(0);
    const { outage, diagnostics } = JSON.parse(r.stdout) as { outage: OutageReport; diagnostics: unknown[] };
    // equal weights: 4 and 4 now (small has room for 4); all 8 on small after the outage
    expect(spread(find(outage, 'Deployment/default/api'))).toEqual(['big(down) 4->0', 'small 4->8']);
    expect(diagnostics).toEqual([]);
    expect(outage.overcommitted.map((d) => [d.cluster, d.severity, d.message])).toEqual([
      ['small', 'warning', expect.stringContaining('Deployment/default/api: 8 replicas placed on small, whose free capacity holds 4: overcommitted')],
    ]);
    expect(outage.survives).toBe(true);
    expect(outage.summary).toContain('1 overcommit warning(s)');
  });
});
