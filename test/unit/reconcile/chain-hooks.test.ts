import { describe, expect, it } from 'vitest';
import { chainHooks, type FleetHooks } from '../../../src/reconcile/fleet-options.js';

describe('chainHooks', () => {
  it('calls every set that has the hook, in order, with the same arguments; a hook no set has stays absent', () => {
    const calls: string[] = [];
    const logs: FleetHooks = { onCycleStarted: (r) => calls.push(`logs ${r.join(',')}`) };
    const dashboard: FleetHooks = { onCycleStarted: (r) => calls.push(`dashboard ${r.join(',')}`), onLive: (c, k) => calls.push(`live ${c} ${k}`) };
    const hooks = chainHooks(logs, dashboard);
    hooks.onCycleStarted?.(['start', 'watch']);
    hooks.onLive?.('m1', 'v1/ConfigMap/a/b');
    expect(calls).toEqual(['logs start,watch', 'dashboard start,watch', 'live m1 v1/ConfigMap/a/b']);
    expect(hooks.onClusterDone).toBeUndefined();
  });
});
