import { LineCounter, parseAllDocuments, isNode, type Document } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { JsonObject, SourceRef } from '../../model/kube.js';

/** FieldPath addresses a field inside a document: map keys and list indices. */
export type FieldPath = readonly (string | number)[];

/** ParsedDoc is one YAML/JSON document with a way back to the line of any of its fields. */
export interface ParsedDoc {
  object: JsonObject;
  source: SourceRef;
  /** lineOf gives the line of the deepest existing node along the path (the document's line if none). */
  lineOf(path: FieldPath): number;
}

/** isManifestFile says whether a repository path is loaded: YAML or JSON outside dot-directories. */
export function isManifestFile(path: string): boolean {
  if (!/\.(ya?ml|json)$/i.test(path)) return false;
  return !path.split('/').some((segment) => segment.startsWith('.'));
}

/** parseManifestFile splits a file into documents; syntax errors become diagnostics with their line. */
export function parseManifestFile(file: string, text: string): { docs: ParsedDoc[]; diagnostics: Diagnostic[] } {
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
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value == null) continue; // an empty document, e.g. a trailing `---`
    const startLine = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line;
    if (typeof value !== 'object' || Array.isArray(value)) {
      diagnostics.push({ severity: 'error', file, line: startLine, message: 'a document must be a mapping with apiVersion and kind' });
      continue;
    }
    docs.push({ object: value as JsonObject, source: { file, line: startLine }, lineOf: lineFinder(doc, lineCounter, startLine) });
  }
  return { docs, diagnostics };
}

function lineFinder(doc: Document, counter: LineCounter, fallback: number): (path: FieldPath) => number {
  return (path) => {
    for (let n = path.length; n > 0; n--) {
      const node: unknown = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
    }
    return fallback;
  };
}
