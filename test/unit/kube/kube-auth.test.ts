import { describe, expect, it } from 'vitest';
import { Agent as HttpsAgent } from 'node:https';
import { KubeConfig, RequestContext, HttpMethod, type SecurityAuthentication } from '../../../src/kube/client-node.js';
import { authenticating, reusingConnections, staticCredentials, watchingThrough } from '../../../src/kube/kube-auth.js';

function kubeconfigWith(user: Record<string, unknown>): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:6443', skipTLSVerify: true }],
    users: [{ name: 'u', ...user }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

/** counting is an authentication that says how often it was asked, with a header that changes each time. */
function counting(): SecurityAuthentication & { asked: number } {
  const auth = {
    asked: 0,
    getName: () => 'counting',
    applySecurityAuthentication: async (ctx: { setHeaderParam(k: string, v: string): void }) => {
      auth.asked++;
      ctx.setHeaderParam('Authorization', `Bearer t${auth.asked}`);
    },
  };
  return auth as unknown as SecurityAuthentication & { asked: number };
}

describe('request authentication', () => {
  it.each([
    ['a token', { token: 'abc' }, true],
    ['a client certificate', { certData: 'Y2VydA==', keyData: 'a2V5' }, true],
    ['an exec plugin (credentials renew)', { exec: { command: 'get-token', apiVersion: 'client.authentication.k8s.io/v1' } }, false],
    ['an auth provider (a token file re-read)', { authProvider: { name: 'tokenFile', config: { tokenFile: '/t' } } }, false],
  ])('credentials of %s are fixed: %s', (_what, user, fixed) => {
    expect(staticCredentials(kubeconfigWith(user))).toBe(fixed);
  });

  it('fixed credentials are asked once for every request', async () => {
    const auth = counting();
    const authenticate = authenticating(auth, true);
    const answers = await Promise.all([authenticate('https://h/a', 'GET'), authenticate('https://h/b', 'PATCH')]);
    await authenticate('https://h/c', 'GET');
    expect(auth.asked).toBe(1);
    expect(answers.map((a) => a.headers.Authorization)).toEqual(['Bearer t1', 'Bearer t1']);
  });

  it('credentials that can renew are asked for each request', async () => {
    const auth = counting();
    const authenticate = authenticating(auth, false);
    await authenticate('https://h/a', 'GET');
    const second = await authenticate('https://h/b', 'GET');
    expect(auth.asked).toBe(2);
    expect(second.headers.Authorization).toBe('Bearer t2');
  });

  it('a failed first ask is asked again, not remembered', async () => {
    let fail = true;
    const auth = { getName: () => 'flaky', applySecurityAuthentication: async () => { if (fail) throw new Error('not yet'); } } as unknown as SecurityAuthentication;
    const authenticate = authenticating(auth, true);
    await expect(authenticate('https://h/a', 'GET')).rejects.toThrow('not yet');
    fail = false;
    await expect(authenticate('https://h/a', 'GET')).resolves.toBeDefined();
  });
});

describe('connections: one keep-alive agent and one TLS context per cluster', () => {
  const contextOf = (agent: unknown) => (agent as HttpsAgent & { options: { secureContext?: unknown } }).options.secureContext;

  it('requests share one agent, whose TLS context is made once', async () => {
    const auth = reusingConnections(kubeconfigWith({ token: 'abc' }));
    const agents = [];
    for (const path of ['/a', '/b']) {
      const ctx = new RequestContext(`https://127.0.0.1:6443${path}`, HttpMethod.GET);
      await auth.applySecurityAuthentication(ctx);
      agents.push(ctx.getAgent());
    }
    expect(agents[0]).toBeInstanceOf(HttpsAgent);
    expect(agents[1]).toBe(agents[0]);
    expect(contextOf(agents[0])).toBeDefined();
  });

  it("watches get one agent with one TLS context, where client-node's Watch asks for a new one each time", async () => {
    const kc = kubeconfigWith({ token: 'abc' });
    const plain = await kc.applyToFetchOptions({});
    expect((await kc.applyToFetchOptions({})).agent).not.toBe(plain.agent);
    const view = watchingThrough(kc);
    const [a, b] = [await view.applyToFetchOptions({}), await view.applyToFetchOptions({})];
    expect(b.agent).toBe(a.agent);
    expect(contextOf(a.agent)).toBeDefined();
    expect(view.getCurrentCluster()?.server).toBe('https://127.0.0.1:6443');
    expect((a.headers as Record<string, string> | undefined)?.Authorization ?? (a.headers as Headers | undefined)?.get?.('Authorization')).toBe('Bearer abc');
  });

  it('credentials that can renew keep a fresh agent per watch', () => {
    const kc = kubeconfigWith({ exec: { command: 'get-token', apiVersion: 'client.authentication.k8s.io/v1' } });
    expect(watchingThrough(kc)).toBe(kc);
  });
});
