import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('gitfed explain (the built CLI)', () => {
  it('explains a template of the example repository: exit 0', () => {
    const r = runCli(['explain', 'Deployment/shop/web', 'examples/policy-repo', '--cluster', 'edge-gpu']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\n  edge-gpu: rejected by taint dedicated=gpu:NoSchedule (not tolerated by PropagationPolicy/shop/web)\n');
  });

  it('an object the repository does not hold is exit 2 with a clear error', () => {
    const r = runCli(['explain', 'Deployment/shop/nope', 'examples/policy-repo']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Deployment/shop/nope: no such resource template in the repository');
  });

  it('under a simulated outage the failed cluster is rejected by its health taint', () => {
    const r = runCli(['explain', 'Deployment/shop/web', 'examples/policy-repo', '--simulate-outage', 'aws-us-east', '--cluster', 'aws-us-east', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { traces: { clusters: { step: string; taint?: string }[] }[] };
    expect(json.traces[0]?.clusters).toEqual([expect.objectContaining({ step: 'TaintToleration', taint: 'cluster.karmada.io/unreachable:NoExecute' })]);
  });
});
