import { describe, expect, it } from 'vitest';
import { ClusterFaults, RequestCounters, type FaultedRequest, type FaultSettings, type HealthFault } from '../../../src/sim/server/faults.js';
import { healthAnswer } from '../../../src/sim/server/health.js';

const listener = { close: async () => {}, open: async () => {} };

describe('the error rate can be narrowed to some verbs and resources', () => {
  const createSecret: FaultedRequest = { verb: 'patch', resource: 'secrets', write: true };
  it.each<[string, Partial<FaultSettings>, FaultedRequest, boolean]>([
    ['no scope: every request', {}, { verb: 'get', resource: 'configmaps', write: false }, true],
    ['no scope: discovery too', {}, { write: false }, true],
    ['a verb and a resource: that write fails', { errorVerbs: ['patch'], errorResources: ['secrets'] }, createSecret, true],
    ['a verb and a resource: a read of it works', { errorVerbs: ['patch'], errorResources: ['secrets'] }, { verb: 'get', resource: 'secrets', write: false }, false],
    ['a verb and a resource: the same verb on another resource works', { errorVerbs: ['patch'], errorResources: ['secrets'] }, { verb: 'patch', resource: 'configmaps', write: true }, false],
    ['a scope never fails discovery', { errorVerbs: ['get'] }, { write: false }, false],
    ['a resource alone: every verb on it', { errorResources: ['secrets'] }, { verb: 'delete', resource: 'secrets', write: true }, true],
  ])('%s', async (_name, scope, req, fails) => {
    const faults = new ClusterFaults(listener, () => 0);
    await faults.set({ errorRate: 1, errorCodes: [500], ...scope });
    expect(faults.decide(req)).toEqual(fails ? { code: 500 } : undefined);
  });

  it('refuses an unknown verb and reset clears the scope', async () => {
    const faults = new ClusterFaults(listener, () => 0);
    await expect(faults.set({ errorVerbs: ['apply' as never] })).rejects.toThrow(/errorVerbs accepts get, list/);
    await faults.set({ errorRate: 1, errorVerbs: ['patch'], errorResources: ['secrets'] });
    await faults.reset();
    expect(faults.settings).toMatchObject({ errorRate: 0, errorVerbs: [], errorResources: [] });
  });
});

describe('the health fault sets what the health endpoints answer', () => {
  it.each<[string, HealthFault, string, number, RegExp]>([
    ['ok: /readyz answers ok', 'ok', 'readyz', 200, /^ok$/],
    ['failing: /readyz lists the failed etcd check', 'failing', 'readyz', 500, /\[-\]etcd failed: reason withheld\n[\s\S]*readyz check failed/],
    ['failing: /healthz fails too', 'failing', 'healthz', 500, /healthz check failed/],
    ['failing: /livez stays ok (the process is alive)', 'failing', 'livez', 200, /^ok$/],
    ['no-readyz: /readyz is not served', 'no-readyz', 'readyz', 404, /404 page not found/],
    ['no-readyz: /healthz answers ok', 'no-readyz', 'healthz', 200, /^ok$/],
  ])('%s', (_name, fault, endpoint, code, body) => {
    const answer = healthAnswer(endpoint, fault);
    expect(answer.code).toBe(code);
    expect(answer.body).toMatch(body);
  });

  it('refuses an unknown health value; reset makes it ok', async () => {
    const faults = new ClusterFaults(listener, () => 0);
    await expect(faults.set({ health: 'sick' as never })).rejects.toThrow(/health accepts ok, failing, no-readyz/);
    await faults.set({ health: 'failing' });
    await faults.reset();
    expect(faults.settings.health).toBe('ok');
  });
});

describe('the request counters tell writers apart by User-Agent', () => {
  it('counts writes per User-Agent, and neither reads nor dry runs', () => {
    const c = new RequestCounters();
    c.count('patch', false, 'gitfed/a');
    c.count('delete', false, 'gitfed/a');
    c.count('patch', false, 'gitfed/b');
    c.count('patch', true, 'gitfed/c');
    c.count('get', false, 'gitfed/d');
    c.count('create');
    expect(c.writersByAgent()).toEqual({ 'gitfed/a': 2, 'gitfed/b': 1, '': 1 });
    c.reset();
    expect(c.writersByAgent()).toEqual({});
  });
});
