import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { kubectlVersion } from './kubectl-bin.js';

/** Machine describes where the figures were taken; they mean little without it. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  kubectl: string;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews the figures */
  loadAverage: number[];
}

/** describeMachine reads the machine's CPU, memory, OS, Node and kubectl versions and current load. */
export function describeMachine(): Machine {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    kubectl: kubectlVersion(),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
