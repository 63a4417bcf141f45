import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { memberProbe } from '../../src/kube/health-probe.js';
import type { ProbeResult } from '../../src/model/cluster-health.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import type { FaultSettings } from '../../src/sim/server/faults.js';
import { createTlsMaterial } from '../../src/sim/server/tls.js';

// The probe against a simulated API server: every answer the health endpoints can give, and no answer at all.

let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet([{ name: 'member1' }]);
});

afterAll(async () => {
  await fleet?.stop();
});

afterEach(async () => {
  await fleet.cluster('member1').faults.reset();
});

const probe = (kubeconfig = fleet.kubeconfig(), context = 'member1') => memberProbe({ kubeconfig, context });

describe('the health probe reads /readyz (else /healthz) and tells an answer from none', () => {
  it.each<[string, Partial<FaultSettings>, ProbeResult | RegExp]>([
    ['a healthy server: /readyz 200', {}, { kind: 'healthy', path: '/readyz' }],
    ['a server without /readyz: /healthz 200', { health: 'no-readyz' }, { kind: 'healthy', path: '/healthz' }],
    ['a server whose storage is gone: 500 with the failed check', { health: 'failing' }, /^unhealthy \/readyz 500 \[\+\]ping ok[\s\S]*\[-\]etcd failed/],
    ['a server that is down: connection refused', { down: true }, /^unreachable .*ECONNREFUSED/],
  ])('%s', async (_name, faults, expected) => {
    await fleet.cluster('member1').faults.set(faults);
    const result = await probe().health();
    if (!(expected instanceof RegExp)) return expect(result).toEqual(expected);
    const text = result.kind === 'unhealthy' ? `unhealthy ${result.path} ${result.code} ${result.body}` : result.kind === 'unreachable' ? `unreachable ${result.cause}` : result.kind;
    expect(text).toMatch(expected);
  });

  it('reads the version from /version', async () => {
    expect(await probe().version()).toBe('v1.33.1');
  });

  it('a server whose certificate the context does not trust gives no answer, and its version is unknown', async () => {
    const other = await createTlsMaterial();
    const config = parse(fleet.kubeconfig()) as { clusters: { cluster: Record<string, string> }[] };
    for (const c of config.clusters) c.cluster['certificate-authority-data'] = Buffer.from(other.caPem).toString('base64');
    const p = probe(stringify(config));
    expect(await p.health()).toMatchObject({ kind: 'unreachable' });
    expect(await p.version()).toBeUndefined();
  });

  it('a kubeconfig without the context: unconfigured', async () => {
    const p = probe(fleet.kubeconfig(), 'elsewhere');
    expect(await p.health()).toEqual({ kind: 'unconfigured', cause: 'kubeconfig has no context "elsewhere"' });
    expect(await p.version()).toBeUndefined();
  });

  it('a probe cancelled by its caller says so', async () => {
    const stop = new AbortController();
    stop.abort();
    expect(await probe().health(stop.signal)).toEqual({ kind: 'unreachable', cause: 'probe cancelled' });
  });

  it('with a wrong token the health endpoints still answer (they are public), /version does not', async () => {
    const p = probe(fleet.kubeconfig({ tokens: { member1: 'wrong' } }));
    expect(await p.health()).toEqual({ kind: 'healthy', path: '/readyz' });
    expect(await p.version()).toBeUndefined();
  });
});
