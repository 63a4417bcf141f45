import { Option, type Command } from 'commander';
import { addFleetOptions } from './fleet-flags.js';
import type { CommandIO, ExitCode } from './io.js';
import { addLimitOptions } from './limit-flags.js';

/** statusCommand declares `gitfed status` (in its own file: main.ts holds the other commands' declarations). */
export function statusCommand(program: Command, setExit: (code: ExitCode) => void, io: CommandIO): void {
  addFleetOptions(addLimitOptions(program.command('status')))
    .description('Show, per resource template, READY summed over the member clusters and each member\'s health (read as kstatus does); writes nothing.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--cache-dir <dir>', 'where remote clones are cached', '.gitfed-cache')
    .option('--cluster-timeout <seconds>', 'one cluster\'s whole budget (capacity read and workload lists)', '10')
    .option('--concurrency <n>', 'clusters read at once', '16')
    .option('--report-max-age <duration>', 'a pull member is read from its agent\'s report while it is younger than this', '60s')
    .addHelpText('after', `
The commit is rendered as the reconcile would (live capacities and placement included); then each member is
asked once per kind for the objects planned there. Each copy is read the way kstatus (sigs.k8s.io/cli-utils)
does: Current (its controller caught up: a Deployment's replicas updated, ready and available, a StatefulSet's
revision current, a DaemonSet scheduled everywhere, a Job complete, a Ready condition True), InProgress (rolling
out, not ready yet), Failed (a Deployment past its progress deadline, a failed Job, Stalled=True) or Unknown
(not there yet, or its cluster could not be read: shown as unreachable). HEALTH in --format json is Karmada's
word for the same: Healthy (Current), Unhealthy, Unknown.

Each template's row shows READY summed over its members (ready/desired pods, as kubectl get deploy on Karmada
shows nginx 2/2) and the worst status of its members; under it one row per member: cluster, READY, status and
why. A member that cannot be read counts its planned replicas as desired and none as ready. A member in pull
mode (spec.syncMode: Pull) is never contacted: its rows come from its agent's last report in the repository
(refs/gitfed/clusters/<name>, how each object it holds reads), and are unreachable when that report is missing
or older than --report-max-age.

Exit codes: 0 every template Current on every member; 1 some template is not Current (or a member could not be
read); 2 invalid input (bad flags, the commit does not render); 3 no member could be read, or the repository or
the kubeconfig could not be read.

Examples:
  gitfed status --repo examples/policy-repo --kubeconfig /tmp/fleet.kubeconfig
  gitfed status --repo https://git.example.com/fleet.git --kubeconfig ~/.kube/fleet --format json`)
    .action(async (opts: import('./commands/status.js').StatusCommandOptions) => {
      const { runStatus } = await import('./commands/status.js');
      setExit(await runStatus(opts, io));
    });
}
