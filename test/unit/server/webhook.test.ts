import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { concernsRef, readDelivery, type PushEvent } from '../../../src/server/push-event.js';
import { createWebhookHandler } from '../../../src/server/webhook-handler.js';
import { hexSignatureMatches, tokenMatches, verifyDelivery, type Forge } from '../../../src/server/webhook-signature.js';

const SECRET = 'webhook-secret';
const body = Buffer.from('{"ref":"refs/heads/main","after":"' + 'a'.repeat(40) + '","repository":{"default_branch":"main"}}');
const sig = (secret = SECRET, b: Buffer = body) => createHmac('sha256', secret).update(b).digest('hex');

describe('webhook signatures (forge-apis.md §4.3)', () => {
  it('GitHub reference vector: "Hello, World!" signed with "It\'s a Secret to Everybody"', () => {
    const signature = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(hexSignatureMatches(signature, "It's a Secret to Everybody", Buffer.from('Hello, World!'))).toBe(true);
  });

  const cases: [string, Forge, IncomingHttpHeaders, boolean][] = [
    ['github: sha256= HMAC of the raw body passes', 'github', { 'x-hub-signature-256': `sha256=${sig()}` }, true],
    ['github: uppercase hex passes', 'github', { 'x-hub-signature-256': `sha256=${sig().toUpperCase()}` }, true],
    ['github: a missing signature fails', 'github', {}, false],
    ['github: the wrong secret fails', 'github', { 'x-hub-signature-256': `sha256=${sig('other')}` }, false],
    ['github: the legacy sha1 header alone fails', 'github', { 'x-hub-signature': 'sha1=0123' }, false],
    ['github: odd-length hex fails', 'github', { 'x-hub-signature-256': `sha256=${sig().slice(1)}` }, false],
    ['github: non-hex characters fail (Buffer.from would drop them)', 'github', { 'x-hub-signature-256': `sha256=${sig().slice(0, 62)}zz` }, false],
    ['github: a signature of another body fails', 'github', { 'x-hub-signature-256': `sha256=${sig(SECRET, Buffer.from('{}'))}` }, false],
    ['gitlab: the plain token passes', 'gitlab', { 'x-gitlab-token': SECRET }, true],
    ['gitlab: another token fails', 'gitlab', { 'x-gitlab-token': 'webhook-secreT' }, false],
    ['gitlab: a token of another length fails', 'gitlab', { 'x-gitlab-token': SECRET + 'x' }, false],
    ['gitlab: an HMAC instead of the token fails', 'gitlab', { 'x-hub-signature-256': `sha256=${sig()}` }, false],
    ['gitea: X-Gitea-Signature is bare hex and passes', 'gitea', { 'x-gitea-signature': sig() }, true],
    ['gitea: X-Forgejo-Signature passes', 'gitea', { 'x-forgejo-signature': sig() }, true],
    ['gitea: X-Hub-Signature-256 alone passes', 'gitea', { 'x-hub-signature-256': `sha256=${sig()}` }, true],
    ['gitea: the empty headers of a hook without a secret fail', 'gitea', { 'x-gitea-signature': '', 'x-hub-signature-256': 'sha256=' }, false],
    ['gitea: a wrong X-Gitea-Signature fails', 'gitea', { 'x-gitea-signature': sig('other') }, false],
  ];
  it.each(cases)('%s', (_, forge, headers, ok) => {
    expect(verifyDelivery(forge, headers, body, SECRET)).toBe(ok);
  });

  it('tokenMatches refuses an empty token', () => {
    expect(tokenMatches('', '')).toBe(false);
  });
});

describe('push events (forge-apis.md §4.2)', () => {
  const json = (o: unknown) => Buffer.from(JSON.stringify(o));
  it('a GitHub push names its ref, commit and default branch', () => {
    expect(readDelivery('github', { 'x-github-event': 'push' }, body)).toEqual({ kind: 'push', push: { ref: 'refs/heads/main', after: 'a'.repeat(40), defaultBranch: 'main' } });
  });
  it('a GitLab push takes its default branch from project', () => {
    const d = readDelivery('gitlab', { 'x-gitlab-event': 'Push Hook' }, json({ ref: 'refs/heads/dev', after: 'b'.repeat(40), project: { default_branch: 'trunk' } }));
    expect(d).toEqual({ kind: 'push', push: { ref: 'refs/heads/dev', after: 'b'.repeat(40), defaultBranch: 'trunk' } });
  });
  it('a GitHub ping is ignored', () => {
    expect(readDelivery('github', { 'x-github-event': 'ping' }, json({ zen: 'x' })).kind).toBe('ignored');
  });
  it('Gitea is told by its own event header, not the X-GitHub-Event it also sends', () => {
    expect(readDelivery('gitea', { 'x-gitea-event': 'create', 'x-github-event': 'push' }, body).kind).toBe('ignored');
  });
  it('a deleted branch (after all zeros, 40 or 64) is ignored', () => {
    for (const zeros of ['0'.repeat(40), '0'.repeat(64)]) {
      expect(readDelivery('github', { 'x-github-event': 'push' }, json({ ref: 'refs/heads/main', after: zeros }))).toEqual({ kind: 'ignored', reason: 'refs/heads/main was deleted' });
    }
  });
  it('a body that is not JSON throws', () => {
    expect(() => readDelivery('github', { 'x-github-event': 'push' }, Buffer.from('payload=%7B%7D'))).toThrow(SyntaxError);
  });

  const push = (ref: string, defaultBranch?: string): PushEvent => ({ ref, after: 'a'.repeat(40), ...(defaultBranch ? { defaultBranch } : {}) });
  const refs: [string, PushEvent, string | undefined, boolean][] = [
    ['the configured branch by short name', push('refs/heads/prod'), 'prod', true],
    ['the configured branch by full name', push('refs/heads/prod'), 'refs/heads/prod', true],
    ['another branch than the configured one', push('refs/heads/main'), 'prod', false],
    ['the configured tag', push('refs/tags/v1'), 'v1', true],
    ['no --ref: the default branch the payload names', push('refs/heads/trunk', 'trunk'), undefined, true],
    ['no --ref: another branch than the default', push('refs/heads/feature', 'trunk'), undefined, false],
    ['no --ref and no default branch in the payload: any branch', push('refs/heads/feature'), undefined, true],
    ['no --ref: a tag is not the default branch', push('refs/tags/v1'), undefined, false],
  ];
  it.each(refs)('concernsRef: %s', (_, p, configured, want) => {
    expect(concernsRef(p, configured)).toBe(want);
  });
});

describe('webhook handler answers', () => {
  const handle = createWebhookHandler({ secret: SECRET, ref: undefined });
  // GitHub sends a delivery ID with every delivery; one without is refused before its body is read
  const signed = (extra: IncomingHttpHeaders = {}): IncomingHttpHeaders => ({ 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'd-0', 'x-hub-signature-256': `sha256=${sig()}`, ...extra });

  it('without GITFED_WEBHOOK_SECRET every delivery is refused with 403', () => {
    expect(createWebhookHandler({ secret: undefined, ref: undefined })('github', signed(), body)).toMatchObject({ status: 403, trigger: false });
  });
  it('a bad signature gets 401 and triggers nothing, before the body is even read', () => {
    expect(handle('github', signed({ 'x-hub-signature-256': 'sha256=00' }), Buffer.from('not json'))).toMatchObject({ status: 401, trigger: false });
  });
  it('a signed push to the reconciled branch gets 202 and triggers', () => {
    expect(handle('github', signed({ 'x-github-delivery': 'd-1' }), body)).toMatchObject({ status: 202, trigger: true });
  });
  it('a redelivery of the same delivery ID is ignored', () => {
    expect(handle('github', signed({ 'x-github-delivery': 'd-1' }), body)).toMatchObject({ status: 200, trigger: false });
  });
  it('a form-encoded delivery gets 415', () => {
    expect(handle('github', signed({ 'content-type': 'application/x-www-form-urlencoded' }), body)).toMatchObject({ status: 415, trigger: false });
  });
  it('a signed body that is not JSON gets 400', () => {
    const junk = Buffer.from('{');
    expect(handle('github', signed({ 'x-hub-signature-256': `sha256=${sig(SECRET, junk)}` }), junk)).toMatchObject({ status: 400, trigger: false });
  });
  it('a push to another branch is acknowledged and ignored', () => {
    const other = Buffer.from(body.toString().replace('refs/heads/main', 'refs/heads/feature'));
    const answer = handle('github', signed({ 'x-hub-signature-256': `sha256=${sig(SECRET, other)}` }), other);
    expect(answer).toMatchObject({ status: 200, trigger: false });
    expect(answer.message).toContain('refs/heads/feature is not the reconciled ref');
  });
});
