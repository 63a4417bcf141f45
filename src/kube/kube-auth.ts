/** How a kube client authenticates its requests: client-node's kubeconfig authentication, with its costs taken out. */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions } from 'node:https';
import { createSecureContext } from 'node:tls';
import { HttpMethod, RequestContext, type KubeConfig, type SecurityAuthentication } from './client-node.js';
import type { Authenticate } from './json-request.js';

/**
 * reusingConnections authenticates as the kubeconfig says, but lets every request of one client share a
 * keep-alive agent: client-node 1.4 builds a new agent, so a new TLS handshake, for each request, which was
 * most of a cycle's time. Proxy agents are left as they are.
 */
export function reusingConnections(kc: KubeConfig): SecurityAuthentication {
  const share = oneAgent();
  return {
    getName: () => 'kubeconfig',
    applySecurityAuthentication: async (context) => {
      await kc.applySecurityAuthentication(context);
      const fresh = context.getAgent();
      const agent = share(fresh);
      if (agent !== fresh) context.setAgent(agent as HttpAgent);
    },
  };
}

/** oneAgent answers every plain HTTP(S) agent client-node hands out with the first one made keep-alive; a proxy's agent stays. */
function oneAgent(): (fresh: unknown) => unknown {
  let shared: HttpAgent | undefined;
  return (fresh) => (fresh?.constructor === HttpsAgent || fresh?.constructor === HttpAgent ? (shared ??= keepAliveLike(fresh as HttpAgent)) : fresh);
}

/**
 * keepAliveLike is a keep-alive agent with the options of client-node's `fresh` one, and its TLS context made once:
 * otherwise each new connection parses the CA, certificate and key again, which a cluster that refuses connections
 * makes happen on every retry.
 */
function keepAliveLike(fresh: HttpAgent): HttpAgent {
  const options = (fresh as HttpAgent & { options: HttpsAgentOptions }).options;
  if (!(fresh instanceof HttpsAgent)) return new HttpAgent({ ...options, keepAlive: true });
  return new HttpsAgent({ ...options, keepAlive: true, secureContext: options.secureContext ?? createSecureContext(options) });
}

/**
 * watchingThrough is the kubeconfig as client-node's Watch reads it, its connections made by one agent: Watch asks
 * for a new agent, so a new TLS context, for every watch it opens, and a watch reopens whenever its stream ends.
 * Credentials an exec plugin or an auth provider may renew (a client certificate among them) keep a fresh agent.
 */
export function watchingThrough(kc: KubeConfig): KubeConfig {
  if (!staticCredentials(kc)) return kc;
  const share = oneAgent();
  const view = Object.create(kc) as KubeConfig;
  view.applyToFetchOptions = async (opts) => {
    const init = await kc.applyToFetchOptions(opts);
    init.agent = share(init.agent) as typeof init.agent;
    return init;
  };
  return view;
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
