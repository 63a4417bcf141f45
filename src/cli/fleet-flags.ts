import type { Command } from 'commander';
import type { LimitFlags } from './limit-flags.js';

/** addFleetOptions declares what every command that reaches the member clusters reads first: the repository and the kubeconfig. */
export function addFleetOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--repo <url|path>', 'policy repository: an http(s) Git URL, a local Git repository (committed trees only) or a plain directory')
    .option('--ref <ref>', 'branch, tag or commit (default: the default branch / HEAD)')
    .option('--path <subdir>', 'only this subdirectory of the repository')
    .requiredOption('--kubeconfig <file>', 'kubeconfig with one context per member cluster (named after it, or after its gitfed.io/context annotation)');
}

/** FleetCliOptions are the flags every command that reads the member clusters shares (addFleetOptions and the limits). */
export interface FleetCliOptions extends LimitFlags {
  repo: string;
  ref?: string;
  path?: string;
  kubeconfig: string;
  format: 'table' | 'json';
  cacheDir?: string;
  clusterTimeout: string;
  concurrency: string;
}
