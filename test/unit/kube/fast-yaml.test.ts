import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { fastYaml, newReuse, toYaml } from '../../../src/kube/fast-yaml.js';
import { intBelow, mulberry32, pickFrom, type SeededRandom } from '../../helpers/seeded-random.js';

const library = (v: unknown) => stringify(v, { lineWidth: 0 });

// strings the fast path must write plain, and strings it must leave to the library (quotes, blocks, other types)
const STRINGS = [
  'nginx', 'app.kubernetes.io/managed-by', 'registry.example.com/team-1/app:1.0.0', '100m', '128Mi', '1.0.0', 'a:b', 'http://x:80/y',
  'a b', 'user@host', 'x=y', 'under_score', 'ends-with-dash-', '_x', 'y', 'yes', 'no', 'on', 'off', 'Y', 'N', '~',
  '', ' ', 'a ', ' a', 'a  b', 'a: b', 'a #b', 'a#b', 'a:', '-a', '- a', '?', ':', '#x', '@x', '*x', '&x', '!x', '|', '>', '%x', '`x', '[x]', '{x}', 'x,y',
  '"q"', "'q'", 'line\nbreak', 'tab\there', 'trailing\n', 'null', 'Null', 'NULL', 'true', 'True', 'FALSE', '123', '-1', '+1', '1.5', '.5', '1e3', '1E-3',
  '0o17', '0x1F', '0b1', '.inf', '-.Inf', '.nan', '012', '1_000', '1,000', 'é', 'ü-x', '\u0007', 'a\u00a0b', '<<', '=', '0', '00', '1.', '-', '--', '---', '...',
];
const SAFE = STRINGS.slice(0, 22).concat(['1', '0', '123', 'true', 'false', 'null', '1.5', '1e3']);
const NUMBERS = [0, 1, -1, 42, 2147483647, -0, 1.5, 0.1, 1e21, 2 ** 53, 2 ** 53 + 2, -2.5e-7];

function randomValue(rand: SeededRandom, depth: number): unknown {
  const r = rand();
  if (depth < 4 && r < 0.2) return Array.from({ length: intBelow(rand, 4) }, () => randomValue(rand, depth + 1));
  if (depth < 4 && r < 0.45) return randomMap(rand, depth + 1);
  if (r < 0.55) return pickFrom(rand, SAFE);
  if (r < 0.8) return pickFrom(rand, STRINGS);
  if (r < 0.9) return pickFrom(rand, NUMBERS);
  return pickFrom(rand, [true, false, null]);
}

function randomMap(rand: SeededRandom, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = intBelow(rand, 5); i > 0; i--) out[pickFrom(rand, rand() < 0.8 ? SAFE : STRINGS)] = randomValue(rand, depth);
  return out;
}

describe('toYaml writes exactly what the yaml library writes', () => {
  it('on 20,000 random documents of maps, sequences, tricky strings and numbers', () => {
    const rand = mulberry32(2112);
    let direct = 0;
    for (let i = 0; i < 20_000; i++) {
      const doc = rand() < 0.9 ? randomMap(rand, 0) : randomValue(rand, 0);
      const fast = fastYaml(doc);
      if (fast !== undefined) direct++;
      expect(fast ?? toYaml(doc), JSON.stringify(doc)).toBe(library(doc));
    }
    // the comparison means something only if the direct writer took a good share of the documents
    expect(direct).toBeGreaterThan(2000);
  });

  it('on every object of the golden plans', () => {
    for (const file of ['test/golden/policy-repo.json', 'test/golden/kubefed-repo.json']) {
      const plan = JSON.parse(readFileSync(file, 'utf8')) as { clusters: Record<string, unknown[]> };
      const objects = Object.values(plan.clusters).flat();
      for (const o of objects) expect(toYaml(o)).toBe(library(o));
      // rendered Kubernetes objects are the case the direct writer is for
      expect(objects.filter((o) => fastYaml(o) !== undefined).length, file).toBeGreaterThan(objects.length * 0.7);
    }
  });

  it.each([
    ['a nested sequence of sequences and of maps', { a: [[1, [2, 3]], [], {}, [{ b: [{ c: 1 }] }]] }],
    ['empty map and sequence values', { a: {}, b: [], c: [{}], d: [[]] }],
    ['a top-level empty map', {}],
  ])('on %s', (_name, doc) => {
    expect(fastYaml(doc) ?? toYaml(doc)).toBe(library(doc));
  });
});

describe('toYaml with a Reuse keeps the text of unchanging parts and still writes what the library writes', () => {
  it('on 5,000 random documents that share parts at random depths (each part met at several)', () => {
    const rand = mulberry32(77);
    // the parts: maps and sequences (with tricky strings among them) that many documents hold unchanged
    const pool = Array.from({ length: 40 }, () => (rand() < 0.5 ? randomMap(rand, 2) : [randomValue(rand, 3), randomMap(rand, 3)]));
    const parts = new Set<object>();
    const note = (v: unknown): void => {
      if (typeof v !== 'object' || v === null) return;
      parts.add(v);
      for (const c of Array.isArray(v) ? v : Object.values(v)) note(c);
    };
    pool.forEach(note);
    const reuse = newReuse((v) => parts.has(v));
    const nest = (v: unknown, depth: number): unknown => (depth === 0 ? v : rand() < 0.5 ? { [pickFrom(rand, SAFE)]: nest(v, depth - 1) } : [nest(v, depth - 1)]);
    for (let i = 0; i < 5_000; i++) {
      const doc: Record<string, unknown> = randomMap(rand, 1);
      // distinct parts: an object met twice in one document is written by the library as an anchor and an alias
      const first = intBelow(rand, pool.length);
      for (let k = intBelow(rand, 3); k >= 0; k--) doc[`p${k}`] = nest(pool[(first + k) % pool.length], intBelow(rand, 4));
      expect(toYaml(doc, reuse), JSON.stringify(doc)).toBe(library(doc));
    }
    // the comparison means something only if parts were written from what was kept
    expect(pool.filter((p) => reuse.texts.has(p)).length).toBeGreaterThan(5);
  });

  it('a part met at another depth is written at that depth', () => {
    const part = { b: [1, { c: 'x' }] };
    const reuse = newReuse((v) => v === part);
    for (const doc of [{ a: part }, { x: { y: { a: part } } }, { s: [part] }, { a: part }]) expect(toYaml(doc, reuse)).toBe(library(doc));
  });
});
