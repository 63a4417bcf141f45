import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * collectGarbage runs a full collection of the benchmark's own heap. The simulated clusters of an earlier run are
 * garbage once stopped, tens of thousands of objects after the 200-cluster part, and the collection of them must not
 * fall inside the next measured run, where it takes the simulators' core from whichever tool runs then.
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
