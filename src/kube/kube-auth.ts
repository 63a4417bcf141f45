/** How a kube client authenticates its requests: client-node's kubeconfig authentication, with its costs taken out. */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HttpMethod, RequestContext, type KubeConfig, type SecurityAuthentication } from './client-node.js';
import type { Authenticate } from './json-request.js';

/**
 * reusingConnections authenticates as the kubeconfig says, but lets every request of one client share a
 * keep-alive agent: client-node 1.4 builds a new agent, so a new TLS handshake, for each request, which was
 * most of a cycle's time. Proxy agents are left as they are.
 */
export function reusingConnections(kc: KubeConfig): SecurityAuthentication {
  let shared: HttpAgent | undefined;
  return {
    getName: () => 'kubeconfig',
    applySecurityAuthentication: async (context) => {
      await kc.applySecurityAuthentication(context);
      const fresh = context.getAgent();
      if (fresh?.constructor !== HttpsAgent && fresh?.constructor !== HttpAgent) return;
      const options = (fresh as HttpAgent & { options: object }).options;
      shared ??= fresh instanceof HttpsAgent ? new HttpsAgent({ ...options, keepAlive: true }) : new HttpAgent({ ...options, keepAlive: true });
      context.setAgent(shared);
    },
  };
}

/**
 * authenticating asks client-node's authentication for a request's headers and agent: once, when the user's
 * credentials cannot change (a client certificate, a token, a password); for every request when an exec plugin or
 * an auth provider may renew them. client-node builds a fresh agent each time it is asked, a tenth of a request's CPU.
 */
export function authenticating(auth: SecurityAuthentication, fixed: boolean): Authenticate {
  let once: ReturnType<Authenticate> | undefined;
  const ask: Authenticate = async (url, method) => {
    const ctx = new RequestContext(url, method as HttpMethod);
    await auth.applySecurityAuthentication(ctx);
    return { headers: ctx.getHeaders(), agent: ctx.getAgent() };
  };
  if (!fixed) return ask;
  return (url, method) => (once ??= ask(url, method).catch((err: unknown) => {
    once = undefined;
    throw err;
  }));
}

/** staticCredentials: the context's user has no exec plugin and no auth provider, so its credentials never change. */
export function staticCredentials(kc: KubeConfig): boolean {
  const user = kc.getCurrentUser();
  return !user?.exec && !user?.authProvider;
}
