import { beforeAll, describe, expect, it } from 'vitest';
import { appManifest, generateRepo } from '../../../bench/generate-repo.js';
import { readdirSync, readFileSync } from 'node:fs';
import { readDirectorySnapshot } from '../../../src/git/directory-source.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { createRenderCache, renderSnapshot, type RenderCache, type RenderedSnapshot } from '../../../src/render/index.js';
import { buildManifest } from '../../../src/render/manifest.js';
import { intBelow, mulberry32, pickFrom, type SeededRandom } from '../../helpers/seeded-random.js';
import { parsePiece, pieces, removeOneDocument, shiftLines, writePiece, type Doc } from '../../helpers/repo-edits.js';

// The rule: a render with a cache kept across commits equals a fresh render of the same commit, in every field
// (objects, binding order, diagnostics with their lines, the catalog), whatever the commits change.

/** editPiece parses one piece, lets edit change the value, and writes it back (keeping the `---` line). */
function editPiece(piece: string, edit: (doc: Doc) => boolean): string | undefined {
  const doc = parsePiece(piece);
  return doc && edit(doc) ? writePiece(piece, doc) : undefined;
}

const REGIONS = ['us-east-1', 'europe-west1', 'southeastasia', 'europe-central', 'nowhere'];

/** editOf changes one document by its kind, as a commit would: replicas, labels, placement, override rules, cluster fields. */
function editOf(rand: SeededRandom): (doc: Doc) => boolean {
  const n = intBelow(rand, 1000);
  return (doc) => {
    const spec = doc.spec as Doc | undefined;
    if (doc.kind === 'Cluster' && doc.metadata) {
      if (rand() < 0.5) doc.metadata.labels = { ...doc.metadata.labels, env: pickFrom(rand, ['prod', 'staging']) };
      else doc.spec = { ...spec, region: pickFrom(rand, REGIONS) };
      return true;
    }
    if (/PropagationPolicy$/.test(String(doc.kind)) && spec?.placement) {
      if (rand() < 0.5) delete spec.placement.clusterAffinity;
      else spec.placement.replicaScheduling = pickFrom(rand, [{ replicaSchedulingType: 'Duplicated' }, { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' }]);
      return true;
    }
    if (/OverridePolicy$/.test(String(doc.kind)) && Array.isArray(spec?.overrideRules)) {
      if (rand() < 0.4 && spec.overrideRules.length > 0) spec.overrideRules.pop();
      else spec.overrideRules.push({ ...(rand() < 0.5 ? { targetCluster: { fieldSelector: { matchExpressions: [{ key: 'region', operator: 'In', values: [pickFrom(rand, REGIONS)] }] } } } : {}), overriders: { labelsOverrider: [{ operator: 'add', value: { edited: `v${n}` } }] } });
      return true;
    }
    if (typeof spec?.replicas === 'number' && rand() < 0.6) {
      spec.replicas = intBelow(rand, 12);
      return true;
    }
    if (!doc.metadata || typeof doc.metadata !== 'object') return false;
    doc.metadata.labels = { ...doc.metadata.labels, [`edited-${n % 3}`]: `v${n}` };
    return true;
  };
}

type Commit = (rand: SeededRandom, files: Map<string, string>) => void;

/** COMMITS are the changes a commit makes to one file: they keep every other document's text. */
const COMMITS: Record<string, Commit> = {
  'edit one document': (rand, files) => {
    const path = pickFrom(rand, [...files.keys()]);
    const list = pieces(files.get(path) ?? '');
    const i = intBelow(rand, list.length);
    const edited = editPiece(list[i] ?? '', editOf(rand));
    if (edited !== undefined) files.set(path, [...list.slice(0, i), edited, ...list.slice(i + 1)].join(''));
  },
  'remove one document': removeOneDocument,
  'shift the lines of a file': shiftLines,
  'copy a document to another file (declared twice)': (rand, files) => {
    const from = pieces(files.get(pickFrom(rand, [...files.keys()])) ?? '');
    const to = pickFrom(rand, [...files.keys()]);
    files.set(to, `${files.get(to) ?? ''}\n---\n${pickFrom(rand, from).replace(/^---[ \t]*\n/, '')}`);
  },
  'break the YAML of one document': (rand, files) => {
    const path = pickFrom(rand, [...files.keys()]);
    const list = pieces(files.get(path) ?? '');
    list.splice(intBelow(rand, list.length), 0, '---\nkind: [unclosed\nmetadata: {name: x}\n');
    files.set(path, list.join(''));
  },
  'a duplicated key in one document': (rand, files) => {
    const path = pickFrom(rand, [...files.keys()]);
    files.set(path, `${files.get(path) ?? ''}\n---\napiVersion: v1\nkind: ConfigMap\nkind: ConfigMap\nmetadata: {name: dup}\n`);
  },
  'a YAML directive': (rand, files) => {
    const path = pickFrom(rand, [...files.keys()]);
    const text = files.get(path) ?? '';
    files.set(path, `%YAML 1.2\n${text.startsWith('---') ? '' : '---\n'}${text}`);
  },
  'CRLF line ends': (rand, files) => {
    const path = pickFrom(rand, [...files.keys()]);
    files.set(path, (files.get(path) ?? '').replace(/\r?\n/g, '\r\n'));
  },
  'add a file': (rand, files) => {
    files.set(`apps/added-${intBelow(rand, 5)}.yaml`, appManifest(900 + intBelow(rand, 5)));
  },
};

/** deepFreeze freezes what a cached render handed out, so that any later write to it throws. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

function freezeCache(cache: RenderCache): void {
  for (const chunk of cache.parse.chunks.values()) for (const doc of chunk.docs) deepFreeze(doc.object);
}

function expectSame(cached: RenderedSnapshot, fresh: RenderedSnapshot): void {
  expect(cached.plan).toStrictEqual(fresh.plan);
  expect(cached.catalog).toStrictEqual(fresh.catalog);
  expect(cached.config).toStrictEqual(fresh.config);
}

/** manifestFiles keeps the files a render loads, so that commits change documents that matter. */
function manifestFiles(s: Snapshot): Map<string, string> {
  return new Map([...s.files].filter(([p]) => /\.(ya?ml|json)$/.test(p) && p !== 'gitfed.yaml'));
}

/** upstreamSamples is every Karmada sample of the conformance fixtures on three member clusters, one file each: they reuse names, so this repository is mostly diagnostics (declared twice, unplaced), which must match too. */
function upstreamSamples(): Snapshot {
  const dir = 'test/conformance/fixtures/karmada';
  const files = new Map(readdirSync(dir).map((f) => [`samples/${f}`, readFileSync(`${dir}/${f}`, 'utf8')]));
  const member = (name: string, region: string) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${name}, labels: {location: ${region}}}\nspec: {region: ${region}, provider: aws}\n` +
    'status: {resourceSummary: {allocatable: {cpu: "16", memory: 64Gi, pods: "110"}}}\n';
  files.set('clusters.yaml', [member('member1', 'eu-west'), member('member2', 'us-east'), member('member3', 'eu-west')].join('---\n'));
  return { revision: null, files };
}

const repos: Record<string, () => Promise<Snapshot>> = {
  'Karmada upstream samples': async () => upstreamSamples(),
  'bench repository, mixed placement': async () => generateRepo({ templates: 24, clusters: 12 }),
  'bench repository, duplicated placement': async () => generateRepo({ templates: 12, clusters: 16, placement: 'duplicated' }),
  'examples/policy-repo': () => readDirectorySnapshot('examples/policy-repo'),
  'examples/kubefed-repo': () => readDirectorySnapshot('examples/kubefed-repo'),
};

describe('a render with a cache kept across commits equals a fresh render', () => {
  const bases = new Map<string, Snapshot>();
  beforeAll(async () => {
    for (const [name, load] of Object.entries(repos)) bases.set(name, await load());
  });

  for (const name of Object.keys(repos)) {
    for (const seed of [1, 2, 3]) {
      it(`${name}, random commits (seed ${seed})`, () => {
        const rand = mulberry32(seed * 7919);
        const base = bases.get(name) as Snapshot;
        const cache = createRenderCache();
        let files = manifestFiles(base);
        const applied: string[] = [];
        for (let step = 0; step < 14; step++) {
          const snapshot: Snapshot = { ...base, files };
          const cached = renderSnapshot(snapshot, undefined, cache);
          expectSame(cached, renderSnapshot(snapshot));
          // anything the cache keeps or handed out is read-only from now on: a write would throw in a later render
          freezeCache(cache);
          deepFreeze(cached.plan);
          files = new Map(files);
          const [what, commit] = pickFrom(rand, Object.entries(COMMITS));
          commit(rand, files);
          applied.push(what);
        }
        expect(applied.length).toBe(14);
      });
    }
  }

  it('a commit that changes one template of a 100-document file parses that document alone and renders the same', () => {
    const base = generateRepo({ templates: 50, clusters: 4, placement: 'duplicated' });
    const cache = createRenderCache();
    renderSnapshot(base, undefined, cache);
    const before = new Set(cache.parse.chunks.values());
    const files = new Map(base.files);
    files.set('apps/chunk-0.yaml', (files.get('apps/chunk-0.yaml') ?? '').replace(appManifest(7), appManifest(7, 42)));
    const next: Snapshot = { ...base, files };
    const cached = renderSnapshot(next, undefined, cache);
    expectSame(cached, renderSnapshot(next));
    const parsedAgain = [...cache.parse.chunks.values()].filter((c) => !before.has(c));
    // appManifest(7) is a Deployment and its ConfigMap, two pieces: only the Deployment's text changed
    expect(parsedAgain.length).toBe(1);
    expect(cached.plan.clusters['member-0000']?.find((o) => o.metadata.name === 'app-00007')?.spec).toMatchObject({ replicas: 42 });
  });
});

describe('a render with a cache rebuilds only the manifests whose inputs changed', () => {
  const base = generateRepo({ templates: 20, clusters: 6, placement: 'duplicated' });
  const edited = (files: ReadonlyMap<string, string>) => new Map(files).set('apps/chunk-0.yaml', (files.get('apps/chunk-0.yaml') ?? '').replace(appManifest(3), appManifest(3, 9)));
  const objects = (r: RenderedSnapshot) => Object.values(r.plan.clusters).flat();

  it('an unchanged template hands out the same object again; the changed one is built anew', () => {
    const cache = createRenderCache();
    const first = renderSnapshot(base, undefined, cache);
    const next: Snapshot = { ...base, files: edited(base.files) };
    const second = renderSnapshot(next, undefined, cache);
    expectSame(second, renderSnapshot(next));
    const before = new Set(objects(first));
    const rebuilt = objects(second).filter((o) => !before.has(o));
    expect(rebuilt.length).toBeGreaterThan(0);
    expect(new Set(rebuilt.map((o) => `${o.kind}/${o.metadata.name}`))).toStrictEqual(new Set(['Deployment/app-00003']));
  });

  it('a render that goes back to an older commit reuses what the one before it built (the plan of base and head)', () => {
    const cache = createRenderCache();
    const head = renderSnapshot({ ...base, files: edited(base.files) }, undefined, cache);
    const again = renderSnapshot(base, undefined, cache);
    expectSame(again, renderSnapshot(base));
    const fromHead = new Set(objects(head));
    expect(objects(again).filter((o) => !fromHead.has(o)).map((o) => o.metadata.name)).toStrictEqual(objects(again).filter((o) => o.kind === 'Deployment' && o.metadata.name === 'app-00003').map((o) => o.metadata.name));
  });
});

describe('a template is built once per variant and shared between the clusters of that variant', () => {
  for (const placement of ['mixed', 'duplicated'] as const) {
    it(`each cluster gets what buildManifest gives it alone (${placement} placement, override rules per region and one canary)`, () => {
      const { catalog, plan } = renderSnapshot(generateRepo({ templates: 20, clusters: 24, placement }));
      const clusters = new Map(catalog.clusters.map((c) => [c.name, c]));
      const templates = new Map(catalog.templates.map((t) => [t.key, t.object]));
      const objects = new Set<object>();
      let checked = 0;
      for (const binding of plan.bindings) {
        for (const target of binding.clusters) {
          const template = templates.get(binding.resource);
          const got = plan.clusters[target.name]?.find((o) => o.kind === template?.kind && o.metadata.name === template.metadata.name);
          if (!template || !got) throw new Error(`${binding.resource} missing on ${target.name}`);
          expect(got).toStrictEqual(buildManifest({ template, target, cluster: clusters.get(target.name) as never, overridePolicies: catalog.overridePolicies }));
          objects.add(got);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(200);
      // the EU clusters, the others and the canary: a handful of variants per template, not one object per cluster
      if (placement === 'duplicated') expect(objects.size).toBeLessThanOrEqual(3 * plan.bindings.length);
    });
  }
});
