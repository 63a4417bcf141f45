import { describe, expect, it } from 'vitest';
import { DEFAULT_REPO_CONFIG, type RepoConfig } from '../../../src/model/repo-config.js';
import { configOfText, effectiveConfig, weakenings } from '../../../src/render/index.js';

const config = (over: { prune?: Partial<RepoConfig['prune']>; drift?: Partial<RepoConfig['drift']> } = {}): RepoConfig => ({
  prune: { ...DEFAULT_REPO_CONFIG.prune, ...over.prune },
  drift: { ...DEFAULT_REPO_CONFIG.drift, ...over.drift },
  failover: { ...DEFAULT_REPO_CONFIG.failover },
});

describe('a commit cannot loosen safety settings for its own cycle', () => {
  it.each<[string, RepoConfig, RepoConfig, Partial<RepoConfig['prune']> & { mode?: string }, string[]]>([
    ['allowMassPrune switched on counts only once applied', config(), config({ prune: { allowMassPrune: true } }), { allowMassPrune: false }, ['prune.allowMassPrune']],
    ['allowMassPrune already applied holds', config({ prune: { allowMassPrune: true } }), config({ prune: { allowMassPrune: true } }), { allowMassPrune: true }, []],
    ['allowMassPrune switched off holds at once', config({ prune: { allowMassPrune: true } }), config(), { allowMassPrune: false }, []],
    ['a larger maxFraction waits', config(), config({ prune: { maxFraction: 0.9 } }), { maxFraction: 0.5 }, ['prune.maxFraction']],
    ['a smaller maxFraction holds at once', config(), config({ prune: { maxFraction: 0.1 } }), { maxFraction: 0.1 }, []],
    ['a larger maxObjects waits', config(), config({ prune: { maxObjects: 1000 } }), { maxObjects: 100 }, ['prune.maxObjects']],
    ['a smaller maxObjects holds at once', config({ prune: { maxObjects: 1000 } }), config({ prune: { maxObjects: 5 } }), { maxObjects: 5 }, []],
    ['drift ignore at fleet level waits', config(), config({ drift: { mode: 'ignore' } }), { mode: 'correct' }, ['drift.mode']],
    ['drift ignore after report waits too', config({ drift: { mode: 'report' } }), config({ drift: { mode: 'ignore' } }), { mode: 'report' }, ['drift.mode']],
    ['drift report is not a loosening', config(), config({ drift: { mode: 'report' } }), { mode: 'report' }, []],
    ['drift ignore already applied holds', config({ drift: { mode: 'ignore' } }), config({ drift: { mode: 'ignore' } }), { mode: 'ignore' }, []],
    ['leaving ignore holds at once', config({ drift: { mode: 'ignore' } }), config(), { mode: 'correct' }, []],
  ])('%s', (_rule, applied, next, expected, loosened) => {
    const effective = effectiveConfig(applied, next);
    const { mode, ...prune } = expected;
    expect(effective.prune).toMatchObject(prune);
    if (mode) expect(effective.drift.mode).toBe(mode);
    expect(weakenings(applied, next).map((w) => w.setting)).toEqual(loosened);
  });

  it('a weakening says from what to what', () => {
    expect(weakenings(config(), config({ prune: { maxObjects: 500 } }))).toEqual([{ setting: 'prune.maxObjects', from: '100', to: '500' }]);
  });

  it.each([
    ['no gitfed.yaml', undefined],
    ['a gitfed.yaml that does not parse', 'prune: [\n'],
    ['a gitfed.yaml with an invalid value', 'prune:\n  allowMassPrune: true\n  maxFraction: 7\n'],
  ])('an applied revision with %s counts as the strict defaults', (_name, text) => {
    expect(configOfText(text)).toEqual(DEFAULT_REPO_CONFIG);
  });

  it('an applied revision with a valid gitfed.yaml is read', () => {
    expect(configOfText('prune:\n  allowMassPrune: true\n').prune.allowMassPrune).toBe(true);
  });
});
