import type { Readable } from 'node:stream';

/**
 * whenOutput resolves once `ok(read())` holds, checking again on every chunk `stream` emits (after the listener
 * that collects the output, which was added first); it rejects if the stream ends before. Tests wait for the
 * output itself, never for a while.
 */
export function whenOutput(stream: Readable | null | undefined, read: () => string, ok: (out: string) => boolean, what: string): Promise<void> {
  if (ok(read())) return Promise.resolve();
  if (!stream) return Promise.reject(new Error(`no output stream to wait for ${what}`));
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      if (!ok(read())) return;
      stop();
      resolve();
    };
    const onEnd = (): void => {
      stop();
      if (ok(read())) resolve();
      else reject(new Error(`the output ended before ${what}: ${read()}`));
    };
    const stop = (): void => {
      stream.off('data', onData);
      stream.off('close', onEnd);
    };
    stream.on('data', onData);
    stream.on('close', onEnd);
  });
}
