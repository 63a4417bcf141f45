import { describe, expect, it } from 'vitest';
import { appManifest, generateRepo } from '../../../bench/generate-repo.js';
import { generateFleetScale } from '../../../bench/generate-fleet-scale.js';
import { renderBoth } from '../../../src/cli/commands/plan-renders.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { diffPlans, type PlanDiff } from '../../../src/reconcile/plan-diff.js';
import { planMarkdown } from '../../../src/reconcile/plan-markdown.js';
import { createRenderCache, effectiveConfig, hasErrors, renderSnapshot, weakenings, type RenderedSnapshot } from '../../../src/render/index.js';
import { intBelow, mulberry32, pickFrom, type SeededRandom } from '../../helpers/seeded-random.js';
import { parsePiece, pieces, removeOneDocument, shiftLines, writePiece, type Doc } from '../../helpers/repo-edits.js';

// The rule: `gitfed plan` building only the templates whose inputs differ (renderBoth) shows exactly what rendering
// both revisions in full shows, JSON and Markdown, whatever one-file commit the head is.

const TRACED = { trace: 'placement' } as const;

/** EXTRA adds what couples or breaks templates: overrides failing on some clusters, annotations, a rename. */
const EXTRA = `apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: staging-breaks, namespace: team-1}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]
  overrideRules:
    - targetCluster: {labelSelector: {matchLabels: {env: staging}}}
      overriders:
        plaintext: [{path: /spec/notThere/x, operator: replace, value: 1}]
---
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: tags, namespace: team-2}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]
  overrideRules:
    - targetCluster: {labelSelector: {matchLabels: {env: prod}}}
      overriders:
        imageOverrider: [{component: Tag, operator: replace, value: "2.0"}]
        plaintext: [{path: /spec/replicas, operator: replace, value: 2}]
---
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: prod-breaks, namespace: team-3}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]
  overrideRules:
    - targetCluster: {labelSelector: {matchLabels: {env: prod}}}
      overriders:
        plaintext: [{path: /spec/absent, operator: remove}]
---
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: one-bad-image, namespace: team-4}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]
  overrideRules:
    - targetCluster: {clusterNames: [member-0001, member-0003]}
      overriders:
        imageOverrider: [{component: Repository, operator: replace, value: UPPER}, {component: Tag, operator: replace, value: "3.0"}]
---
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: adopt-per-env, namespace: team-5}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]
  overrideRules:
    - targetCluster: {labelSelector: {matchLabels: {env: staging}}}
      overriders:
        annotationsOverrider: [{operator: add, value: {gitfed.io/adopt: prune}}]
    - targetCluster: {labelSelector: {matchLabels: {env: prod}}}
      overriders:
        annotationsOverrider: [{operator: add, value: {gitfed.io/adopt: "true"}}]
`;

/** EDITS are the overrider blocks a commit may add to an override policy. */
const EDITS: Doc[] = [
  { labelsOverrider: [{ operator: 'add', value: { edited: 'yes' } }] },
  { annotationsOverrider: [{ operator: 'add', value: { 'gitfed.io/adopt': 'true' } }] },
  { plaintext: [{ path: '/spec/missing', operator: 'remove' }] },
  { plaintext: [{ path: '/metadata/name', operator: 'replace', value: 'renamed' }] },
  { imageOverrider: [{ component: 'Tag', operator: 'replace', value: 'NOT A TAG' }, { component: 'Registry', operator: 'replace', value: 'UPPER' }] },
  { plaintext: [{ path: '/spec/replicas', operator: 'replace', value: 7 }] },
];

/** editOne rewrites one document of one file the commit picks among those `which` accepts. */
function editOne(rand: SeededRandom, files: Map<string, string>, which: (doc: Doc) => boolean, edit: (doc: Doc) => void): void {
  const candidates: [string, number][] = [];
  for (const [path, text] of files) {
    pieces(text).forEach((piece, i) => {
      const doc = parsePiece(piece);
      if (doc && which(doc)) candidates.push([path, i]);
    });
  }
  if (candidates.length === 0) return;
  const [path, i] = pickFrom(rand, candidates);
  const list = pieces(files.get(path) ?? '');
  const piece = list[i] ?? '';
  const doc = parsePiece(piece) as Doc;
  edit(doc);
  list[i] = writePiece(piece, doc);
  files.set(path, list.join(''));
}

const kindIs = (re: RegExp) => (doc: Doc) => re.test(String(doc.kind));

type Commit = (rand: SeededRandom, files: Map<string, string>) => void;

/** COMMITS each change one file, as a pull request that touches one thing does. */
const COMMITS: Record<string, Commit> = {
  'a template edit (image tag)': (rand, files) => editOne(rand, files, kindIs(/^Deployment$/), (d) => { d.spec.template.spec.containers[0].image += '-bumped'; }),
  'a template edit (replicas)': (rand, files) => editOne(rand, files, kindIs(/^Deployment$/), (d) => { d.spec.replicas = intBelow(rand, 9); }),
  'a template takes the adopt annotation': (rand, files) => editOne(rand, files, kindIs(/^(Deployment|ConfigMap)$/), (d) => { d.metadata.annotations = { 'gitfed.io/adopt': 'true' }; }),
  "a dependency's change (ConfigMap data)": (rand, files) => editOne(rand, files, kindIs(/^ConfigMap$/), (d) => { d.data = { ...d.data, EDITED: `v${intBelow(rand, 99)}` }; }),
  'a propagation policy edit': (rand, files) => editOne(rand, files, kindIs(/PropagationPolicy$/), (d) => {
    if (rand() < 0.5) delete d.spec.placement.clusterAffinity;
    else d.spec.placement.replicaScheduling = pickFrom(rand, [{ replicaSchedulingType: 'Duplicated' }, { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' }]);
  }),
  'an override policy edit': (rand, files) => editOne(rand, files, kindIs(/OverridePolicy$/), (d) => {
    const rules = d.spec.overrideRules as Doc[];
    if (rand() < 0.3 && rules.length > 0) rules.pop();
    else rules.push({ ...(rand() < 0.5 ? { targetCluster: { labelSelector: { matchLabels: { env: pickFrom(rand, ['prod', 'staging']) } } } } : {}), overriders: pickFrom(rand, EDITS) });
  }),
  'an override value edit (one cluster)': (rand, files) => editOne(rand, files, kindIs(/OverridePolicy$/), (d) => {
    const rule = pickFrom(rand, d.spec.overrideRules as Doc[]);
    rule.overriders = { ...rule.overriders, labelsOverrider: [{ operator: 'add', value: { tweaked: `t${intBelow(rand, 9)}` } }] };
  }),
  'a cluster edit (env label, region)': (rand, files) => editOne(rand, files, kindIs(/^Cluster$/), (d) => {
    d.metadata.labels = { ...d.metadata.labels, env: d.metadata.labels?.env === 'prod' ? 'staging' : 'prod' };
    if (rand() < 0.5) d.spec = { ...d.spec, region: pickFrom(rand, ['us-east-1', 'europe-west1', 'nowhere']) };
  }),
  'remove one document': removeOneDocument,
  'shift the lines of a file': shiftLines,
  'add a file': (rand, files) => { files.set(`apps/added-${intBelow(rand, 3)}.yaml`, appManifest(900 + intBelow(rand, 5))); },
};

/** diffOf is what runRefs compares once both sides are rendered. */
function diffOf(base: RenderedSnapshot, head: RenderedSnapshot, unbuilt?: ReadonlyMap<string, number>): PlanDiff {
  const { prune } = effectiveConfig(base.config, head.config);
  const guard = { allowMassPrune: prune.allowMassPrune, guard: { maxShare: prune.maxFraction, maxCount: prune.maxObjects } };
  return diffPlans(hasErrors(base.plan) ? undefined : base.plan, head.plan, guard, weakenings(base.config, head.config), unbuilt);
}

/** full renders both revisions in full and without a cache (nothing reused); the text is the JSON and the Markdown. */
function full(base: Snapshot, head: Snapshot): string {
  const h = renderSnapshot(head, undefined, undefined, undefined, TRACED);
  if (hasErrors(h.plan)) return JSON.stringify(h.plan.diagnostics);
  const diff = diffOf(renderSnapshot(base, undefined, undefined, undefined, TRACED), h);
  return `${JSON.stringify(diff, null, 2)}\n${planMarkdown(diff)}`;
}

async function fast(base: Snapshot, head: Snapshot): Promise<{ text: string; unbuilt: number }> {
  const r = await renderBoth(head, async () => base, createRenderCache(), TRACED);
  if (!r.base) return { text: JSON.stringify(r.head.plan.diagnostics), unbuilt: 0 };
  const diff = diffOf(r.base, r.head, r.baseUnbuilt);
  return { text: `${JSON.stringify(diff, null, 2)}\n${planMarkdown(diff)}`, unbuilt: [...(r.baseUnbuilt ?? new Map<string, number>()).values()].reduce((a, b) => a + b, 0) };
}

const withExtra = (s: Snapshot): Snapshot => ({ ...s, files: new Map([...s.files, ['policies/extra.yaml', EXTRA]]) });

const repos: Record<string, () => Snapshot> = {
  'generated repository, mixed placement (propagateDeps, Divided)': () => withExtra(generateRepo({ templates: 20, clusters: 8 })),
  'fleet-scale repository (per-cluster overrides)': () => withExtra(generateFleetScale({ templates: 12, clusters: 6 })),
};

describe('plan with unchanged templates left unbuilt equals plan with both revisions rendered in full', () => {
  const starts = Object.entries(repos).map(([name, make]) => [name, make()] as const);
  for (const [what, commit] of Object.entries(COMMITS)) {
    it(`${what}: the same plan, in each repository, for random instances`, async () => {
      const rand = mulberry32(what.length * 104_729);
      let skipped = 0;
      for (const [, start] of starts) {
        for (let n = 0; n < 4; n++) {
          const files = new Map(start.files);
          commit(rand, files);
          const [base, head] = [{ revision: 'base', files: start.files }, { revision: 'head', files }];
          const got = await fast(base, head);
          expect(got.text).toBe(full(base, head));
          skipped += got.unbuilt;
        }
      }
      // the shortcut was taken, not only the full path
      expect(skipped).toBeGreaterThan(0);
    });
  }

  it('a one-line change builds only the changed template: every other object is counted, not built', async () => {
    const base = withExtra(generateFleetScale({ templates: 12, clusters: 6 }));
    const files = new Map(base.files);
    files.set('apps/chunk-0.yaml', (files.get('apps/chunk-0.yaml') ?? '').replace(/image: (\S+)/, 'image: $1-bumped'));
    const head = { revision: 'head', files };
    const got = await fast({ ...base, revision: 'base' }, head);
    expect(got.text).toBe(full({ ...base, revision: 'base' }, head));
    // 34 templates (12 Deployments, 12 ConfigMaps, 10 Namespaces) on 6 clusters, one Deployment changed. Not
    // objects: team-1's two Deployments (apps 1, 11) on the 2 staging clusters, team-3's (app 3) on the 4 prod ones,
    // team-4's (app 4) on 2; built on both sides, as its annotation differs by cluster: team-5's ConfigMap on all 6
    expect(got.unbuilt).toBe(34 * 6 - 6 - 2 * 2 - 4 - 2 - 6);
    expect(got.text).toContain('is not rendered for cluster member-0005');
  });
});
