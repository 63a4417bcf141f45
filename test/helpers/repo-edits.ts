/** One-file commits of a generated repository, for the tests that compare a shortcut with a full render over them. */
import { parseDocument, stringify } from 'yaml';
import { intBelow, pickFrom, type SeededRandom } from './seeded-random.js';

/** Doc is one parsed YAML document, edited freely. */
export type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** pieces cuts a file before each `---` line, so that one document can be edited and the others keep their text. */
export function pieces(text: string): string[] {
  return text.split(/^(?=---[ \t]*$)/m);
}

/** parsePiece is a piece's document (its `---` line left out); undefined when it does not parse to a map. */
export function parsePiece(piece: string): Doc | undefined {
  const parsed = parseDocument(piece.replace(/^---[ \t]*\n/, ''));
  const value = parsed.errors.length === 0 ? (parsed.toJS() as unknown) : undefined;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : undefined;
}

/** writePiece writes a document back in the place of `piece`, keeping its `---` line. */
export function writePiece(piece: string, doc: Doc): string {
  return `${piece.startsWith('---') ? '---\n' : ''}${stringify(doc)}`;
}

/** removeOneDocument drops one document of a file that has more than one. */
export function removeOneDocument(rand: SeededRandom, files: Map<string, string>): void {
  const path = pickFrom(rand, [...files.keys()]);
  const list = pieces(files.get(path) ?? '');
  if (list.length > 1) list.splice(intBelow(rand, list.length), 1);
  files.set(path, list.join(''));
}

/** shiftLines moves every line of one file down: its content stays, the lines diagnostics name change. */
export function shiftLines(rand: SeededRandom, files: Map<string, string>): void {
  const path = pickFrom(rand, [...files.keys()]);
  files.set(path, `# moved down\n\n${files.get(path) ?? ''}`);
}
