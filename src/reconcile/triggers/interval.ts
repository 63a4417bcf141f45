/** Stoppable is a running trigger source. */
export interface Stoppable {
  stop(): void | Promise<void>;
}

/** JITTER spreads the polls of many reconcilers of one repository so they do not hit the Git server together. */
export const JITTER = 0.1;

/** jittered is `ms` moved by up to ±JITTER of itself. */
export function jittered(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (1 + JITTER * (2 * random() - 1)));
}

/** everyInterval calls `tick` every `ms` (jittered), counting from the previous tick; `ms` 0 never ticks. */
export function everyInterval(ms: number, tick: () => void, random?: () => number): Stoppable {
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    timer = setTimeout(() => {
      tick();
      arm();
    }, jittered(ms, random));
    timer.unref();
  };
  if (ms > 0) arm();
  return { stop: () => clearTimeout(timer) };
}
