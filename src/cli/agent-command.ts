import { Option, type Command } from 'commander';
import type { CommandIO, ExitCode } from './io.js';
import { addLimitOptions } from './limit-flags.js';
import { addStatusOptions } from './status-flags.js';

const AGENT_HELP = `
Pull mode, as Karmada's karmada-agent: the member's Cluster object says spec.syncMode: Pull, so the push reconciler
never contacts it; this agent runs inside the member (or next to it) and does its work. Each pass fetches the
repository, renders all of it (the other members are only their Cluster objects and their agents' reports; no
credentials of theirs are needed) and applies, prunes and checks drift on its own member exactly as gitfed reconcile
does: field manager gitfed, the inventory ConfigMap gitfed-system/gitfed-inventory, the mass-deletion guard, and
the commit status context gitfed/<cluster> (--status github|gitlab|gitea; the aggregate gitfed is the push side's).
A member that is not a Cluster with spec.syncMode: Pull in the commit is left alone.

After each pass the agent writes its member's report to the policy repository, ref refs/gitfed/clusters/<cluster>
(one commit, without history, whose tree holds status.json: Ready condition, capacity, node count, the revision it
holds, the pass's state), replacing the last report with a compare-and-swap push (as --force-with-lease): if another
writer moved the ref meanwhile, the push is refused and the agent reads again. The push side reads these refs: a report older than --report-max-age makes the member Ready Unknown
(reason ClusterStatusUnknown), so its taints and failover follow as for an unreachable push member.

The repository unreachable: the member keeps what it holds (nothing applied, nothing pruned) and the agent retries
after 1 s, 2 s, 4 s ... up to --interval. A commit that does not render changes nothing either.

Without --kubeconfig the agent uses its pod's service account (in-cluster config). With --listen it serves /healthz,
/readyz (ready after its first pass) and /metrics, and POST /hooks/{github,gitlab,gitea} starts a pass at once.

Exit codes (--once): 0 applied, healthy and in sync; 1 an object failed, drifted, or the report was not written;
2 invalid input or the commit does not render; 3 the repository or the member unreachable.

Examples:
  gitfed agent --repo https://git.example.com/fleet.git --cluster edge-17
  gitfed agent --repo ./fleet --cluster member3 --kubeconfig ~/.kube/member3 --once`;

/** agentCommand declares `gitfed agent` (in its own file: main.ts holds the other commands' declarations). */
export function agentCommand(program: Command, setExit: (code: ExitCode) => void, io: CommandIO): void {
  addLimitOptions(addStatusOptions(program.command('agent')))
    .description('Pull mode: inside one member cluster, apply its own share of the repository and report its health and capacity through Git.')
    .requiredOption('--repo <url|path>', 'policy repository: an http(s) Git URL, a local Git repository or a plain directory')
    .option('--ref <ref>', 'branch, tag or commit (default: the default branch / HEAD)')
    .option('--path <subdir>', 'only this subdirectory of the repository')
    .requiredOption('--cluster <name>', 'this member\'s name: its Cluster object in the repository')
    .option('--kubeconfig <file>', 'reach the member through this kubeconfig (default: the pod\'s service account)')
    .option('--context <name>', 'with --kubeconfig: the context to use (default: the --cluster name)')
    .option('--once', 'run one pass, print it and exit')
    .option('--interval <duration>', 'without --once: fetch and reconcile this often', '30s')
    .option('--listen <addr>', 'without --once: serve /healthz, /readyz, /metrics and push webhooks at [host]:port')
    .option('--dry-run', 'server-side dry run: report what would change, write nothing to the member')
    .option('--allow-mass-prune', 'let this pass prune past the mass-deletion guard')
    .option('--owner <id>', 'the owner recorded in the inventory (default: the repository URL or path, and --path, as gitfed reconcile)')
    .option('--cache-dir <dir>', 'where the clone and the reports are cached', '.gitfed-cache')
    .option('--cluster-timeout <seconds>', 'the member\'s budget for one pass', '60')
    .option('--report-max-age <duration>', 'other pull members whose report is older than this are Ready Unknown in this render', '60s')
    .addOption(new Option('-f, --format <format>', 'output format of --once').choices(['table', 'json']).default('table'))
    .addHelpText('after', AGENT_HELP)
    .action(async (opts: import('./commands/agent.js').AgentCliOptions) => {
      const { runAgent } = await import('./commands/agent.js');
      setExit(await runAgent(opts, io));
    });
}
