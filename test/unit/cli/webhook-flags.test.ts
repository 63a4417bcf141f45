import { describe, expect, it } from 'vitest';
import { webhookBodyCaps } from '../../../src/cli/webhook-flags.js';
import { GitfedError } from '../../../src/model/errors.js';

const MiB = 1024 * 1024;

describe('--webhook-max-body', () => {
  const cases: [string, string | undefined, Record<string, number>][] = [
    ['absent: 2 MiB for every forge', undefined, { github: 2 * MiB, gitlab: 2 * MiB, gitea: 2 * MiB }],
    ['one size for every forge', '4MiB', { github: 4 * MiB, gitlab: 4 * MiB, gitea: 4 * MiB }],
    ['one forge: the others keep the default', 'gitea=512KiB', { github: 2 * MiB, gitlab: 2 * MiB, gitea: 512 * 1024 }],
    ['a forge\'s own size wins over the size for all, in any order', 'github=8MiB, 1MiB', { github: 8 * MiB, gitlab: MiB, gitea: MiB }],
    ['a byte count', 'gitlab=65536', { github: 2 * MiB, gitlab: 65536, gitea: 2 * MiB }],
  ];
  it.each(cases)('%s', (_, flag, caps) => {
    expect(webhookBodyCaps(flag)).toEqual(caps);
  });

  const bad: [string, string, string][] = [
    ['an unknown forge', 'bitbucket=1MiB', 'unknown forge "bitbucket"'],
    ['a size that is not one', 'github=lots', 'invalid size "lots"'],
    ['zero', '0', 'at least 1 byte'],
  ];
  it.each(bad)('%s is a usage error naming the flag', (_, flag, message) => {
    const err = (() => { try { webhookBodyCaps(flag); } catch (e) { return e; } })() as GitfedError;
    expect(err).toBeInstanceOf(GitfedError);
    expect(err.code).toBe('UsageError');
    expect(err.message).toContain('--webhook-max-body');
    expect(err.message).toContain(message);
  });
});
