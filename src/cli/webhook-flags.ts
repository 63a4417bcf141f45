import { GitfedError } from '../model/errors.js';
import { DEFAULT_MAX_BODY_BYTES } from '../server/webhook-intake.js';
import type { Forge } from '../server/webhook-signature.js';
import { parseSize } from './limit-flags.js';

const FLAG = '--webhook-max-body';
const FORGES: readonly Forge[] = ['github', 'gitlab', 'gitea'];

/**
 * webhookBodyCaps reads `--webhook-max-body`: a size for every forge (`4MiB`), sizes per forge
 * (`github=4MiB,gitea=512KiB`) or both (`1MiB,github=4MiB`); forges not named keep the 2 MiB default.
 */
export function webhookBodyCaps(text: string | undefined): Record<Forge, number> {
  const caps: Record<Forge, number> = { github: DEFAULT_MAX_BODY_BYTES, gitlab: DEFAULT_MAX_BODY_BYTES, gitea: DEFAULT_MAX_BODY_BYTES };
  if (text === undefined) return caps;
  const entries = text.split(',').map((e) => e.trim());
  // a bare size first, so that a forge's own size wins whatever the order on the command line
  for (const entry of [...entries.filter((e) => !e.includes('=')), ...entries.filter((e) => e.includes('='))]) {
    const [name, size] = entry.includes('=') ? entry.split('=', 2) as [string, string] : [undefined, entry];
    if (name !== undefined && !FORGES.includes(name.trim() as Forge)) {
      throw new GitfedError('UsageError', FLAG, `unknown forge "${name.trim()}" in "${text}": use github, gitlab or gitea`);
    }
    const bytes = parseSize(size, FLAG);
    if (bytes < 1) throw new GitfedError('UsageError', FLAG, `a body cap must be at least 1 byte, got "${size}"`);
    for (const forge of name === undefined ? FORGES : [name.trim() as Forge]) caps[forge] = bytes;
  }
  return caps;
}
