import type { IncomingHttpHeaders } from 'node:http';
import { concernsRef, deliveryIdOf, readDelivery } from './push-event.js';
import { verifyDelivery, type Forge } from './webhook-signature.js';

/** WebhookAnswer is the HTTP answer to a delivery and whether it asks for a cycle. */
export interface WebhookAnswer {
  status: 202 | 200 | 400 | 401 | 403 | 415;
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

/** SEEN_LIMIT bounds the memory of delivery IDs; a redelivery comes within days, not thousands of pushes. */
const SEEN_LIMIT = 1000;

/** createWebhookHandler answers deliveries: verify first, then parse, ignore other refs and redeliveries. */
export function createWebhookHandler(config: WebhookConfig): (forge: Forge, headers: IncomingHttpHeaders, body: Buffer) => WebhookAnswer {
  const seen = new Set<string>();
  const remember = (id: string): boolean => {
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string);
    return true;
  };
  return (forge, headers, body) => {
    if (!config.secret) return { status: 403, message: 'webhooks are off: set GITFED_WEBHOOK_SECRET', trigger: false };
    if (!verifyDelivery(forge, headers, body, config.secret)) return { status: 401, message: 'missing or wrong signature', trigger: false };
    // Gitea signs the JSON, not a form body that carries it: only JSON deliveries can be verified alike
    if (!/^application\/json\b/i.test(headers['content-type'] ?? '')) return { status: 415, message: 'send webhooks as application/json', trigger: false };
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
