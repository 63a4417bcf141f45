import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Snapshot } from '../model/snapshot.js';
import type { DroppedWarning, RenderStream } from '../render/index.js';
import type { OutputSpec } from './cluster-sink.js';
import { openSinkFor, outputOf, type ClusterOutput, type Outputs } from './render-output.js';

/** the render thread's script, next to this module once built; absent when the TypeScript sources run under a test runner */
const WORKER_URL = new URL('./render-worker.js', import.meta.url);

/** a repository at least this large renders on several threads unless told: a smaller one is done before a thread has started */
const AUTO_BYTES = 256 * 1024;

/** MAX_AUTO caps the threads picked unasked: each loads and places the whole repository, memory grows with every one. */
const MAX_AUTO = 4;

/** PartData is what a render thread is started with (render-worker.ts). */
export interface PartData {
  snapshot: Snapshot;
  spec: OutputSpec;
  only: string | undefined;
  /** [PASSED]: how many clusters the main thread has passed on; [CLAIMED]: how many any thread has taken */
  counters: Int32Array;
  /** how far past the clusters passed on a thread may build (stdout output waits in memory until its turn) */
  window: number;
}

/** the indexes of PartData.counters */
export const PASSED = 0;
export const CLAIMED = 1;

/** PartMessage is what a render thread reports: a cluster's output, its end with its warnings, or its failure. */
export type PartMessage = { ready: true } | (ClusterOutput & { pos: number }) | { done: readonly DroppedWarning[] } | { failed: unknown };

/** PartsOptions are seams for tests: the thread's script, and whether this thread builds only once every thread took a cluster. */
export interface PartsOptions {
  script?: URL;
  waitForThreads?: boolean;
}

/**
 * threadsFor is how many threads render: `--threads` when given, else several for a large repository on a machine
 * with cores to spare. One file per object stays on one thread: creating 201,000 files keeps the kernel busy on the
 * other core already, and a second render thread made it slower.
 */
export function threadsFor(flag: number | undefined, snapshot: Snapshot, spec: OutputSpec): number {
  // from the sources (tests) there is no script for a thread to run: everything renders here
  if (!existsSync(fileURLToPath(WORKER_URL))) return 1;
  if (flag !== undefined) return flag;
  if (spec.to === 'out' && spec.layout === 'object') return 1;
  let bytes = 0;
  for (const text of snapshot.files.values()) bytes += text.length;
  return bytes >= AUTO_BYTES ? Math.min(availableParallelism(), MAX_AUTO) : 1;
}

/** Parts is a render shared with other threads: each takes the next cluster not yet taken, this one included. */
export interface Parts {
  /** outputs is every cluster's output in the plan's order, this thread's built from `stream` */
  outputs(stream: RenderStream): Outputs;
  /** stop ends the threads (when nothing is to be rendered after all) */
  stop(): Promise<void>;
}

/**
 * startParts starts `count - 1` threads that each load and place the snapshot while this thread does the same; then
 * every thread takes the next cluster not yet taken, so a thread that started late builds fewer. Output for stdout
 * keeps the plan's order, no thread more than a few clusters ahead of what was written; files are written by the
 * thread that built them.
 */
export function startParts(snapshot: Snapshot, spec: OutputSpec, only: string | undefined, count: number, options: PartsOptions = {}): Parts {
  const counters = new Int32Array(new SharedArrayBuffer(8));
  const window = spec.to === 'out' ? 2 ** 30 : 2 * count;
  const arrived = new Map<number, ClusterOutput>();
  const dropped: DroppedWarning[] = [];
  const state: { ready: number; done: number; failure?: unknown; wake?: () => void } = { ready: 0, done: 0 };
  const fail = (err: unknown) => {
    state.failure ??= err;
    state.wake?.();
  };
  const workers = Array.from({ length: count - 1 }, () => {
    const data: PartData = { snapshot, spec, only, counters, window };
    const worker = new Worker(options.script ?? WORKER_URL, { workerData: data });
    worker.on('message', (m: PartMessage) => {
      if ('ready' in m) state.ready++;
      else if ('pos' in m) arrived.set(m.pos, m);
      else if ('done' in m) {
        dropped.push(...m.done);
        state.done++;
      } else fail(m.failed);
      state.wake?.();
    });
    worker.on('error', fail);
    worker.on('exit', (code) => { if (code !== 0) fail(new Error(`a render thread stopped with exit code ${code}`)); });
    return worker;
  });
  const stop = async () => void (await Promise.all(workers.map((w) => w.terminate())));
  const arrival = () => new Promise<void>((resolve) => (state.wake = resolve));
  async function* each(stream: RenderStream): AsyncGenerator<ClusterOutput> {
    const names = stream.clusterNames;
    const sink = await openSinkFor(spec, stream, only);
    try {
      for (let next = 0; next < names.length;) {
        if (state.failure !== undefined) throw state.failure;
        const ready = arrived.get(next);
        if (ready) {
          arrived.delete(next);
          yield ready;
          Atomics.store(counters, PASSED, ++next);
          Atomics.notify(counters, PASSED);
        } else if (Atomics.load(counters, CLAIMED) < Math.min(names.length, next + window) && (!options.waitForThreads || state.ready === workers.length)) {
          const pos = Atomics.add(counters, CLAIMED, 1);
          if (pos < names.length) arrived.set(pos, await outputOf(stream, sink, only, names[pos] as string));
        } else await arrival();
      }
      // every cluster is out; the threads' warnings come with their end
      while (state.done < workers.length) {
        if (state.failure !== undefined) throw state.failure;
        await arrival();
      }
    } finally {
      await sink.close();
      await stop();
    }
  }
  return { outputs: (stream) => ({ each: each(stream), diagnostics: () => stream.diagnostics(dropped) }), stop };
}
