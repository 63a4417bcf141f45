import type { Diagnostic } from '../model/diagnostic.js';
import type { RepoLimits } from '../model/limits.js';

/**
 * ManifestReader turns a revision's files into text within the operator's limits: a file over the size limit is
 * never decoded, reading stops once the revision's total passes its limit, and bytes that are not UTF-8 are an
 * error with their line rather than silently replaced characters.
 */
export interface ManifestReader {
  /** false: the file must not be read at all (its size alone breaks a limit; the diagnostic says which) */
  admit(path: string, size: number): boolean;
  /** the file's text, or undefined when it is not UTF-8 (the diagnostic names the line) */
  decode(path: string, bytes: Uint8Array): string | undefined;
  readonly diagnostics: Diagnostic[];
  /** true once the revision's total passed its limit: stop reading */
  readonly full: boolean;
}

const MIB = 1024 * 1024;
const size = (n: number) => (n >= MIB ? `${(n / MIB).toFixed(1)} MiB` : `${n} bytes`);

/** manifestReader starts the accounting of one revision. */
export function manifestReader(limits: RepoLimits): ManifestReader {
  const diagnostics: Diagnostic[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let total = 0;
  let full = false;
  const error = (file: string, line: number, message: string) => diagnostics.push({ severity: 'error', file, line, message });
  return {
    diagnostics,
    get full() {
      return full;
    },
    admit(path, bytes) {
      if (bytes > limits.maxFileBytes) {
        error(path, 0, `is ${size(bytes)}, over the limit of ${size(limits.maxFileBytes)} per file (--max-file-size); it was not read`);
        return false;
      }
      total += bytes;
      if (total <= limits.maxRepoBytes) return true;
      full = true;
      error(path, 0, `the manifests read so far, this file included, pass the limit of ${size(limits.maxRepoBytes)} per revision (--max-repo-size); reading stopped here`);
      return false;
    },
    decode(path, bytes) {
      try {
        return decoder.decode(bytes);
      } catch {
        const at = firstInvalidUtf8(bytes);
        error(path, lineAt(bytes, at), `is not UTF-8 text (invalid byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} at offset ${at})`);
        return undefined;
      }
    },
  };
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** firstInvalidUtf8 is the offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    // the second byte's range also refuses overlong forms (E0, F0), surrogates (ED) and code points past U+10FFFF (F4)
    const [lo, hi] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80 || (k === 1 && (c < lo || c > hi))) return i;
    }
    i += need + 1;
  }
  return i;
}
