/**
 * ExitCode: 0 success or no change, 1 a difference or some clusters failed, 2 invalid input or usage, 3 the
 * environment failed (repository, forge or every cluster unreachable, kubeconfig unreadable).
 */
export type ExitCode = 0 | 1 | 2 | 3;

/** CommandIO is where a command writes; injected so that tests run commands in-process. */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout that resolves once the stream has room again (a slow pipe), for output too large to buffer whole */
  stdoutDrained?(chunk: string | Uint8Array): Promise<void>;
}
