import { Worker } from 'node:worker_threads';

/** OutFile is one file `render --out` writes. */
export interface OutFile {
  path: string;
  text: string;
}

/**
 * OutWriter writes batches of files on a worker thread while the main thread renders the next cluster: 201,000 small
 * files cost the file system several seconds of synchronous calls, which then overlap the rendering.
 */
export interface OutWriter {
  /** write queues a directory (made once) and its files; it resolves once few enough batches are in flight */
  write(dir: string, files: readonly OutFile[]): Promise<void>;
  /** close waits for every batch and stops the worker; the first failure of any batch is thrown here or by write */
  close(): Promise<void>;
}

/** the worker's code: plain CommonJS run with eval, so that it needs no file of its own next to the compiled CLI */
const WORKER = `
const { parentPort } = require('node:worker_threads');
const { mkdirSync, writeFileSync } = require('node:fs');
parentPort.on('message', ({ id, dir, files }) => {
  try {
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < files.length; i += 2) writeFileSync(files[i], files[i + 1]);
    parentPort.postMessage({ id });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
`;

/** IN_FLIGHT bounds the batches (one cluster's files each) queued to the worker: memory holds at most these. */
const IN_FLIGHT = 2;

/** startOutWriter starts the worker; every OutWriter must be closed. */
export function startOutWriter(): OutWriter {
  const worker = new Worker(WORKER, { eval: true });
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  let failure: Error | undefined;
  let next = 0;
  worker.on('message', (m: { id: number; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) failure ??= new Error(m.error);
    if (failure) p?.reject(failure);
    else p?.resolve();
  });
  worker.on('error', (err) => {
    failure ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  });
  const done: Promise<void>[] = [];
  return {
    async write(dir, files) {
      if (failure) throw failure;
      const id = next++;
      // flat [path, text, ...]: one array to copy to the worker, not an object per file
      const flat: string[] = [];
      for (const f of files) flat.push(f.path, f.text);
      const written = new Promise<void>((resolve, reject) => pending.set(id, { resolve, reject }));
      // awaited later (in order, or by close): a failure must not count as unhandled meanwhile
      written.catch(() => undefined);
      done.push(written);
      worker.postMessage({ id, dir, files: flat });
      if (done.length >= IN_FLIGHT) await done.shift();
    },
    async close() {
      try {
        await Promise.all(done.splice(0));
        if (failure) throw failure;
      } finally {
        await worker.terminate();
      }
    },
  };
}
