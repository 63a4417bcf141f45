import { describe, expect, it } from 'vitest';
import type { ClusterChangeSet } from '../../../src/model/change-set.js';
import type { StatusReport, StatusReporter } from '../../../src/model/drift.js';
import { createStatusBoard } from '../../../src/reconcile/status-board.js';

/** reporter records each report it got; `hold` keeps its posts in flight until released. */
function reporter(wholeReports = false) {
  const reports: StatusReport[] = [];
  let release: (() => void) | undefined;
  let hold = false;
  const r: StatusReporter & { reports: StatusReport[]; hold(): void; release(): void } = {
    name: wholeReports ? 'notes' : 'forge', wholeReports, reports,
    async report(report) {
      reports.push(report);
      if (hold) await new Promise<void>((resolve) => (release = resolve));
    },
    hold: () => { hold = true; },
    release: () => { hold = false; release?.(); },
  };
  return r;
}

const ok = (cluster: string): ClusterChangeSet => ({ cluster, revision: 'a1', dryRun: false, entries: [{ key: 'v1/ConfigMap/x/c', subject: 'ConfigMap/x/c', action: 'unchanged' }] });
const drifted = (cluster: string): ClusterChangeSet => ({
  ...ok(cluster), drift: { cluster, objects: [{ key: 'k', subject: 'Deployment/x/web', type: 'modified', mode: 'report', fields: [{ path: 'spec.replicas', desired: 2, live: 5, manager: 'kubectl' }] }] },
});
const states = (r: StatusReport) => Object.fromEntries(r.statuses.map((s) => [s.context, s.state]));

describe('status board', () => {
  it('every cluster is pending until its pass; the aggregate waits for the last one', async () => {
    const forge = reporter();
    const board = createStatusBoard([forge], undefined, () => undefined);
    await board.begin('a1', ['m1', 'm2'], []);
    expect(states(forge.reports[0] as StatusReport)).toEqual({ gitfed: 'pending', 'gitfed/m1': 'pending', 'gitfed/m2': 'pending' });
    await board.record('a1', ok('m1'));
    // only what changed goes to a forge: m1's own status; the aggregate still says pending, as it did
    expect(states(forge.reports[1] as StatusReport)).toEqual({ 'gitfed/m1': 'success' });
    await board.record('a1', ok('m2'));
    expect(states(forge.reports[2] as StatusReport)).toEqual({ gitfed: 'success', 'gitfed/m2': 'success' });
  });

  it('a pass that says the same as the last one posts nothing', async () => {
    const forge = reporter();
    const board = createStatusBoard([forge], undefined, () => undefined);
    await board.begin('a1', ['m1'], []);
    expect(await board.record('a1', ok('m1'))).toBe(true);
    expect(await board.record('a1', ok('m1'))).toBe(false);
    expect(forge.reports).toHaveLength(2);
  });

  it('drift found by a later pass changes the cluster and the aggregate', async () => {
    const forge = reporter();
    const board = createStatusBoard([forge], undefined, () => undefined);
    await board.begin('a1', ['m1', 'm2'], []);
    await board.record('a1', ok('m1'));
    await board.record('a1', ok('m2'));
    await board.record('a1', drifted('m2'));
    const last = forge.reports.at(-1) as StatusReport;
    expect(states(last)).toEqual({ gitfed: 'failure', 'gitfed/m2': 'failure' });
    expect(last.statuses.find((s) => s.context === 'gitfed/m2')?.description).toContain('spec.replicas 2->5 (kubectl)');
  });

  it('a reporter that keeps the whole outcome (git notes) gets every status each time', async () => {
    const notes = reporter(true);
    const board = createStatusBoard([notes], undefined, () => undefined);
    await board.begin('a1', ['m1', 'm2'], []);
    await board.record('a1', ok('m1'));
    expect(states(notes.reports.at(-1) as StatusReport)).toEqual({ gitfed: 'pending', 'gitfed/m1': 'success', 'gitfed/m2': 'pending' });
  });

  it('posts are one at a time: what changes while one is in flight goes out together in the next', async () => {
    const forge = reporter();
    const board = createStatusBoard([forge], undefined, () => undefined);
    await board.begin('a1', ['m1', 'm2', 'm3'], []);
    forge.hold();
    const first = board.record('a1', ok('m1'));
    const second = board.record('a1', ok('m2'));
    const third = board.record('a1', ok('m3'));
    expect(forge.reports).toHaveLength(2);
    forge.release();
    await Promise.all([first, second, third]);
    expect(forge.reports).toHaveLength(3);
    expect(states(forge.reports[2] as StatusReport)).toEqual({ gitfed: 'success', 'gitfed/m2': 'success', 'gitfed/m3': 'success' });
  });

  it('a pass of an older commit is not posted over the new one', async () => {
    const forge = reporter();
    const board = createStatusBoard([forge], undefined, () => undefined);
    await board.begin('a1', ['m1'], []);
    await board.begin('b2', ['m1'], []);
    expect(await board.record('a1', ok('m1'))).toBe(false);
    expect(forge.reports.every((r) => r.sha === 'a1' ? r.statuses.every((s) => s.state === 'pending') : true)).toBe(true);
  });

  it('what a reporter could not post is handed on', async () => {
    const failing: StatusReporter = { name: 'forge', async report(_r, onFailure) { onFailure?.(new (await import('../../../src/model/errors.js')).GitfedError('ForgeFailed', 'github', 'down')); } };
    const unposted: string[] = [];
    const board = createStatusBoard([failing], undefined, (errs) => unposted.push(...errs.map((e) => e.message)));
    await board.begin('a1', ['m1'], []);
    expect(unposted).toEqual(['github: down']);
  });
});
