/** ExitCode: 0 success or no change, 1 a difference or some clusters failed, 2 invalid input or usage. */
export type ExitCode = 0 | 1 | 2;

/** CommandIO is where a command writes; injected so that tests run commands in-process. */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
}
