import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { GitfedError } from '../model/errors.js';
import type { KubeObject } from '../model/kube.js';
import { fileNameOf, toYamlDocument, toYamlStream, type Reused } from './output.js';
import { packFiles, startOutWriter } from './out-writer.js';

/** OutLayout is how `render --out` lays files out: one per object under a directory per cluster, or one per cluster. */
export type OutLayout = 'object' | 'cluster';

/** OutputSpec is what `gitfed render` makes of each cluster: plain data, handed as is to a thread that renders a part. */
export type OutputSpec = { to: 'json' } | { to: 'yaml' } | { to: 'out'; dir: string; layout: OutLayout };

/** Chunk is one cluster's output for stdout, text or UTF-8 bytes. */
export type Chunk = string | Uint8Array;

/** ClusterSink turns each cluster's objects into its stdout chunk, or writes them to files. */
export interface ClusterSink {
  /** put makes the cluster's chunk, or writes its files and gives undefined */
  put(name: string, objects: readonly KubeObject[]): Promise<Chunk | undefined>;
  /** close waits for the files still being written */
  close(): Promise<void>;
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * clusterEntry is the UTF-8 bytes of `"name": [...]`, one cluster inside the plan's JSON, at its depth: one
 * JSON.stringify of the entry wrapped as deep as it sits, the wrapping cut off its bytes (no re-indenting pass).
 * Text that is all ASCII, the usual plan, is copied as latin1: the same bytes, without the UTF-8 encoder.
 */
function clusterEntry(name: string, objects: readonly KubeObject[]): Uint8Array {
  const text = JSON.stringify({ clusters: { [name]: objects } }, null, 2);
  // `{\n  "clusters": {\n` before it, `\n  }\n}` after it: ASCII, one byte per character either way
  return (NON_ASCII.test(text) ? Buffer.from(text) : Buffer.from(text, 'latin1')).subarray(18, -6);
}

/** inside resolves `parts` under `dir` and refuses any path that would land outside it. */
export function inside(dir: string, ...parts: string[]): string {
  const root = resolve(dir);
  const path = resolve(root, ...parts);
  // each part is one path segment: a name with a separator could climb out of, or hide below, its directory
  if (parts.some((p) => p.includes('/') || p.includes(sep)) || path === root || !path.startsWith(`${root}${sep}`)) {
    throw new GitfedError('InvalidInput', join(...parts), `would be written outside the output directory ${dir}; nothing is written there`);
  }
  return path;
}

/** fileIn is inside(dir, cluster, file) for a cluster directory already checked: a plain file name cannot leave it. */
function fileIn(dir: string, clusterDir: string, cluster: string, file: string): string {
  return file.includes('/') || file.includes(sep) || file === '.' || file === '..' || file === '' ? inside(dir, cluster, file) : `${clusterDir}${sep}${file}`;
}

/**
 * outSink writes `<dir>/<cluster>/<kind>-<namespace>-<name>.yaml` (layout object) or `<dir>/<cluster>.yaml` (layout
 * cluster). Every cluster's path is checked before the first write; object names were checked when loaded, and each
 * path is checked again.
 */
async function outSink(dir: string, layout: OutLayout, names: readonly string[], reused: Reused): Promise<ClusterSink> {
  const paths = new Map(names.map((n) => [n, layout === 'object' ? inside(dir, n) : inside(dir, `${n}.yaml`)]));
  await mkdir(dir, { recursive: true });
  // one file per object: a worker writes each cluster's files while the next cluster is rendered
  const writer = layout === 'object' ? startOutWriter() : undefined;
  return {
    async put(name, objects) {
      const path = paths.get(name) as string;
      // one cluster's text is what the output may hold at once: one write, not a call per few documents
      if (!writer) await writeFile(path, toYamlStream(objects, reused));
      else await writer.write(path, packFiles(objects.map((o) => ({ path: fileIn(dir, path, name, fileNameOf(o)), text: toYamlDocument(o, reused) }))));
      return undefined;
    },
    close: async () => writer?.close(),
  };
}

/** openSink is the sink of a spec for a render's clusters (`names`), writing what `reused` lets it once. */
export async function openSink(spec: OutputSpec, names: readonly string[], reused: Reused): Promise<ClusterSink> {
  if (spec.to === 'out') return outSink(spec.dir, spec.layout, names, reused);
  const put = spec.to === 'json' ? clusterEntry : (name: string, objects: readonly KubeObject[]) => `# cluster: ${name}\n${toYamlStream(objects, reused)}`;
  return { put: async (name, objects) => put(name, objects), close: async () => undefined };
}
