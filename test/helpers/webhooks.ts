import { createHmac, randomUUID } from 'node:crypto';

/** PushDelivery describes one push webhook as a forge would send it. */
export interface PushDelivery {
  forge: 'github' | 'gitlab' | 'gitea';
  /** the receiver's base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  secret?: string;
  ref: string;
  after: string;
  before?: string;
  defaultBranch?: string;
  /** break the delivery the way an attacker or a misconfiguration would */
  tamper?: 'drop-signature' | 'wrong-secret' | 'body';
  /** reuse a delivery ID, as a manual redelivery does */
  deliveryId?: string;
}

const ZERO = '0'.repeat(40);

function hmac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** payloadOf builds the push payload fields a receiver reads (forge-apis.md §4.2); Gitea pretty-prints its JSON. */
function payloadOf(d: PushDelivery): string {
  const repo = { full_name: 'acme/fleet', default_branch: d.defaultBranch ?? 'main' };
  const common = { ref: d.ref, before: d.before ?? ZERO, after: d.after, commits: [] };
  if (d.forge === 'gitlab') return JSON.stringify({ object_kind: 'push', ...common, checkout_sha: d.after, project: { path_with_namespace: 'acme/fleet', default_branch: repo.default_branch } });
  return d.forge === 'gitea' ? JSON.stringify({ ...common, repository: repo }, null, 2) : JSON.stringify({ ...common, repository: repo });
}

/** headersOf signs as each forge does (forge-apis.md §4.1): Gitea sends every header family, GitLab a plain token. */
function headersOf(d: PushDelivery, body: string): Record<string, string> {
  const id = d.deliveryId ?? randomUUID();
  const secret = d.tamper === 'wrong-secret' ? 'not-the-secret' : d.secret;
  const signed = secret !== undefined && d.tamper !== 'drop-signature';
  const sig = signed ? hmac(secret, body) : '';
  if (d.forge === 'gitlab') return { 'x-gitlab-event': d.ref.startsWith('refs/tags/') ? 'Tag Push Hook' : 'Push Hook', 'idempotency-key': id, 'x-gitlab-webhook-uuid': randomUUID(), ...(signed ? { 'x-gitlab-token': secret } : {}) };
  if (d.forge === 'github') return { 'x-github-event': 'push', 'x-github-delivery': id, ...(signed ? { 'x-hub-signature-256': `sha256=${sig}` } : {}) };
  // Gitea sends its signature headers even without a secret, empty
  return { 'x-gitea-event': 'push', 'x-gitea-delivery': id, 'x-github-event': 'push', 'x-github-delivery': id, 'x-gitea-signature': sig, 'x-hub-signature-256': `sha256=${sig}` };
}

/** sendPush posts a push webhook to `<url>/hooks/<forge>` and returns the HTTP status and text. */
export async function sendPush(d: PushDelivery): Promise<{ status: number; text: string }> {
  const body = payloadOf(d);
  const headers = headersOf(d, body);
  const sent = d.tamper === 'body' ? body.replace(d.after, 'f'.repeat(40)) : body;
  const res = await fetch(`${d.url}/hooks/${d.forge}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: sent });
  return { status: res.status, text: await res.text() };
}
