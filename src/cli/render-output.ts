import { mkdir, open } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { GitfedError } from '../model/errors.js';
import type { KubeObject } from '../model/kube.js';
import type { RenderStream } from '../render/index.js';
import { fileNameOf, toYamlStream, type Shared } from './output.js';
import { startOutWriter } from './out-writer.js';

/** Write sends text or UTF-8 bytes on and resolves when there is room for more (a pipe's backpressure). */
export type Write = (chunk: string | Uint8Array) => Promise<void>;

/** OutLayout is how `render --out` lays files out: one per object under a directory per cluster, or one per cluster. */
export type OutLayout = 'object' | 'cluster';

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

/**
 * writeJson prints `JSON.stringify({ revision, clusters, bindings, diagnostics }, null, 2)` byte for byte, but one
 * cluster at a time: each cluster's objects are built, written and let go before the next. Clusters not in `only`
 * are built (their warnings belong to the plan) and not printed.
 */
export async function writeJson(stream: RenderStream, only: string | undefined, write: Write): Promise<void> {
  await write(`{\n  "revision": ${JSON.stringify(stream.revision)},\n  "clusters": {`);
  let first = true;
  for (const name of stream.clusterNames) {
    const objects = stream.objectsOf(name);
    if (only !== undefined && name !== only) continue;
    await write(first ? '\n' : ',\n');
    await write(clusterEntry(name, objects));
    first = false;
  }
  // the rest is the whole plan's text after `clusters`, at the same depth: strip its braces
  const rest = { bindings: stream.bindings, diagnostics: stream.diagnostics() };
  await write(`${first ? '}' : '\n  }'},\n  ${JSON.stringify(rest, null, 2).slice(4, -2)}\n}\n`);
}

/** writeYaml prints `# cluster: NAME` and the cluster's objects as a YAML stream, one cluster at a time. */
export async function writeYaml(stream: RenderStream, only: string | undefined, write: Write): Promise<void> {
  for (const name of stream.clusterNames) {
    const objects = stream.objectsOf(name);
    if (only === undefined || name === only) await write(`# cluster: ${name}\n${toYamlStream(objects, stream.shared)}`);
  }
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

const BATCH = 64;

/** fileIn is inside(dir, cluster, file) for a cluster directory already checked: a plain file name cannot leave it. */
function fileIn(dir: string, clusterDir: string, cluster: string, file: string): string {
  return file.includes('/') || file.includes(sep) || file === '.' || file === '..' || file === '' ? inside(dir, cluster, file) : `${clusterDir}${sep}${file}`;
}

/** writeClusterFile writes one cluster's objects as one multi-document file, a buffer of documents at a time. */
async function writeClusterFile(path: string, objects: readonly KubeObject[], shared: Shared): Promise<void> {
  const file = await open(path, 'w');
  try {
    for (let i = 0; i < objects.length; i += BATCH) await file.write(toYamlStream(objects.slice(i, i + BATCH), shared));
  } finally {
    await file.close();
  }
}

/**
 * writeOut writes `<dir>/<cluster>/<kind>-<namespace>-<name>.yaml` (layout object) or `<dir>/<cluster>.yaml`
 * (layout cluster) as each cluster is built, and returns how many objects it wrote. Every cluster's path is
 * checked before the first write; object names were checked when loaded, and each path is checked again.
 */
export async function writeOut(dir: string, stream: RenderStream, only: string | undefined, layout: OutLayout): Promise<{ objects: number; clusters: number }> {
  const names = stream.clusterNames.filter((n) => only === undefined || n === only);
  const paths = new Map(names.map((n) => [n, layout === 'object' ? inside(dir, n) : inside(dir, `${n}.yaml`)]));
  await mkdir(dir, { recursive: true });
  let objects = 0;
  // one file per object: a worker writes each cluster's files while the next cluster is rendered
  const writer = layout === 'object' ? startOutWriter() : undefined;
  try {
    for (const name of stream.clusterNames) {
      const list = stream.objectsOf(name);
      const path = paths.get(name);
      if (path === undefined) continue;
      if (!writer) await writeClusterFile(path, list, stream.shared);
      else await writer.write(path, list.map((o) => ({ path: fileIn(dir, path, name, fileNameOf(o)), text: toYamlStream([o], stream.shared) })));
      objects += list.length;
    }
  } finally {
    await writer?.close();
  }
  return { objects, clusters: names.length };
}
