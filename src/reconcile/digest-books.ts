/** The running reconciler's digest books, one per cluster (src/apply/digest-book.ts), and their write-back on stop. */
import { flushDigests, type DigestBook } from '../apply/digest-book.js';
import type { ClusterClient, LiveCache } from '../kube/cluster-client.js';
import { asGitfedError, type GitfedError } from '../model/errors.js';

/** bookOf is a cluster's book, started empty (the first pass fills it from the inventory). */
export function bookOf(books: Map<string, DigestBook>, name: string): DigestBook {
  const book = books.get(name) ?? {};
  books.set(name, book);
  return book;
}

/** flushBooks writes back every book whose cluster can still be reached; a failure is told and costs only checks. */
export async function flushBooks(books: ReadonlyMap<string, DigestBook>, reach: (name: string) => { client: ClusterClient; cache?: LiveCache | undefined } | undefined, failed: (err: GitfedError) => void): Promise<void> {
  await Promise.all([...books].map(async ([name, book]) => {
    const to = reach(name);
    if (!to) return;
    await flushDigests(to.client, book, to.cache).catch((err: unknown) => failed(asGitfedError(err, 'ClusterApiError')));
  }));
}
