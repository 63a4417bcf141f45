import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reusedOf, toYamlStream } from '../../../src/cli/output.js';
import { outputsOf, writeJson, writeOut, writeYaml, type Write } from '../../../src/cli/render-output.js';
import { renderSnapshot, streamSnapshot, type DroppedWarning, type RenderStream } from '../../../src/render/index.js';
import { clusterDocs, snapshotOf } from '../../helpers/builders.js';

const CPP = `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: all}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]
  placement: {clusterAffinity: {clusterNames: [b, "7", a]}}
`;
const LABEL = `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterOverridePolicy
metadata: {name: label}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]
  overrideRules:
    - targetCluster: {clusterNames: [a]}
      overriders: {labelsOverrider: [{operator: add, value: {only: a}}]}
    - targetCluster: {clusterNames: [b]}
      overriders: {plaintext: [{path: /data/missing/deeper, operator: replace, value: x}]}
`;
const CMS = ['one', 'two'].map((n) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${n}, namespace: default}\ndata: {k: "1", v: ${n}}\n`).join('---\n');

// clusters with nothing (c), a numeric name ("7", listed first by JSON), a variant per cluster and an override that
// fails on b (a warning found only while b is built)
const snapshot = () => snapshotOf({ 'clusters.yaml': `${clusterDocs(['b', 'a', 'c'])}---\n${clusterDocs(['"7"'])}`, 'cpp.yaml': CPP, 'ov.yaml': LABEL, 'cms.yaml': CMS }, 'abc123');

const json = (s: RenderStream, only?: string) => (w: Write) => writeJson(s, outputsOf(s, { to: 'json' }, only), w);
const yaml = (s: RenderStream, w: Write) => writeYaml(outputsOf(s, { to: 'yaml' }, undefined), w);
const out = (dir: string, s: RenderStream, layout: 'object' | 'cluster') => writeOut(outputsOf(s, { to: 'out', dir, layout }, undefined), undefined);

/** collect gathers what a writer sends, bytes decoded as UTF-8 as a terminal or file would. */
async function collect(run: (write: Write) => Promise<void>): Promise<string> {
  let out = '';
  await run(async (t) => { out += typeof t === 'string' ? t : Buffer.from(t).toString('utf8'); });
  return out;
}

describe('streamed render output equals the whole plan printed at once', () => {
  const plan = renderSnapshot(snapshot()).plan;

  it('the repository exercises an empty cluster, a numeric name and a warning from one cluster', () => {
    expect(Object.keys(plan.clusters)).toEqual(['7', 'a', 'b', 'c']);
    expect(plan.clusters.c).toEqual([]);
    expect(plan.diagnostics.map((d) => d.message).join('\n')).toContain('is not rendered for cluster b');
  });

  it('JSON, byte for byte JSON.stringify(plan, null, 2)', async () => {
    expect(await collect((w) => json(streamSnapshot(snapshot()))(w))).toBe(`${JSON.stringify(plan, null, 2)}\n`);
  });

  it('JSON of one cluster keeps the whole plan\'s bindings and diagnostics', async () => {
    expect(await collect((w) => json(streamSnapshot(snapshot()), 'a')(w))).toBe(`${JSON.stringify({ ...plan, clusters: { a: plan.clusters.a } }, null, 2)}\n`);
  });

  it('YAML, each cluster after its header', async () => {
    const whole = Object.entries(plan.clusters).map(([name, objects]) => `# cluster: ${name}\n${toYamlStream(objects)}`).join('');
    expect(await collect((w) => yaml(streamSnapshot(snapshot()), w))).toBe(whole);
  });

  it.each(['object', 'cluster'] as const)('--out with the %s layout writes every object of the plan', async (layout) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'gitfed-out-')), 'out');
    expect(await out(dir, streamSnapshot(snapshot()), layout)).toEqual({ objects: 4, clusters: 4 });
    if (layout === 'cluster') {
      expect(readdirSync(dir).sort()).toEqual(['7.yaml', 'a.yaml', 'b.yaml', 'c.yaml']);
      for (const [name, objects] of Object.entries(plan.clusters)) expect(readFileSync(join(dir, `${name}.yaml`), 'utf8')).toBe(toYamlStream(objects));
    } else {
      expect(readdirSync(join(dir, 'a')).sort()).toEqual(['ConfigMap-default-one.yaml', 'ConfigMap-default-two.yaml']);
      expect(readFileSync(join(dir, 'a', 'ConfigMap-default-one.yaml'), 'utf8')).toBe(toYamlStream([plan.clusters.a?.[0] as never]));
      expect(readdirSync(join(dir, 'c'))).toEqual([]);
    }
  });
});

describe('RenderStream.shared', () => {
  it('tells the objects built once for several clusters from those of one cluster alone', () => {
    const cpp = CPP.replace('[b, "7", a]', '[a, b, c]');
    const label = LABEL.split('    - targetCluster: {clusterNames: [b]}')[0] as string;
    const stream = streamSnapshot(snapshotOf({ 'clusters.yaml': clusterDocs(['a', 'b', 'c']), 'cpp.yaml': cpp, 'ov.yaml': label, 'cms.yaml': CMS }, 'abc123'));
    const [a, b, c] = ['a', 'b', 'c'].map((n) => stream.objectsOf(n));
    expect(a?.map((o) => stream.shared(o))).toEqual([false, false]);
    expect(b?.map((o) => stream.shared(o))).toEqual([true, true]);
    expect(c?.every((o, i) => o === b?.[i])).toBe(true);
    expect(toYamlStream(c ?? [], reusedOf(stream))).toBe(toYamlStream(b ?? []));
  });
});

describe('a render shared by several streams (one per thread) builds the same plan', () => {
  const plan = renderSnapshot(snapshot()).plan;

  // which stream builds each cluster, as threads taking the next cluster would: in turn, or all but the first by one
  it.each([
    [1, [0, 0, 0, 0]], [2, [0, 1, 0, 1]], [2, [1, 1, 1, 0]], [3, [0, 1, 2, 0]], [3, [2, 2, 2, 2]], [4, [3, 2, 1, 0]],
  ])('%i streams, clusters built by %j: each cluster once, and the warnings merge in the plan\'s order', (count, by) => {
    const streams = Array.from({ length: count }, () => streamSnapshot(snapshot()));
    const first = streams[0] as RenderStream;
    const built = first.clusterNames.map((name, pos) => (streams[by[pos] as number] as RenderStream).objectsOf(name));
    const clusters = Object.fromEntries(first.clusterNames.map((name, pos) => [name, built[pos]]));
    expect(JSON.stringify(clusters)).toBe(JSON.stringify(plan.clusters));
    const dropped: DroppedWarning[] = streams.slice(1).flatMap((s) => s.dropped());
    expect(first.diagnostics(dropped)).toEqual(plan.diagnostics);
  });

  it('a stream knows only the warnings of the clusters it built', () => {
    const stream = streamSnapshot(snapshot());
    stream.objectsOf('a');
    expect(stream.dropped()).toEqual([]);
    stream.objectsOf('b');
    expect(stream.dropped().map((d) => d.diagnostic)).toEqual(plan.diagnostics.filter((d) => d.message.includes('cluster b')));
  });
});

describe('JSON written as bytes', () => {
  it('encodes text that is not ASCII as UTF-8, as the string would be', async () => {
    const cms = CMS.replace('v: one', 'v: "héllo ✓ 日本"');
    const snap = () => snapshotOf({ 'clusters.yaml': clusterDocs(['a', 'b']), 'cpp.yaml': CPP.replace('[b, "7", a]', '[a, b]'), 'cms.yaml': cms }, 'abc123');
    const plan = renderSnapshot(snap()).plan;
    expect(JSON.stringify(plan)).toContain('héllo ✓ 日本');
    expect(await collect((w) => json(streamSnapshot(snap()))(w))).toBe(`${JSON.stringify(plan, null, 2)}\n`);
  });
});
