import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { kubectl } from '../helpers/kubectl.js';
import { whenOutput } from '../helpers/output.js';

const run = promisify(execFile);

describe('gitfed demo (npm start)', () => {
  it('runs every step and exits 0 within a minute', async () => {
    // the minute is the demo's promise and this timeout's bound: a run past it is killed and fails the test
    const { stdout } = await run(process.execPath, [CLI, 'demo'], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    // the first reconcile's per-cluster table
    expect(stdout).toMatch(/^CLUSTER\s+CREATED\s+CONFIGURED\s+UNCHANGED\s+PRUNED\s+FAILED\s+STATUS$/m);
    expect(stdout).toMatch(/^aws-us-east\s+8\s+0\s+0\s+0\s+0\s+ok$/m);
    // the hand edit reported with path, desired -> live and manager, then corrected
    expect(stdout).toContain('aws-us-east: Deployment/shop/web: spec.replicas 4 → 7 (kubectl-edit) [correct]');
    expect(stdout).toContain('live spec.replicas on aws-us-east after the cycle: 4 (corrected)');
    // the note read back from refs/notes/gitfed
    expect(stdout).toMatch(/gitfed\/aws-us-east\s+failure\s+1 drifted: Deployment\/shop\/web spec\.replicas 4->7 \(kubectl-edit\)/);
    // the plan's replica move and the reconcile that follows
    expect(stdout).toContain('`Deployment/shop/web`: aws-us-east 4->6, azure-asia 2->1, gcp-europe 2->1');
    expect(stdout).toMatch(/^azure-asia\s+0\s+1\s+6\s+0\s+0\s+ok$/m);
    expect(stdout).toMatch(/gitfed\s+success\s+4\/4 clusters in sync/);
    // the outage: gcp-europe stops, its replicas run elsewhere while its own copies stay untouched, then web returns
    const outage = stdout.slice(stdout.indexOf('== Step 7/8'), stdout.indexOf('== Step 8/8'));
    expect(outage).toContain('gcp-europe stops answering');
    // web moves; cache's 24 replicas do not fit on the members left (their pods hold the capacity), so nothing of it
    // moves or is removed, as plan --simulate-outage predicts
    expect(outage).toMatch(/web\s+aws-us-east 7, gcp-europe \(down\) 1, azure-asia 1\n\s+cache\s+aws-us-east 15, gcp-europe \(down\) 9/);
    expect(outage).toMatch(/web is back on gcp-europe[^\n]*\n\s+web\s+aws-us-east 6, gcp-europe 1, azure-asia 1\n\s+cache\s+aws-us-east 15, gcp-europe 9\n/);
    // the pull member: the push side skips it and sends it nothing; its agent applies and reports through Git
    const pull = stdout.slice(stdout.indexOf('== Step 8/8'));
    expect(pull).toContain('store-nat: pull mode, reported by its agent: no report yet');
    expect(pull).toContain('requests the push reconciler sent to store-nat: 0');
    expect(pull).toMatch(/store-nat: success at [0-9a-f]{7}: applied: 4 created, 0 configured, 0 unchanged; Ready True/);
    expect(pull).toContain('objects on store-nat, applied by its agent: ClusterRole/shop-reader, ConfigMap/gitfed-system/gitfed-inventory, DaemonSet/monitoring/node-exporter');
    expect(pull).toMatch(/its report in refs\/gitfed\/clusters\/store-nat \(status\.json\): revision [0-9a-f]{12}, state success, Ready True/);
    expect(pull).toMatch(/^\s+store-nat\s+True\s/m);
    expect(stdout).toMatch(/demo finished in [\d.]+ s/);
  }, 70_000);

  it('--keep leaves the clusters for kubectl until SIGTERM, then cleans up and exits 0', async () => {
    const child = spawn(process.execPath, [CLI, 'demo', '--keep'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.resume();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await whenOutput(child.stdout, () => out, (o) => o.includes('Press Ctrl-C'), 'the --keep instructions');
      const kubeconfig = /kubectl --kubeconfig (\S+) --context aws-us-east get deploy -A/.exec(out)?.[1];
      expect(kubeconfig).toBeDefined();
      const r = await kubectl(['--context', 'aws-us-east', 'get', 'deploy', '-n', 'shop', 'web', '-o', 'jsonpath={.spec.replicas}'], { kubeconfig: kubeconfig as string });
      expect(r.stdout).toBe('6');
      // the reconciler keeps running: a new commit is applied without any command
      const repo = /Commit to (\S+) and the reconciler/.exec(out)?.[1] as string;
      const file = join(repo, 'apps/web/propagation.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('weight: 6', 'weight: 2'));
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'back to weight 2'], { cwd: repo });
      const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
      // the reconciler's own line for the cycle of the new commit says it is applied
      await whenOutput(child.stdout, () => out, (o) => o.includes(`reconciler: cycle finished ${sha.slice(0, 12)}`), 'the cycle of the new commit');
      const replicas = await kubectl(['--context', 'aws-us-east', 'get', 'deploy', '-n', 'shop', 'web', '-o', 'jsonpath={.spec.replicas}'], { kubeconfig: kubeconfig as string });
      expect(replicas.stdout).toBe('4');
      expect(out).toContain('reconciler: cycle started (watch)');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(dirname(kubeconfig as string))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});
