import * as fs from 'node:fs';
import { git } from './iso-git.js';
import { GitfedError } from '../model/errors.js';

const FULL_SHA = /^[0-9a-f]{40}$/i;
const SHORT_SHA = /^[0-9a-f]{4,39}$/i;

/** resolveName finds the commit a branch, tag, full or abbreviated SHA, or HEAD names. */
async function resolveName(gitdir: string, name: string): Promise<string> {
  // object names are lower-case hex in the store; git accepts them in either case
  if (FULL_SHA.test(name)) return (await git.readCommit({ fs, gitdir, oid: name.toLowerCase() })).oid;
  const ref = await git.resolveRef({ fs, gitdir, ref: name }).catch(() => undefined);
  if (ref) return (await git.readCommit({ fs, gitdir, oid: ref })).oid;
  if (SHORT_SHA.test(name)) return (await git.readCommit({ fs, gitdir, oid: await git.expandOid({ fs, gitdir, oid: name.toLowerCase() }) })).oid;
  throw new GitfedError('InvalidInput', '', `unknown revision ${name}`);
}

async function parent(gitdir: string, oid: string, index: number, rev: string): Promise<string> {
  const found = (await git.readCommit({ fs, gitdir, oid })).commit.parent[index];
  if (!found) throw new GitfedError('InvalidInput', '', `${rev}: commit ${oid.slice(0, 12)} has no parent ${index + 1}`);
  return found;
}

/**
 * revParse resolves a revision as `git rev-parse` does for the forms a pull-request job writes: a ref
 * or SHA (abbreviated too) followed by `~N` (N first parents back) and `^N` (the Nth parent), e.g.
 * `HEAD~1`, `origin/main^`, `a1b2c3d~2`. Ref names cannot contain `~` or `^`, so the split is safe.
 */
export async function revParse(gitdir: string, rev: string): Promise<string> {
  const [, name = '', suffix = ''] = /^(.*?)((?:[~^]\d*)*)$/.exec(rev) ?? [];
  let oid = await resolveName(gitdir, name || 'HEAD');
  for (const [, op, digits] of suffix.matchAll(/([~^])(\d*)/g)) {
    const n = digits === '' ? 1 : Number(digits);
    if (op === '~') for (let i = 0; i < n; i++) oid = await parent(gitdir, oid, 0, rev);
    else if (n > 0) oid = await parent(gitdir, oid, n - 1, rev);
  }
  return oid;
}
