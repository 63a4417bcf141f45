import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, manifestReader } from '../../../src/git/manifest-bytes.js';

const bytes = (...b: number[]) => new Uint8Array(b);
const limits = { maxFileBytes: 10, maxRepoBytes: 25, maxObjects: 100 };

describe('manifestReader: the operator limits on one revision', () => {
  it('admits a file of exactly the per-file limit and refuses one byte more, without counting it', () => {
    const reader = manifestReader(limits);
    expect(reader.admit('ten.yaml', 10)).toBe(true);
    expect(reader.admit('eleven.yaml', 11)).toBe(false);
    expect(reader.full).toBe(false);
    expect(reader.diagnostics).toEqual([
      { severity: 'error', file: 'eleven.yaml', line: 0, message: 'is 11 bytes, over the limit of 10 bytes per file (--max-file-size); it was not read' },
    ]);
    // the refused file did not count: 10 + 10 + 5 is exactly the revision's limit
    expect(reader.admit('b.yaml', 10)).toBe(true);
    expect(reader.admit('c.yaml', 5)).toBe(true);
    expect(reader.full).toBe(false);
  });

  it('refuses the file that passes the revision total and marks the reader full, naming that file', () => {
    const reader = manifestReader(limits);
    expect(reader.admit('a.yaml', 10)).toBe(true);
    expect(reader.admit('b.yaml', 10)).toBe(true);
    expect(reader.admit('c.yaml', 6)).toBe(false);
    expect(reader.full).toBe(true);
    expect(reader.diagnostics).toEqual([{
      severity: 'error', file: 'c.yaml', line: 0,
      message: 'the manifests read so far, this file included, pass the limit of 25 bytes per revision (--max-repo-size); reading stopped here',
    }]);
  });

  it('states sizes of a MiB and more in MiB', () => {
    const reader = manifestReader({ maxFileBytes: 4 * 1024 * 1024, maxRepoBytes: 16 * 1024 * 1024, maxObjects: 1 });
    reader.admit('big.yaml', 5 * 1024 * 1024 + 1);
    expect(reader.diagnostics[0]?.message).toBe('is 5.0 MiB, over the limit of 4.0 MiB per file (--max-file-size); it was not read');
  });

  it('decodes UTF-8 (multi-byte characters too) to the same text', () => {
    const reader = manifestReader(limits);
    const text = 'name: café ✓ 🚀\n';
    expect(reader.decode('a.yaml', new TextEncoder().encode(text))).toBe(text);
    expect(reader.diagnostics).toEqual([]);
  });

  it.each([
    ['a Latin-1 byte on line 2', bytes(0x61, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a), 2, 'invalid byte 0xe9 at offset 5'],
    ['a lone continuation byte', bytes(0x80), 1, 'invalid byte 0x80 at offset 0'],
    ['a truncated sequence at the end', bytes(0x61, 0x0a, 0x0a, 0xe2, 0x9c), 3, 'invalid byte 0xe2 at offset 3'],
    ['an overlong encoding (E0 80 80)', bytes(0x61, 0x0a, 0xe0, 0x80, 0x80, 0x0a), 2, 'invalid byte 0xe0 at offset 2'],
    ['a UTF-16 surrogate (ED A0 80)', bytes(0xed, 0xa0, 0x80), 1, 'invalid byte 0xed at offset 0'],
    ['a code point past U+10FFFF (F4 90 80 80)', bytes(0x0a, 0xf4, 0x90, 0x80, 0x80), 2, 'invalid byte 0xf4 at offset 1'],
  ])('bytes that are not UTF-8 are an error naming the line, byte and offset: %s', (_, input, line, detail) => {
    const reader = manifestReader(limits);
    expect(reader.decode('bad.yaml', input)).toBeUndefined();
    expect(reader.diagnostics).toEqual([{ severity: 'error', file: 'bad.yaml', line, message: `is not UTF-8 text (${detail})` }]);
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    ['valid text: its length', bytes(0x61, 0xc3, 0xa9, 0xe2, 0x9c, 0x93, 0xf0, 0x9f, 0x9a, 0x80), 10],
    ['the largest code point U+10FFFF is valid', bytes(0xf4, 0x8f, 0xbf, 0xbf), 4],
    ['C0 and C1 are never lead bytes', bytes(0x61, 0xc0, 0x80), 1],
    ['F5 and above are never lead bytes', bytes(0xf5, 0x80, 0x80, 0x80), 0],
    ['a lead byte followed by ASCII', bytes(0x61, 0x62, 0xc3, 0x41), 2],
    ['an overlong three-byte form', bytes(0xe0, 0x9f, 0xbf), 0],
    ['an overlong four-byte form', bytes(0xf0, 0x8f, 0xbf, 0xbf), 0],
    ['a surrogate', bytes(0x61, 0xed, 0xbf, 0xbf), 1],
    ['past U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 0],
  ])('%s', (_, input, offset) => {
    expect(firstInvalidUtf8(input)).toBe(offset);
  });

  it('calls a text valid exactly when the fatal TextDecoder does, for every non-ASCII byte followed by any second byte', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const disagreements: string[] = [];
    for (let lead = 0x80; lead <= 0xff; lead++) {
      for (let second = 0; second <= 0xff; second++) {
        const input = bytes(lead, second, 0xbf, 0xbf);
        const valid = (() => { try { decoder.decode(input); return true; } catch { return false; } })();
        if (valid !== (firstInvalidUtf8(input) === input.length)) disagreements.push(`${lead.toString(16)} ${second.toString(16)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
