import { describe, expect, it } from 'vitest';
import { createParseCache, parseManifestFileCached } from '../../../../src/render/load/parse-cache.js';
import { parseManifestFile, type FieldPath, type ParsedDoc } from '../../../../src/render/load/parse.js';

// The rule: parsing through the cache gives what parsing the whole file gives (documents, their lines, the lines of
// their fields, number texts, diagnostics), for any text, on a cold cache and on a warm one.

const CM = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  n: 9007199254740993\n${extra}`;

const TEXTS: Record<string, string> = {
  'documents separated by ---': `${CM('a')}---\n${CM('b')}---\n${CM('c')}`,
  'comments and blank lines before the first document': `# header\n\n---\n${CM('a')}---\n${CM('b')}`,
  'content on the --- line': `--- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n--- \n${CM('b')}`,
  'a block scalar with indented --- lines': `${CM('a', 'script: |\n  ---\n  --- x\n  echo\n')}---\n${CM('b')}`,
  'a --- that is not a marker (---x, ----)': `${CM('a', 'k: v\n')}---x: 1\n----: 2\n`,
  'empty documents and a trailing ---': `---\n---\n${CM('a')}---\n`,
  'a quoted scalar broken by a --- line': `${CM('a', 'q: "one\n---\ntwo"\n')}---\n${CM('b')}`,
  'a flow mapping broken by a --- line': `${CM('a', 'f: {x: 1,\n---\n y: 2}\n')}`,
  'an unclosed flow sequence in one document': `${CM('a')}---\nkind: [unclosed\n---\n${CM('b')}`,
  'a duplicated key': `${CM('a')}---\n${CM('b', 'kind: Secret\n')}`,
  'a scalar document': `${CM('a')}---\njust text\n---\n${CM('b')}`,
  'a document end marker': `${CM('a')}...\n---\n${CM('b')}`,
  'a %YAML directive': `%YAML 1.2\n---\n${CM('a')}---\n${CM('b')}`,
  'a tag directive': `%TAG !e! tag:example.com,2000:\n---\n${CM('a', 'x: !e!foo 1\n')}`,
  'CRLF line ends': `${CM('a')}---\n${CM('b')}`.replace(/\n/g, '\r\n'),
  'a byte order mark': `\uFEFF${CM('a')}---\n${CM('b')}`,
  'anchors and aliases in each document': `${CM('a', 'x: &v {k: 1}\ny: *v\n')}---\n${CM('b', 'x: &v {k: 2}\ny: *v\n')}`,
  'no trailing newline': `${CM('a')}---\n${CM('b').trimEnd()}`,
  'a JSON document': '{"apiVersion": "v1", "kind": "ConfigMap",\n "metadata": {"name": "a"}}\n',
};

const PATHS: FieldPath[] = [[], ['metadata'], ['metadata', 'name'], ['data', 'n'], ['data', 'missing'], ['script'], ['x', 'k'], ['y', 'k']];

/** seen is what a caller compares: every field of a document, its lines asked along several paths. */
function seen(docs: readonly ParsedDoc[]) {
  return docs.map((d) => ({ object: d.object, source: d.source, lines: PATHS.map((p) => d.lineOf(p)), numbers: PATHS.map((p) => d.numberText?.(p)) }));
}

describe('parsing through the cache equals parsing the whole file', () => {
  for (const [rule, text] of Object.entries(TEXTS)) {
    it(rule, () => {
      const whole = parseManifestFile('f.yaml', text);
      const cache = createParseCache();
      for (const round of ['cold', 'warm']) {
        const seenNow = new Map();
        const cached = parseManifestFileCached('f.yaml', text, cache, seenNow);
        cache.chunks = seenNow;
        expect({ round, docs: seen(cached.docs), diagnostics: cached.diagnostics }).toStrictEqual({ round, docs: seen(whole.docs), diagnostics: whole.diagnostics });
      }
    });
  }

  it('a document moved down by an edit above it reports its new lines from the cached parse', () => {
    const cache = createParseCache();
    const first = new Map();
    parseManifestFileCached('f.yaml', `${CM('a')}---\n${CM('b')}`, cache, first);
    cache.chunks = first;
    const moved = `${CM('a', 'extra: 1\nmore: 2\n')}---\n${CM('b')}`;
    const next = new Map();
    const cached = parseManifestFileCached('f.yaml', moved, cache, next);
    // b's piece is the same text: taken from the cache, not parsed again
    expect([...next.values()].filter((c) => [...first.values()].includes(c))).toHaveLength(1);
    expect(seen(cached.docs)).toStrictEqual(seen(parseManifestFile('f.yaml', moved).docs));
  });
});
