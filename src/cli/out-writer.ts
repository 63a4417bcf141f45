import { Worker } from 'node:worker_threads';

/**
 * OutBatch is one directory's files packed for one copy to the worker: their paths joined by NUL (no path holds
 * one) and their texts end to end, `ends[i]` where file i's text ends. Two strings cross, not two per file.
 */
export interface OutBatch {
  paths: string;
  text: string;
  ends: Int32Array;
}

/** packFiles packs files (path and text each) into an OutBatch. */
export function packFiles(files: Iterable<{ path: string; text: string }>): OutBatch {
  const paths: string[] = [];
  const ends: number[] = [];
  let text = '';
  for (const f of files) {
    paths.push(f.path);
    text += f.text;
    ends.push(text.length);
  }
  return { paths: paths.join('\0'), text, ends: Int32Array.from(ends) };
}

/**
 * OutWriter writes batches of files on a worker thread while the main thread renders the next cluster: 201,000 small
 * files cost the file system several seconds of synchronous calls, which then overlap the rendering.
 */
export interface OutWriter {
  /** write queues a directory (made once) and its files; it resolves once few enough batches are in flight */
  write(dir: string, batch: OutBatch): Promise<void>;
  /** close waits for every batch and stops the worker; the first failure of any batch is thrown here or by write */
  close(): Promise<void>;
}

/** the worker's code: plain CommonJS run with eval, so that it needs no file of its own next to the compiled CLI */
const WORKER = `
const { parentPort } = require('node:worker_threads');
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const holds = (path, text) => {
  try {
    return readFileSync(path, 'utf8') === text;
  } catch {
    return false;
  }
};
parentPort.on('message', ({ id, dir, paths, text, ends }) => {
  try {
    // a directory made just now holds no file; in one that was there, a file that already holds its text is left
    // alone: reading it costs far less than rewriting it (ext4 writes a truncated file back as it is closed)
    const fresh = mkdirSync(dir, { recursive: true }) !== undefined;
    const names = paths.split('\\0');
    for (let i = 0, start = 0; i < ends.length; start = ends[i++]) {
      const file = text.slice(start, ends[i]);
      if (fresh || !holds(names[i], file)) writeFileSync(names[i], file);
    }
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
    async write(dir, batch) {
      if (failure) throw failure;
      const id = next++;
      const written = new Promise<void>((resolve, reject) => pending.set(id, { resolve, reject }));
      // awaited later (in order, or by close): a failure must not count as unhandled meanwhile
      written.catch(() => undefined);
      done.push(written);
      worker.postMessage({ id, dir, ...batch });
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
