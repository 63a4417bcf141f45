import type { Document, LineCounter } from 'yaml';
import { yamlLib } from '../../kube/yaml-lib.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { JsonObject, SourceRef } from '../../model/kube.js';

/** FieldPath addresses a field inside a document: map keys and list indices. */
export type FieldPath = readonly (string | number)[];

/** ParsedDoc is one YAML/JSON document with a way back to the line of any of its fields. */
export interface ParsedDoc {
  object: JsonObject;
  source: SourceRef;
  /**
   * lineOf gives the line of the deepest existing field along the path: the line of its key for a map entry (so
   * a block mapping or list value points at `key:`, not at its first child), of the item for a list entry; the
   * document's line if none exists.
   */
  lineOf(path: FieldPath): number;
  /** numberText gives the source text of the plain number scalar at the path, if that is what is there. */
  numberText?(path: FieldPath): string | undefined;
}

/** isManifestFile says whether a repository path is loaded: YAML or JSON outside dot-directories. */
export function isManifestFile(path: string): boolean {
  if (!/\.(ya?ml|json)$/i.test(path)) return false;
  return !path.split('/').some((segment) => segment.startsWith('.'));
}

/** parseManifestFile splits a file into documents; syntax errors become diagnostics with their line. */
export function parseManifestFile(file: string, text: string): { docs: ParsedDoc[]; diagnostics: Diagnostic[] } {
  const { LineCounter, parseAllDocuments } = yamlLib();
  const lineCounter = new LineCounter();
  const docs: ParsedDoc[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter, uniqueKeys: true })) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const line = err.linePos?.[0].line ?? lineCounter.linePos(doc.range[0]).line;
        diagnostics.push({ severity: 'error', file, line, message: `invalid YAML: ${err.message.split('\n')[0]}` });
      }
      continue;
    }
    const startLine = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      // the YAML library refuses an alias bomb (a few lines that expand into millions of nodes) here
      diagnostics.push({ severity: 'error', file, line: startLine, message: `invalid YAML: ${(err as Error).message.split('\n')[0]}` });
      continue;
    }
    if (value == null) continue; // an empty document, e.g. a trailing `---`
    if (typeof value !== 'object' || Array.isArray(value)) {
      diagnostics.push({ severity: 'error', file, line: startLine, message: 'a document must be a mapping with apiVersion and kind' });
      continue;
    }
    docs.push({ object: value as JsonObject, source: { file, line: startLine }, lineOf: lineFinder(doc, lineCounter, startLine), numberText: numberTextFinder(doc) });
  }
  return { docs, diagnostics };
}

function lineFinder(doc: Document, counter: LineCounter, fallback: number): (path: FieldPath) => number {
  const { isAlias, isMap, isNode, isScalar, isSeq } = yamlLib();
  const lineAt = (node: unknown): number | undefined => (isNode(node) && node.range ? counter.linePos(node.range[0]).line : undefined);
  return (path) => {
    let node: unknown = doc.contents;
    let line = fallback;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
        if (!pair) break;
        line = lineAt(pair.key) ?? lineAt(pair.value) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item: unknown = node.items[segment];
        if (item === undefined) break;
        line = lineAt(item) ?? line;
        node = item;
      } else {
        break;
      }
    }
    return line;
  };
}

/**
 * numberTextFinder reads back a number's source text: the parsed value of `2147483647.0000001` or of
 * `9007199254740993` is a whole number that the text does not say, and only the text can tell.
 */
function numberTextFinder(doc: Document): (path: FieldPath) => string | undefined {
  const { isAlias, isMap, isScalar, isSeq } = yamlLib();
  return (path) => {
    let node: unknown = doc.contents;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) node = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment))?.value;
      else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
      else return undefined;
    }
    if (isAlias(node)) node = node.resolve(doc);
    return isScalar(node) && typeof node.value === 'number' && node.type === 'PLAIN' ? node.source : undefined;
  };
}
