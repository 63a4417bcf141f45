/** Serial runs the calls it is given one after the other, each once the one before it settled. */
export type Serial = <T>(fn: () => Promise<T>) => Promise<T>;

/** serial starts an empty line of calls. */
export function serial(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const run = tail.then(() => fn());
    tail = run.catch(() => undefined);
    return run;
  };
}
