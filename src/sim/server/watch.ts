import type { IncomingMessage, ServerResponse } from 'node:http';
// node's own: a test's fake clock must not hold back the events of a watch
import { setImmediate as realSetImmediate } from 'node:timers';
import type { ClusterApi, WatchOptions } from '../types.js';
import type { ResourceTarget } from './routes.js';
import { JSON_TYPE } from './respond.js';

/** DEFAULT_WATCH_SECONDS bounds a watch without timeoutSeconds (the real server picks 1800..3600 s). */
const DEFAULT_WATCH_SECONDS = 1800;

/**
 * serveWatch streams watch events as JSON lines over a chunked 200 response until the client leaves, the timeout
 * passes or an ERROR event (410 Expired) ends it. Throws only before anything was written. The events of one turn of
 * the event loop go out in one write: each write is a TLS record and a system call, and while a client applies many
 * objects at once the events of dozens of requests are published in the same turn.
 */
export function serveWatch(
  api: ClusterApi,
  req: IncomingMessage,
  res: ServerResponse,
  target: ResourceTarget,
  opts: WatchOptions,
): void {
  // Headers are set, not sent: if api.watch throws synchronously the caller can still answer with a Status.
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Cache-Control', 'no-cache, private');
  let stop: (() => void) | undefined;
  let ended = false;
  let pending = '';
  const flush = (): void => {
    const text = pending;
    pending = '';
    if (text !== '' && !res.writableEnded && !res.destroyed) res.write(text);
  };
  const finish = (): void => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    stop?.();
    flush();
    if (!res.writableEnded) res.end();
  };
  const seconds = opts.timeoutSeconds !== undefined && opts.timeoutSeconds > 0 ? opts.timeoutSeconds : DEFAULT_WATCH_SECONDS;
  // the store ends the stream itself (onEnd); this timer is the backstop should it not
  const timer = setTimeout(finish, seconds * 1000 + 1000);
  timer.unref();
  try {
    stop = api.watch(target.rt, target.namespace, { ...opts, timeoutSeconds: seconds, onEnd: finish }, (event) => {
      if (ended || res.writableEnded || res.destroyed) return;
      if (pending === '') realSetImmediate(flush);
      pending += `${JSON.stringify(event)}\n`;
      if (event.type === 'ERROR') finish();
    });
  } catch (err) {
    ended = true;
    clearTimeout(timer);
    res.removeHeader('Cache-Control');
    throw err;
  }
  // stop may have been set after an ERROR event already finished the stream
  if (ended) stop();
  else if (!res.headersSent) res.flushHeaders();
  req.on('close', finish);
  res.on('close', finish);
  // a write racing a vanished client must end the stream, not reach the process as an unhandled 'error'
  res.on('error', finish);
}
