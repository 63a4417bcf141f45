import type { IncomingHttpHeaders } from 'node:http';
import { concernsRef, deliveryIdOf, readDelivery } from './push-event.js';
import { signaturePresent, verifyDelivery, type Forge } from './webhook-signature.js';

/** WebhookAnswer is the HTTP answer to a delivery and whether it asks for a cycle. */
export interface WebhookAnswer {
  status: 202 | 200 | 400 | 401 | 403 | 408 | 413 | 415 | 503;
  message: string;
  trigger: boolean;
}

/** WebhookConfig is what deliveries are checked against. */
export interface WebhookConfig {
  /** GITFED_WEBHOOK_SECRET; without it every delivery is refused */
  secret: string | undefined;
  /** the branch or tag reconciled (`--ref`), absent for the default branch */
  ref: string | undefined;
}

/** SEEN_LIMIT bounds the memory of delivery IDs; within the window a replay is refused. */
const SEEN_LIMIT = 10_000;
/** REPLAY_WINDOW_MS is how long a delivery ID is remembered: a captured delivery replayed within it does nothing. */
export const REPLAY_WINDOW_MS = 60 * 60 * 1000;

/**
 * screenDelivery answers from the headers alone, before any byte of the body is read: webhooks off, no
 * signature (or a wrong GitLab token, which is a header), a body that is not JSON. Undefined: read the body.
 */
export function screenDelivery(config: WebhookConfig, forge: Forge, headers: IncomingHttpHeaders): WebhookAnswer | undefined {
  if (!config.secret) return { status: 403, message: 'webhooks are off: set GITFED_WEBHOOK_SECRET', trigger: false };
  if (!signaturePresent(forge, headers, config.secret)) return { status: 401, message: 'missing or wrong signature', trigger: false };
  // Gitea signs the JSON, not a form body that carries it: only JSON deliveries can be verified alike
  if (!/^application\/json\b/i.test(headers['content-type'] ?? '')) return { status: 415, message: 'send webhooks as application/json', trigger: false };
  return undefined;
}

/** createWebhookHandler answers deliveries: verify first, then parse, ignore other refs and replays within the window. */
export function createWebhookHandler(config: WebhookConfig, now: () => number = Date.now): (forge: Forge, headers: IncomingHttpHeaders, body: Buffer) => WebhookAnswer {
  // insertion order is arrival order: the oldest entries are at the front
  const seen = new Map<string, number>();
  const remember = (id: string): boolean => {
    const t = now();
    for (const [old, at] of seen) {
      if (at > t - REPLAY_WINDOW_MS && seen.size <= SEEN_LIMIT) break;
      seen.delete(old);
    }
    if (seen.has(id)) return false;
    seen.set(id, t);
    return true;
  };
  return (forge, headers, body) => {
    const screened = screenDelivery(config, forge, headers);
    if (screened) return screened;
    if (!verifyDelivery(forge, headers, body, config.secret as string)) return { status: 401, message: 'missing or wrong signature', trigger: false };
    let delivery;
    try {
      delivery = readDelivery(forge, headers, body);
    } catch (err) {
      return { status: 400, message: `unreadable payload: ${(err as Error).message}`, trigger: false };
    }
    if (delivery.kind === 'ignored') return { status: 200, message: `ignored: ${delivery.reason}`, trigger: false };
    if (!concernsRef(delivery.push, config.ref)) return { status: 200, message: `ignored: ${delivery.push.ref} is not the reconciled ref`, trigger: false };
    const id = deliveryIdOf(headers);
    if (id && !remember(id)) return { status: 200, message: `ignored: delivery ${id} was already received`, trigger: false };
    return { status: 202, message: `accepted: ${delivery.push.ref} at ${delivery.push.after}`, trigger: true };
  };
}
