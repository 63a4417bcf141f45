import { describe, expect, it } from 'vitest';
import { generateRepo } from '../../../../bench/generate-repo.js';
import { generateFleetScale } from '../../../../bench/generate-fleet-scale.js';
import { readDirectorySnapshot } from '../../../../src/git/directory-source.js';
import type { Snapshot } from '../../../../src/model/snapshot.js';
import type { PlacementTrace } from '../../../../src/model/trace.js';
import { stageSnapshot } from '../../../../src/render/index.js';
import { mulberry32 } from '../../../helpers/seeded-random.js';

// The rule: the deferred placement trace (`trace: 'placement'`, each template's trace worked out when first read)
// is the trace recorded while placing, whatever the order its templates are read in.

/** placementTrace is a render's trace before any cluster is built: placement alone, no override provenance. */
function placementTrace(snapshot: Snapshot, trace: true | 'placement'): PlacementTrace | undefined {
  return stageSnapshot(snapshot, undefined, { trace }).stream.trace?.();
}

/** shuffledRead reads every template's trace in a random order, then the whole object. */
function shuffledRead(trace: PlacementTrace | undefined, seed: number): string {
  const keys = Object.keys(trace?.templates ?? {});
  const rand = mulberry32(seed);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [keys[i], keys[j]] = [keys[j] as string, keys[i] as string];
  }
  for (const k of keys) void trace?.templates[k];
  return JSON.stringify(trace);
}

const DUPLICATED = `apiVersion: apps/v1
kind: Deployment
metadata: {name: app-00001, namespace: team-1}
spec: {replicas: 9, selector: {matchLabels: {app: x}}, template: {metadata: {labels: {app: x}}, spec: {containers: [{name: c, image: i}]}}}
`;

const repos: Record<string, () => Promise<Snapshot>> = {
  'examples/policy-repo': () => readDirectorySnapshot('examples/policy-repo'),
  'examples/kubefed-repo': () => readDirectorySnapshot('examples/kubefed-repo'),
  'generated repository (propagateDeps, Divided, spread)': async () => generateRepo({ templates: 30, clusters: 9 }),
  'fleet-scale repository': async () => generateFleetScale({ templates: 12, clusters: 6 }),
  'a duplicated template key': async () => {
    const s = generateRepo({ templates: 4, clusters: 3 });
    return { ...s, files: new Map([...s.files, ['apps/zz-duplicate.yaml', DUPLICATED]]) };
  },
};

describe('the deferred placement trace equals the one recorded while placing', () => {
  for (const [name, make] of Object.entries(repos)) {
    it(name, async () => {
      const snapshot = await make();
      const recorded = placementTrace(snapshot, true);
      expect(Object.keys(recorded?.templates ?? {}).length).toBeGreaterThan(0);
      const want = JSON.stringify(recorded);
      expect(JSON.stringify(placementTrace(snapshot, 'placement'))).toBe(want);
      expect(shuffledRead(placementTrace(snapshot, 'placement'), name.length)).toBe(want);
    });
  }
});
