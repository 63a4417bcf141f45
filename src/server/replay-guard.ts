import { createHash } from 'node:crypto';

/** ReplayOptions say how long deliveries are remembered and how many at most. */
export interface ReplayOptions {
  windowMs: number;
  /** entries kept at most; past it the oldest are forgotten first, so memory stays bounded whatever arrives */
  limit: number;
}

/** DEFAULT_REPLAY_OPTIONS: one hour, 10,000 entries. */
export const DEFAULT_REPLAY_OPTIONS: ReplayOptions = { windowMs: 60 * 60 * 1000, limit: 10_000 };

/** ReplayGuard remembers what was already delivered within a window. */
export interface ReplayGuard {
  /** seenBefore returns the first key remembered within the window, or undefined; it remembers nothing */
  seenBefore(keys: readonly string[]): string | undefined;
  /** remember records the keys as delivered now */
  remember(keys: readonly string[]): void;
  /** size is the number of entries held */
  size(): number;
}

/** createReplayGuard keeps digests of keys in arrival order, so expiry and eviction both start at the front. */
export function createReplayGuard(options: ReplayOptions = DEFAULT_REPLAY_OPTIONS, now: () => number = Date.now): ReplayGuard {
  const seen = new Map<string, number>();
  // a fixed-size digest: an entry costs the same whatever the sender put in its headers
  const digest = (key: string): string => createHash('sha256').update(key).digest('base64');
  const expire = (): void => {
    const oldest = now() - options.windowMs;
    for (const [key, at] of seen) {
      if (at > oldest && seen.size <= options.limit) break;
      seen.delete(key);
    }
  };
  return {
    seenBefore(keys) {
      expire();
      return keys.find((k) => seen.has(digest(k)));
    },
    remember(keys) {
      const t = now();
      for (const k of keys) {
        const d = digest(k);
        seen.delete(d);
        seen.set(d, t);
      }
      expire();
    },
    size: () => seen.size,
  };
}
