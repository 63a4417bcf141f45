import { describe, expect, it } from 'vitest';
import { isManifestFile, parseManifestFile } from '../../../../src/render/load/parse.js';

describe('isManifestFile', () => {
  it.each<[string, string, boolean]>([
    ['a .yaml file is loaded', 'apps/web.yaml', true],
    ['a .yml file is loaded', 'apps/web.yml', true],
    ['a .json file is loaded', 'apps/web.json', true],
    ['the extension is case-insensitive', 'apps/WEB.YAML', true],
    ['other extensions are not loaded', 'README.md', false],
    ['a file in a dot-directory is skipped', '.github/workflows/ci.yaml', false],
    ['a nested dot-directory is skipped', 'apps/.hidden/web.yaml', false],
    ['a dot-file is skipped', 'apps/.web.yaml', false],
    ['a dot inside a name is not a dot-directory', 'apps/v1.2/web.yaml', true],
  ])('%s', (_name, path, expected) => {
    expect(isManifestFile(path)).toBe(expected);
  });
});

describe('parseManifestFile', () => {
  it('splits multi-document files and gives each document the line where its content starts', () => {
    const text = ['# comment', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: a}', '---', '', 'apiVersion: v1', 'kind: Secret', 'metadata: {name: b}', '---', ''].join('\n');
    const { docs, diagnostics } = parseManifestFile('f.yaml', text);
    expect(diagnostics).toEqual([]);
    expect(docs.map((d) => [d.object.kind, d.source.line])).toEqual([['ConfigMap', 2], ['Secret', 7]]);
  });

  it.each<[string, string, (string | number)[], number]>([
    ['a scalar field is on its own line', 'a: 1\nb:\n  c: 2\n', ['b', 'c'], 3],
    ['a block mapping field points at its key, not its first child', 'a: 1\nb:\n  c: 2\n', ['b'], 2],
    ['a block list field points at its key', 'a:\n  - x: 1\n  - x: 2\n', ['a'], 1],
    ['a list item points at the item', 'a:\n  - x: 1\n  - x: 2\n', ['a', 1], 3],
    ['a missing field falls back to its deepest existing parent', 'a: 1\nb:\n  c: 2\n', ['b', 'missing', 'deeper'], 2],
    ['a path missing from the root falls back to the document line', '\n\nkind: X\n', ['nope'], 3],
    ['an item of a flow list is on its line', 'a:\n  b: [x,\n    y]\n', ['a', 'b', 1], 3],
  ])('lineOf: %s', (_name, text, path, line) => {
    const { docs } = parseManifestFile('f.yaml', text);
    expect(docs[0]?.lineOf(path)).toBe(line);
  });

  it.each<[string, string, number]>([
    ['a bad indentation reports its line', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n namespace: b\n', 5],
    ['a duplicate key reports the second key', 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\n', 3],
    ['an error in the second document reports the line in the file', 'apiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: [B\n', 6],
  ])('invalid YAML: %s', (_name, text, line) => {
    const { diagnostics } = parseManifestFile('f.yaml', text);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', file: 'f.yaml', line });
    expect(diagnostics[0]?.message).toMatch(/^invalid YAML: /);
  });

  it('a broken document does not stop the valid documents of the same file', () => {
    const { docs, diagnostics } = parseManifestFile('f.yaml', 'kind: A\n---\nkind: [\n---\nkind: C\n');
    expect(docs.map((d) => d.object.kind)).toEqual(['A', 'C']);
    expect(diagnostics).toHaveLength(1);
  });

  it.each<[string, string]>([
    ['a scalar document', 'just text\n'],
    ['a list document', '- a\n- b\n'],
  ])('%s is an error at its line', (_name, text) => {
    const { docs, diagnostics } = parseManifestFile('f.yaml', `---\n${text}`);
    expect(docs).toEqual([]);
    expect(diagnostics).toEqual([{ severity: 'error', file: 'f.yaml', line: 2, message: 'a document must be a mapping with apiVersion and kind' }]);
  });

  it('JSON files are parsed too', () => {
    const { docs } = parseManifestFile('f.json', '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {"name": "a"}\n}\n');
    expect(docs[0]?.object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    expect(docs[0]?.lineOf(['metadata', 'name'])).toBe(4);
  });
});
