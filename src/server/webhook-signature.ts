import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Forge is a Git forge whose push webhooks gitfed understands. */
export type Forge = 'github' | 'gitlab' | 'gitea';

/** header reads a request header's first value (Node joins most repeated headers, but not all). */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** hexSignatureMatches compares `sha256=<hex>` or bare hex against HMAC-SHA256(secret, body), in constant time. */
export function hexSignatureMatches(received: string | undefined, secret: string, body: Buffer): boolean {
  const hex = (received ?? '').replace(/^sha256=/, '');
  // Buffer.from(hex) silently drops what is not hex, so check the text before trusting the bytes
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

/** tokenMatches compares a plain shared token in constant time; hashing first hides the lengths. */
export function tokenMatches(received: string | undefined, secret: string): boolean {
  if (!received) return false;
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(received), digest(secret));
}

/**
 * signaturePresent is the part of verifyDelivery that needs no body: the forge's signature header is there (and
 * for GitLab, whose token is a header, right), so that an unsigned request is refused before its body is read.
 */
export function signaturePresent(forge: Forge, headers: IncomingHttpHeaders, secret: string): boolean {
  if (forge === 'gitlab') return tokenMatches(header(headers, 'x-gitlab-token'), secret);
  const signature = forge === 'github' ? header(headers, 'x-hub-signature-256')
    : header(headers, 'x-forgejo-signature') || header(headers, 'x-gitea-signature') || header(headers, 'x-hub-signature-256');
  return /^(sha256=)?[0-9a-fA-F]{64}$/.test(signature ?? '');
}

/**
 * verifyDelivery checks a delivery's authenticity as its forge signs it: GitHub `X-Hub-Signature-256`,
 * GitLab the plain `X-Gitlab-Token`, Gitea/Forgejo `X-Gitea-Signature` / `X-Forgejo-Signature` (bare hex) or
 * `X-Hub-Signature-256`. A missing or empty header fails: Gitea sends empty ones when it has no secret.
 */
export function verifyDelivery(forge: Forge, headers: IncomingHttpHeaders, body: Buffer, secret: string): boolean {
  if (forge === 'gitlab') return tokenMatches(header(headers, 'x-gitlab-token'), secret);
  if (forge === 'github') return hexSignatureMatches(header(headers, 'x-hub-signature-256'), secret, body);
  const signature = header(headers, 'x-forgejo-signature') || header(headers, 'x-gitea-signature') || header(headers, 'x-hub-signature-256');
  return hexSignatureMatches(signature, secret, body);
}
