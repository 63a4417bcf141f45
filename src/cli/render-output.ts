import type { Diagnostic } from '../model/diagnostic.js';
import type { RenderStream } from '../render/index.js';
import { reusedOf } from './output.js';
import { openSink, type Chunk, type ClusterSink, type OutLayout, type OutputSpec } from './cluster-sink.js';

export type { OutLayout, OutputSpec } from './cluster-sink.js';

/** Write sends text or UTF-8 bytes on and resolves when there is room for more (a pipe's backpressure). */
export type Write = (chunk: string | Uint8Array) => Promise<void>;

/** ClusterOutput is what one cluster gave: its stdout chunk (none when not printed or written to files), its object count. */
export interface ClusterOutput {
  name: string;
  chunk?: Chunk;
  objects: number;
}

/** Outputs is a render's clusters' output in the plan's order, then its diagnostics, complete once every output was read. */
export interface Outputs {
  each: AsyncIterable<ClusterOutput>;
  diagnostics(): Diagnostic[];
}

/**
 * outputsOf builds a stream's clusters one at a time on this thread and hands each to the sink of `spec`; clusters
 * other than `only` are built (their warnings belong to the plan) and given no output.
 */
export function outputsOf(stream: RenderStream, spec: OutputSpec, only: string | undefined): Outputs {
  async function* each(): AsyncGenerator<ClusterOutput> {
    const sink = await openSinkFor(spec, stream, only);
    try {
      for (const name of stream.clusterNames) yield await outputOf(stream, sink, only, name);
    } finally {
      await sink.close();
    }
  }
  return { each: each(), diagnostics: () => stream.diagnostics() };
}

/** openSinkFor opens the sink of a spec for the clusters a render prints or writes (all, or `only`). */
export function openSinkFor(spec: OutputSpec, stream: RenderStream, only: string | undefined): Promise<ClusterSink> {
  return openSink(spec, stream.clusterNames.filter((n) => only === undefined || n === only), reusedOf(stream));
}

/** outputOf builds one cluster and hands it to the sink, unless it is not `only` (built for its warnings alone). */
export async function outputOf(stream: RenderStream, sink: ClusterSink, only: string | undefined, name: string): Promise<ClusterOutput> {
  const objects = stream.objectsOf(name);
  const chunk = only === undefined || name === only ? await sink.put(name, objects) : undefined;
  return { name, objects: objects.length, ...(chunk !== undefined ? { chunk } : {}) };
}

/** Head is what the plan's JSON says besides its clusters. */
export type Head = Pick<RenderStream, 'revision' | 'bindings'>;

/**
 * writeJson prints `JSON.stringify({ revision, clusters, bindings, diagnostics }, null, 2)` byte for byte, but one
 * cluster at a time, as each cluster's chunk comes.
 */
export async function writeJson(head: Head, outputs: Outputs, write: Write): Promise<void> {
  await write(`{\n  "revision": ${JSON.stringify(head.revision)},\n  "clusters": {`);
  let first = true;
  for await (const { chunk } of outputs.each) {
    if (chunk === undefined) continue;
    await write(first ? '\n' : ',\n');
    await write(chunk);
    first = false;
  }
  // the rest is the whole plan's text after `clusters`, at the same depth: strip its braces
  const rest = { bindings: head.bindings, diagnostics: outputs.diagnostics() };
  await write(`${first ? '}' : '\n  }'},\n  ${JSON.stringify(rest, null, 2).slice(4, -2)}\n}\n`);
}

/** writeYaml prints `# cluster: NAME` and the cluster's objects as a YAML stream, one cluster at a time. */
export async function writeYaml(outputs: Outputs, write: Write): Promise<void> {
  for await (const { chunk } of outputs.each) if (chunk !== undefined) await write(chunk);
}

/** writeOut waits for every cluster's files and counts them: the objects written and the clusters. */
export async function writeOut(outputs: Outputs, only: string | undefined): Promise<{ objects: number; clusters: number }> {
  const wrote = { objects: 0, clusters: 0 };
  for await (const { name, objects } of outputs.each) {
    if (only !== undefined && name !== only) continue;
    wrote.objects += objects;
    wrote.clusters++;
  }
  return wrote;
}

/** specOf is the output spec of render's flags. */
export function specOf(opts: { format: 'yaml' | 'json'; out?: string; outLayout?: OutLayout }): OutputSpec {
  return opts.out !== undefined ? { to: 'out', dir: opts.out, layout: opts.outLayout ?? 'object' } : { to: opts.format };
}
