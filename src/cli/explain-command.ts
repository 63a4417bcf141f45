import { Option, type Command } from 'commander';
import type { CommandIO, ExitCode } from './io.js';
import { addLimitOptions } from './limit-flags.js';

/** explainCommand declares `gitfed explain` (in its own file: main.ts holds the other commands' declarations). */
export function explainCommand(program: Command, setExit: (code: ExitCode) => void, io: CommandIO): void {
  addLimitOptions(program.command('explain'))
    .description('Explain why a resource template is, or is not, on each member cluster, offline: the policy that claims it, the filter step that rejected each cluster, the replica arithmetic and which override rule set each field.')
    .argument('<object>', 'KIND/NAMESPACE/NAME, or KIND/NAME for a cluster-scoped object (an object key apiVersion/kind/... works too)')
    .argument('[path]', 'policy repository directory (a Git work tree with --ref)', '.')
    .option('-c, --cluster <name>', 'only this cluster')
    .option('--ref <ref>', 'explain this revision of the Git repository at PATH instead of the files on disk')
    .option('--path <subdir>', 'with --ref: only this subdirectory of the repository')
    .option('--simulate-outage <clusters>', 'explain the placement as if these member clusters (comma-separated) had failed for good')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', `
For the object it prints which policy claimed it and why each other policy that selects it lost (priority,
explicit name over label selector, name order); for every Cluster whether it was kept (with its replicas and
available replicas) or the step that rejected it: a cluster affinity part (clusterNames, exclude, labelSelector,
fieldSelector), a taint not tolerated, a spread field missing, spread selection, an overflow tier not needed, the
replica assignment, suspended dispatching; the replica arithmetic (strategy, weights, exact shares, remainder);
and for every field an override changed, the policy and rule that changed it and the value before.
Taints derived from cluster health need live clusters: offline, --simulate-outage stands in for them.

Exit codes: 0 explained; 2 no such object in the repository, an unknown --cluster, or the repository has errors
(the explanation is printed all the same).

Examples:
  gitfed explain Deployment/shop/web examples/policy-repo
  gitfed explain Deployment/shop/web examples/policy-repo --cluster edge-gpu
  gitfed explain ClusterRole/shop-reader . --ref origin/main --format json`)
    .action(async (target: string, path: string, opts: import('./commands/explain.js').ExplainOptions) => {
      const { runExplain } = await import('./commands/explain.js');
      setExit(await runExplain(target, path, opts, io));
    });
}
