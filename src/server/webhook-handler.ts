import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { concernsRef, DELIVERY_ID_HEADERS, deliveryIdOf, readDelivery } from './push-event.js';
import { createReplayGuard, DEFAULT_REPLAY_OPTIONS, type ReplayGuard, type ReplayOptions } from './replay-guard.js';
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

/**
 * screenDelivery answers from the headers alone, before any byte of the body is read: webhooks off, no
 * signature (or a wrong GitLab token, which is a header), a body that is not JSON, no delivery ID where the
 * forge always sends one. Undefined: read the body.
 */
export function screenDelivery(config: WebhookConfig, forge: Forge, headers: IncomingHttpHeaders): WebhookAnswer | undefined {
  if (!config.secret) return { status: 403, message: 'webhooks are off: set GITFED_WEBHOOK_SECRET', trigger: false };
  if (!signaturePresent(forge, headers, config.secret)) return { status: 401, message: 'missing or wrong signature', trigger: false };
  // Gitea signs the JSON, not a form body that carries it: only JSON deliveries can be verified alike
  if (!/^application\/json\b/i.test(headers['content-type'] ?? '')) return { status: 415, message: 'send webhooks as application/json', trigger: false };
  if (forge !== 'gitlab' && !deliveryIdOf(forge, headers)) {
    return { status: 400, message: `missing delivery ID: ${forge} sends ${DELIVERY_ID_HEADERS[forge][0]} with every delivery`, trigger: false };
  }
  return undefined;
}

/**
 * replayAnswer ignores a delivery already received within the window: by its delivery ID and, where an HMAC binds
 * the body (GitHub, Gitea) but not the ID, by its body, so that a captured delivery sent again under a new or no ID
 * is known too. GitLab's token is the secret in clear: whoever captured a delivery can sign anything, so its body
 * is not remembered (a GitLab push may legitimately repeat an earlier one byte for byte).
 */
function replayAnswer(guard: ReplayGuard, forge: Forge, headers: IncomingHttpHeaders, body: Buffer): WebhookAnswer | undefined {
  const id = deliveryIdOf(forge, headers);
  const idKey = id ? `${forge} delivery ${id}` : undefined;
  const payloadKey = forge !== 'gitlab' ? `${forge} payload ${createHash('sha256').update(body).digest('hex')}` : undefined;
  const keys = [idKey, payloadKey].filter((k): k is string => k !== undefined);
  const hit = guard.seenBefore(keys);
  if (hit === undefined) {
    guard.remember(keys);
    return undefined;
  }
  const message = hit === idKey ? `ignored: delivery ${id} was already received` : 'ignored: this signed payload was already received under another delivery ID';
  return { status: 200, message, trigger: false };
}

/** createWebhookHandler answers deliveries: verify first, then parse, ignore other refs and replays within the window. */
export function createWebhookHandler(config: WebhookConfig, now: () => number = Date.now, replay: ReplayOptions = DEFAULT_REPLAY_OPTIONS): (forge: Forge, headers: IncomingHttpHeaders, body: Buffer) => WebhookAnswer {
  const guard = createReplayGuard(replay, now);
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
    // only verified deliveries are remembered: an unsigned sender cannot fill the memory or block a real ID
    const replayed = replayAnswer(guard, forge, headers, body);
    if (replayed) return replayed;
    return { status: 202, message: `accepted: ${delivery.push.ref} at ${delivery.push.after}`, trigger: true };
  };
}
