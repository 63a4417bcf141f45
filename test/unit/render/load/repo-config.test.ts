import { describe, expect, it } from 'vitest';
import { DEFAULT_REPO_CONFIG } from '../../../../src/model/repo-config.js';
import { readRepoConfig } from '../../../../src/render/load/repo-config.js';
import { snapshotOf } from '../../../helpers/builders.js';

describe('gitfed.yaml', () => {
  it('defaults apply without the file', () => {
    expect(readRepoConfig(snapshotOf({}))).toEqual({ config: DEFAULT_REPO_CONFIG, diagnostics: [] });
  });

  it('reads the prune settings', () => {
    const { config, diagnostics } = readRepoConfig(snapshotOf({ 'gitfed.yaml': 'prune:\n  allowMassPrune: true\n  maxObjects: 10\n  maxFraction: 0.25\n' }));
    expect(diagnostics).toEqual([]);
    expect(config.prune).toEqual({ allowMassPrune: true, maxObjects: 10, maxFraction: 0.25 });
  });

  it.each([
    ['correct', 'correct'],
    ['report', 'report'],
    ['ignore', 'ignore'],
  ])('reads drift.mode %s', (mode, expected) => {
    const { config, diagnostics } = readRepoConfig(snapshotOf({ 'gitfed.yaml': `drift:\n  mode: ${mode}\n` }));
    expect(diagnostics).toEqual([]);
    expect(config.drift.mode).toBe(expected);
  });

  it('drift.mode defaults to correct', () => {
    expect(readRepoConfig(snapshotOf({ 'gitfed.yaml': 'prune:\n  maxObjects: 10\n' })).config.drift).toEqual({ mode: 'correct' });
  });

  it.each([
    ['an unknown drift mode', 'drift:\n  mode: fix\n', 2, 'drift.mode'],
    ['an unknown drift key', 'drift:\n  modes: report\n', 2, 'drift.modes'],
    ['an unknown key', 'prune:\n  allowMassPrunes: true\n', 2, 'prune.allowMassPrunes'],
    ['a fraction above 1', 'prune:\n  maxFraction: 2\n', 2, 'prune.maxFraction'],
    ['a non-boolean switch', 'prune:\n  allowMassPrune: maybe\n', 2, 'prune.allowMassPrune'],
  ])('%s is an error naming the line and field', (_what, text, line, field) => {
    const { diagnostics } = readRepoConfig(snapshotOf({ 'gitfed.yaml': text }));
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', file: 'gitfed.yaml', line, field })]);
  });
});
