import type { IncomingHttpHeaders } from 'node:http';
import { header, type Forge } from './webhook-signature.js';

/** PushEvent is what a push webhook says, used only as a hint to re-read the ref from Git. */
export interface PushEvent {
  /** full ref, `refs/heads/main` */
  ref: string;
  after: string;
  /** the repository's default branch, when the payload names it */
  defaultBranch?: string;
}

/** Delivery is a parsed webhook: a push to act on, or why it is ignored. */
export type Delivery = { kind: 'push'; push: PushEvent } | { kind: 'ignored'; reason: string };

/** eventOf names the event; Gitea also sends X-GitHub-Event, so its own headers are read first. */
function eventOf(forge: Forge, headers: IncomingHttpHeaders): string | undefined {
  if (forge === 'gitlab') return header(headers, 'x-gitlab-event');
  if (forge === 'gitea') return header(headers, 'x-forgejo-event') ?? header(headers, 'x-gitea-event') ?? header(headers, 'x-gogs-event');
  return header(headers, 'x-github-event');
}

/** DELIVERY_ID_HEADERS are where each forge puts the ID it keeps on redelivery (forge-apis.md §4.1), most specific first. */
export const DELIVERY_ID_HEADERS: Record<Forge, readonly string[]> = {
  github: ['x-github-delivery'],
  // older GitLab releases send neither, so there the ID is optional
  gitlab: ['idempotency-key', 'x-gitlab-webhook-uuid'],
  gitea: ['x-forgejo-delivery', 'x-gitea-delivery', 'x-gogs-delivery', 'x-github-delivery'],
};

/** deliveryIdOf is the ID a forge keeps on redelivery, for de-duplication; an empty header counts as none. */
export function deliveryIdOf(forge: Forge, headers: IncomingHttpHeaders): string | undefined {
  for (const name of DELIVERY_ID_HEADERS[forge]) {
    const id = header(headers, name);
    if (id) return id;
  }
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** readDelivery parses a verified delivery; throws SyntaxError when the body is not a JSON object. */
export function readDelivery(forge: Forge, headers: IncomingHttpHeaders, body: Buffer): Delivery {
  const event = eventOf(forge, headers);
  const isPush = event === 'push' || event === 'Push Hook' || event === 'Tag Push Hook';
  if (!isPush) return { kind: 'ignored', reason: `event ${event ?? '(none)'} is not a push` };
  const payload: unknown = JSON.parse(body.toString('utf8'));
  if (typeof payload !== 'object' || payload === null) throw new SyntaxError('the payload is not a JSON object');
  const p = payload as { ref?: unknown; after?: unknown; repository?: { default_branch?: unknown }; project?: { default_branch?: unknown } };
  const ref = str(p.ref);
  const after = str(p.after);
  if (!ref || !after) return { kind: 'ignored', reason: 'the push names no ref or commit' };
  // a deleted branch or tag has nothing to reconcile; SHA-256 repositories have 64 zeros
  if (/^0+$/.test(after)) return { kind: 'ignored', reason: `${ref} was deleted` };
  const defaultBranch = str(p.repository?.default_branch) ?? str(p.project?.default_branch);
  return { kind: 'push', push: { ref, after, ...(defaultBranch ? { defaultBranch } : {}) } };
}

/**
 * concernsRef says whether a push touches the ref gitfed reconciles: the configured branch or tag, or
 * without one the repository's default branch (any branch when the payload does not name it: a cycle
 * re-reads the configured ref anyway, so a spare cycle is the worst case).
 */
export function concernsRef(push: PushEvent, configured: string | undefined): boolean {
  if (configured) return [configured, `refs/heads/${configured}`, `refs/tags/${configured}`].includes(push.ref);
  if (push.defaultBranch) return push.ref === `refs/heads/${push.defaultBranch}`;
  return push.ref.startsWith('refs/heads/');
}
