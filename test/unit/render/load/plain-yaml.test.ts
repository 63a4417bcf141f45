import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateFleetScale } from '../../../../bench/generate-fleet-scale.js';
import { generateRepo } from '../../../../bench/generate-repo.js';
import { parseManifestFile, type FieldPath } from '../../../../src/render/load/parse.js';
import { splitDocuments } from '../../../../src/render/load/parse-cache.js';
import { plainLineOf, plainNumberText, readPlainYaml, type LineTable, type PlainDoc } from '../../../../src/render/load/plain-yaml.js';
import { intBelow, mulberry32, pickFrom, type SeededRandom } from '../../../helpers/seeded-random.js';

// The rule: whatever readPlainYaml reads, it reads as the yaml library does (object, lines, numbers' text), and what it
// does not read exactly it leaves to the library (undefined).

const KEYS = ['name', 'app.kubernetes.io/name', 'a', 'b_c', 'x-y', 'true', 'null', 'y', 'on', 'No', '1', '__proto__', 'constructor', 'k:v', 'a b', '"q"', '-k', '<<', 'é', '"a b"', '"k: v"', '"x,y}"', '"null"', '"__proto__"', '""', '"e\\"q"', '"é"'];
const SCALARS = [
  'plain', 'hello world', '100m', '128Mi', '0', '7', '-3', 'true', 'False', 'null', '~', '"0"', '-0', '+4', '007', '0o17', '0x1F', '1.5', '1e3', '.5', '.inf', '-.Inf', '.nan', '12345678901234567',
  'TRUE', 'yes', 'Null', 'registry.example.com:5000/a/b:1.0', 'a: b', 'ends:', ':start', '-dash', '- item', 'x # c', '#c', '"a, b"',
  '"x"y', '"unterminated', "'single'", '&anchor', '*alias', '!tag', '|', '>', '%d', '@at', '`bt`', '?q', 'a,b', 'a]b', '{x}', 'tab\there', 'ünï', '', ' ', 'v ',
];

/** mostly keys the reader takes, so that most documents are read */
const keyText = (rand: SeededRandom): string => (rand() < 0.95 ? pickFrom(rand, KEYS.slice(0, 5)) : pickFrom(rand, KEYS));

type Gen = (rand: SeededRandom, depth: number, indent: number, width: number) => string[];

/** the first SCALARS are read; mostly those, so that most documents are */
const scalarText = (rand: SeededRandom): string => pickFrom(rand, rand() < 0.8 ? SCALARS.slice(0, 12) : SCALARS);

function flowText(rand: SeededRandom, depth: number): string {
  if (depth > 2 || rand() < 0.5) return scalarText(rand);
  if (rand() < 0.5) return `[${Array.from({ length: intBelow(rand, 3) }, () => flowText(rand, depth + 1)).join(pickFrom(rand, [', ', ',', ' , ']))}]`;
  return `{${Array.from({ length: intBelow(rand, 3) }, () => `${keyText(rand)}${pickFrom(rand, [': ', ': ', ':', ':  '])}${flowText(rand, depth + 1)}`).join(', ')}}`;
}

/** mapLines writes `key: value` lines at indent; the value is inline, a nested block or a list. */
const mapLines: Gen = (rand, depth, indent, width) => {
  const out: string[] = [];
  const pad = ' '.repeat(indent);
  for (let n = 1 + intBelow(rand, 4); n > 0; n--) {
    const k = keyText(rand);
    const r = rand();
    if (depth > 3 || r < 0.45) out.push(`${pad}${k}:${pickFrom(rand, [' ', ' ', '  '])}${rand() < 0.7 ? scalarText(rand) : flowText(rand, 0)}${rand() < 0.1 ? ' ' : ''}`);
    else if (r < 0.7) out.push(`${pad}${k}:`, ...mapLines(rand, depth + 1, indent + width, width));
    else if (r < 0.95) out.push(`${pad}${k}:`, ...seqLines(rand, depth + 1, rand() < 0.3 ? indent : indent + width, width));
    else out.push(`${pad}${k}:`);
    if (rand() < 0.05) out.push(pickFrom(rand, ['', '   ', `${pad}  continued`, `${pad}- stray`]));
  }
  return out;
};

const seqLines: Gen = (rand, depth, indent, width) => {
  const out: string[] = [];
  const pad = ' '.repeat(indent);
  for (let n = 1 + intBelow(rand, 3); n > 0; n--) {
    if (depth > 3 || rand() < 0.5) out.push(`${pad}-${pickFrom(rand, [' ', ' ', '  '])}${rand() < 0.7 ? scalarText(rand) : flowText(rand, 0)}`);
    else {
      const [first, ...rest] = mapLines(rand, depth + 1, indent + 2, width);
      out.push(`${pad}- ${(first ?? 'a: b').trimStart()}`, ...rest);
    }
  }
  return out;
};

function randomDoc(rand: SeededRandom): string {
  const head = pickFrom(rand, ['', '---\n', '---\n\n', '--- \n', '--- x: y\n', '\n']);
  const lines = mapLines(rand, 0, rand() < 0.05 ? 1 : 0, pickFrom(rand, [2, 2, 4, 3]));
  return `${head}${lines.join('\n')}${pickFrom(rand, ['\n', '', '\n\n'])}`;
}

/** paths lists every path into a JSON value. */
function paths(value: unknown, at: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  return out;
}

/** same checks that readPlainYaml either leaves the text alone or reads it as the library does. */
function same(text: string): boolean {
  const plain = readPlainYaml(text);
  if (plain === undefined) return false;
  const lib = parseManifestFile('', text);
  expect(lib.diagnostics, text).toEqual([]);
  // node's deep equality: vitest's compares own `constructor` properties as types
  expect(isDeepStrictEqual(plain.map((d) => d.object), lib.docs.map((d) => d.object)), text).toBe(true);
  expect(plain.map((d) => d.line), text).toEqual(lib.docs.map((d) => d.source.line));
  const table: LineTable = new WeakMap();
  const again = readPlainYaml(text, table) ?? [];
  plain.forEach((d, i) => {
    for (const p of [...paths(d.object).flatMap((at) => [at, [...at, 'missing'], [...at, 0], [...at, '0']]), ['constructor'], [0]]) {
      expect(plainNumberText(d.object, p), `${text} at ${JSON.stringify(p)}`).toBe(lib.docs[i]?.numberText?.(p));
      expect(plainLineOf(again[i] as PlainDoc, table, p), `${text} line at ${JSON.stringify(p)}`).toBe(lib.docs[i]?.lineOf(p));
    }
  });
  return true;
}

describe('readPlainYaml reads what it reads as the yaml library does', () => {
  it('random documents, and the same with one character changed', () => {
    const rand = mulberry32(2112);
    let read = 0;
    for (let n = 0; n < 4000; n++) {
      const text = randomDoc(rand);
      if (same(text)) read++;
      const at = intBelow(rand, text.length + 1);
      same(`${text.slice(0, at)}${pickFrom(rand, [' ', ':', '-', '\n', ' -', ',', '"', '{', ']', '  '])}${text.slice(at + (rand() < 0.5 ? 1 : 0))}`);
    }
    // the rule is not met by reading nothing
    expect(read).toBeGreaterThan(500);
  });

  it('the generated repositories are read without the library (JSON keys in the canary override included), the same', () => {
    for (const snapshot of [generateFleetScale({ templates: 20, clusters: 5 }), generateRepo({ templates: 20, clusters: 5 })]) {
      for (const [path, text] of snapshot.files) {
        if (!/\.ya?ml$/.test(path)) continue;
        for (const piece of splitDocuments(text)) expect(same(piece.text), `${path}:${piece.line}`).toBe(true);
      }
    }
  });
});
