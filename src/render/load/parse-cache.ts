import type { Diagnostic } from '../../model/diagnostic.js';
import { parseManifestFile, type FieldPath, type ParsedDoc } from './parse.js';
import { plainLineOf, plainNumberText, readPlainYaml, type LineTable, type PlainDoc } from './plain-yaml.js';

/**
 * ParseCache remembers parsed documents from one load to the next, by the text of each document, so that a
 * commit that edits one document of a large file parses that document alone. Owned by the caller of the
 * render (see RenderCache); documents handed out from it are shared and must never be modified.
 */
export interface ParseCache {
  /** chunks of the last load by their text: what the next load may reuse; everything else is dropped */
  chunks: Map<string, ParsedChunk>;
}

/** ParsedChunk is one chunk of text parsed alone, its lines counted from the chunk's first line. */
interface ParsedChunk {
  /** false when the chunk has a syntax error or a document that is not a mapping: its file is parsed whole */
  clean: boolean;
  docs: ParsedDoc[];
}

/** createParseCache starts an empty cache. */
export function createParseCache(): ParseCache {
  return { chunks: new Map() };
}

/** a line that starts a document: `---` at column 0 followed by a blank or the end of the line */
const DOC_START = /^---(?=[ \t]|$)/gm;
/**
 * directives and document end markers relate documents to each other, and CR line ends count lines differently:
 * such files are parsed whole (cutting them may well be right, but nothing here has to prove it)
 */
const STATEFUL = /^(?:%|\.\.\.(?:[ \t]|$))/m;

/**
 * splitDocuments cuts a YAML stream before each `---` line: by the YAML grammar that line always starts a new
 * document (it may not occur inside a scalar or a collection), so each piece parses alone as it parses in the
 * stream. Returns each piece with the (1-based) line it starts on.
 */
export function splitDocuments(text: string): { text: string; line: number }[] {
  const starts = [0];
  for (const m of text.matchAll(DOC_START)) if (m.index > 0) starts.push(m.index);
  let line = 1;
  return starts.map((start, i) => {
    const piece = text.slice(start, starts[i + 1] ?? text.length);
    const at = line;
    line += countLines(piece);
    return { text: piece, line: at };
  });
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * parseManifestFileCached is parseManifestFile through the cache: it equals parseManifestFile(file, text) for
 * every text. A file whose documents all parse cleanly is assembled from its documents parsed one by one (each
 * reused when its text was seen in the last load); any other file is parsed whole, as without a cache.
 * `seen` collects the chunks this load uses, the cache's next content.
 */
export function parseManifestFileCached(file: string, text: string, cache: ParseCache, seen: Map<string, ParsedChunk>): { docs: ParsedDoc[]; diagnostics: Diagnostic[] } {
  if (STATEFUL.test(text) || text.includes('\r')) return parseManifestFile(file, text);
  const docs: ParsedDoc[] = [];
  for (const piece of splitDocuments(text)) {
    const chunk = seen.get(piece.text) ?? cache.chunks.get(piece.text) ?? parseChunk(piece.text);
    seen.set(piece.text, chunk);
    if (!chunk.clean) return parseManifestFile(file, text);
    for (const doc of chunk.docs) docs.push(placed(doc, file, piece.line - 1));
  }
  return { docs, diagnostics: [] };
}

/** parseChunk parses one piece alone; diagnostics only tell that it is not clean (the whole file reports them). */
function parseChunk(text: string): ParsedChunk {
  const plain = readPlainYaml(text);
  if (plain) return { clean: true, docs: plain.map((d) => plainDoc(d, text)) };
  const { docs, diagnostics } = parseManifestFile('', text);
  return { clean: diagnostics.length === 0, docs };
}

/**
 * plainDoc is a document readPlainYaml read: the same object and line as the library's; the lines of its fields, which
 * most documents are never asked for, are noted by reading the text again when first asked.
 */
function plainDoc(d: PlainDoc, text: string): ParsedDoc {
  let lines: { doc: PlainDoc; table: LineTable } | undefined;
  const linesOf = () => {
    const table: LineTable = new WeakMap();
    const again = readPlainYaml(text, table)?.[0];
    return again ? { doc: again, table } : undefined;
  };
  return {
    object: d.object,
    source: { file: '', line: d.line },
    lineOf: (path) => {
      lines ??= linesOf();
      return lines ? plainLineOf(lines.doc, lines.table, path) : d.line;
    },
    numberText: (path) => plainNumberText(d.object, path),
  };
}

/** placed moves a document parsed alone to its file and line: every line it reports is shifted by `offset`. */
function placed(doc: ParsedDoc, file: string, offset: number): ParsedDoc {
  const numberText = doc.numberText;
  return {
    object: doc.object,
    source: { file, line: doc.source.line + offset },
    lineOf: (path: FieldPath) => doc.lineOf(path) + offset,
    ...(numberText ? { numberText } : {}),
  };
}
