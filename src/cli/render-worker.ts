import { parentPort, workerData } from 'node:worker_threads';
import { streamSnapshot } from '../render/index.js';
import { openSinkFor, outputOf } from './render-output.js';
import { CLAIMED, PASSED, type PartData, type PartMessage } from './render-threads.js';

/* A render thread (render-threads.ts): loads and places the snapshot, then builds and hands on the clusters it takes. */

const { snapshot, spec, only, counters, window } = workerData as PartData;
const post = (m: PartMessage) => parentPort?.postMessage(m);

/** waitForRoom blocks until the main thread has passed on all but `window` clusters before `pos`: memory stays bounded. */
function waitForRoom(pos: number): void {
  for (let seen = Atomics.load(counters, PASSED); pos >= seen + window; seen = Atomics.load(counters, PASSED)) Atomics.wait(counters, PASSED, seen);
}

async function run(): Promise<void> {
  const stream = streamSnapshot(snapshot);
  const names = stream.clusterNames;
  // with errors, or an unknown --cluster, the main thread renders nothing and stops this thread: nothing is written
  if (stream.placementDiagnostics.some((d) => d.severity === 'error') || (only !== undefined && !names.includes(only))) return;
  const sink = await openSinkFor(spec, stream, only);
  try {
    let pos = Atomics.add(counters, CLAIMED, 1);
    // said after this thread's first cluster is taken: a main thread told to wait for it cannot take them all first
    post({ ready: true });
    for (; pos < names.length; pos = Atomics.add(counters, CLAIMED, 1)) {
      waitForRoom(pos);
      post({ pos, ...(await outputOf(stream, sink, only, names[pos] as string)) });
    }
  } finally {
    await sink.close();
  }
  post({ done: stream.dropped() });
}

run().catch((failed: unknown) => post({ failed }));
