import { describe, expect, it } from 'vitest';
import { mergedNoteText, noteText } from '../../../src/drift/reporters/git-notes.js';
import type { StatusReport } from '../../../src/model/drift.js';

const sha = 'a'.repeat(40);
const reconcile: StatusReport = { sha, statuses: [
  { context: 'gitfed', state: 'success', description: '1/1 clusters in sync' },
  { context: 'gitfed/m1', state: 'success', description: 'applied: 1 created, 0 configured, 0 unchanged' },
] };
const plan = (description: string): StatusReport => ({ sha, statuses: [{ context: 'gitfed/plan', state: 'success', description, targetUrl: 'https://ci/1' }] });

describe('git notes: the plan status and the reconcile outcome share one note per commit', () => {
  it('a plan on a commit without a note records only the plan, not a cluster named plan', () => {
    expect(JSON.parse(mergedNoteText(undefined, plan('no changes')))).toEqual({
      schema: 'gitfed.io/status-note/v1', revision: sha, plan: { state: 'success', description: 'no changes', targetUrl: 'https://ci/1' }, clusters: [],
    });
  });

  it('a reconcile keeps the plan, and a later plan keeps the reconcile outcome', () => {
    const afterReconcile = JSON.parse(mergedNoteText(mergedNoteText(undefined, plan('no changes')), reconcile)) as Record<string, unknown>;
    expect(afterReconcile).toMatchObject({ state: 'success', plan: { description: 'no changes' }, clusters: [{ name: 'm1' }] });
    const again = JSON.parse(mergedNoteText(noteText(reconcile), plan('1 cluster(s) change'))) as Record<string, unknown>;
    expect(again).toMatchObject({ state: 'success', description: '1/1 clusters in sync', plan: { description: '1 cluster(s) change' }, clusters: [{ name: 'm1' }] });
  });

  it('without a plan, a merge gives the same bytes as the report alone; an unreadable note is replaced', () => {
    expect(mergedNoteText(noteText(reconcile), reconcile)).toBe(noteText(reconcile));
    expect(mergedNoteText('not json', reconcile)).toBe(noteText(reconcile));
  });
});
