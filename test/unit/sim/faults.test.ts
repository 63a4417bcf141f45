import { describe, expect, it } from 'vitest';
import { ClusterFaults, type FaultedRequest, type FaultSettings } from '../../../src/sim/server/faults.js';

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
