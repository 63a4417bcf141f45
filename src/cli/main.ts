#!/usr/bin/env node
import { RECONCILE_HELP } from './reconcile-help.js';
import { Command, CommanderError, Option } from 'commander';
import { GitfedError } from '../model/errors.js';
import { exitCodeOfError } from './exit-codes.js';
import type { CommandIO, ExitCode } from './io.js';
import { addFleetOptions } from './fleet-flags.js';
import { addLimitOptions } from './limit-flags.js';
import { addStatusOptions } from './status-flags.js';
import { statusCommand } from './status-command.js';
import { explainCommand } from './explain-command.js';
import { agentCommand } from './agent-command.js';

const io: CommandIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stdoutDrained: (chunk) => new Promise((done) => {
    if (process.stdout.write(chunk)) done();
    else process.stdout.once('drain', done);
  }),
};

// `gitfed ... | head` closes the pipe early; that is the reader's choice, not an error
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

type SetExit = (code: ExitCode) => void;

/** buildProgram declares the command table; each command module is loaded only when it runs. */
export function buildProgram(setExit: SetExit): Command {
  const program = new Command('gitfed')
    .description('GitOps for fleets of Kubernetes clusters: renders Karmada-style placement from a Git repository and applies it to every member cluster.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  for (const declare of [renderCommand, simCommand, demoCommand, planCommand, reconcileCommand, driftCommand, clustersCommand]) declare(program, setExit);
  statusCommand(program, setExit, io);
  explainCommand(program, setExit, io);
  agentCommand(program, setExit, io);

  return program;
}

/** renderCommand declares `gitfed render`. */
function renderCommand(program: Command, setExit: SetExit): void {
  addLimitOptions(program.command('render'))
    .description('Render the exact objects every member cluster must hold, offline (no cluster access).')
    .argument('[path]', 'policy repository directory', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('-c, --cluster <name>', 'only this cluster')
    .option('-o, --out <dir>', 'write <dir>/<cluster>/<kind>-<namespace>-<name>.yaml instead of printing')
    .addOption(new Option('--out-layout <layout>', 'with --out: a file per object, or one multi-document <dir>/<cluster>.yaml per cluster').choices(['object', 'cluster']).default('object'))
    .option('--threads <n>', 'threads that render, each loading the repository and building a share of the clusters; the output is the same (default: as many as there are cores, up to 4, for a repository of 256 KiB or more, except with a file per object; else 1)')
    .addHelpText('after', `
Exit codes: 0 rendered; 2 the repository has errors (printed as file:line: message on stderr; nothing is rendered).

Examples:
  gitfed render examples/policy-repo
  gitfed render examples/policy-repo --format json --cluster member1
  gitfed render examples/policy-repo --out rendered/
  gitfed render examples/policy-repo --out rendered/ --out-layout cluster`)
    .action(async (path: string, opts: import('./commands/render.js').RenderOptions) => {
      const { runRender } = await import('./commands/render.js');
      setExit(await runRender(path, opts, io));
    });
}

/** simCommand declares `gitfed sim`. */
function simCommand(program: Command, setExit: SetExit): void {
  program
    .command('sim')
    .description('Start simulated Kubernetes member clusters on 127.0.0.1 (HTTPS, token auth) and write a kubeconfig for them; runs until interrupted.')
    .option('--clusters <path|n>', 'a policy repository whose Cluster objects to simulate, or a number N of clusters member1..N (default: 3)')
    .option('--kubeconfig-out <file>', 'where to write the kubeconfig (mode 0600)', './gitfed-sim.kubeconfig')
    .addOption(new Option('-f, --format <format>', 'output format of the cluster table').choices(['table', 'json']).default('table'))
    .option('--status-delay <ms>', 'milliseconds before a workload\'s status follows its spec (0 = at once)', '100')
    .option('--admin <[host:]port>', 'serve the admin endpoint (faults, request counters) over plain HTTP; host defaults to 127.0.0.1')
    .addHelpText('after', `
Each simulated cluster is named and labelled after its Cluster object; its Nodes split the declared
status.resourceSummary.allocatable into nodes of at most 16 CPUs (one node of 16 CPU, 64Gi, 110 pods when
nothing is declared). Workloads get status after --status-delay; replicas beyond the free capacity stay
unready, as Pending pods do. The kubeconfig has one context per cluster, named after it (or after the
Cluster's gitfed.io/context annotation). SIGINT or SIGTERM stops every cluster; the exit code is then 0.

With --admin, a plain-HTTP endpoint (no authentication; loopback unless a host is given) lets a script
stop, slow or break a cluster and count what was sent to it:
  GET   /clusters                          every cluster: URL, faults, request counters by verb
  GET   /clusters/<name>                   one cluster
  PATCH /clusters/<name>/faults            JSON, partial: {"down": true}, {"latencyMs": 5000},
                                           {"errorRate": 0.5, "errorCodes": [503], "errorVerbs": ["patch"]}
                                           {"health": "failing"} (/readyz answers 500), {"health": "no-readyz"}
  POST  /clusters/<name>/faults/reset      back to healthy
  POST  /clusters/<name>/counters/reset    counters to zero

Exit codes: 0 stopped cleanly; 2 invalid input (repository errors are printed as file:line: message, a bad
--admin address).

Examples:
  gitfed sim
  gitfed sim --clusters examples/policy-repo --kubeconfig-out /tmp/fleet.kubeconfig
  kubectl --kubeconfig /tmp/fleet.kubeconfig --context gcp-europe get nodes
  gitfed sim --clusters 10 --format json
  gitfed sim --admin 9090 &  curl -X PATCH -d '{"down":true}' http://127.0.0.1:9090/clusters/member2/faults`)
    .action(async (opts: import('./commands/sim.js').SimOptions) => {
      const { runSim } = await import('./commands/sim.js');
      setExit(await runSim(opts, io));
    });
}

/** demoCommand declares `gitfed demo`. */
function demoCommand(program: Command, setExit: SetExit): void {
  program
    .command('demo')
    .description('Show gitfed end to end on simulated clusters: reconcile the example, correct a hand edit, plan and apply a change, fail over an outage.')
    .option('--keep', 'leave the simulated clusters running afterwards (until Ctrl-C) and print how to reach them with kubectl')
    .addHelpText('after', `
Starts one simulated cluster per Cluster object of examples/policy-repo, commits the example into a temporary
Git repository, reconciles it (statuses as git notes), edits a Deployment by hand as kubectl-edit and shows the
drift reported and corrected, then commits a weight change and prints its plan and the reconcile that follows.
Last, the running reconciler (health probes every 200 ms, a 1 s failure threshold, failover after 1 s as the
demo's gitfed.yaml sets it) watches gcp-europe stop answering: its replicas move to the other members, its own
objects stay untouched, and web's replicas come back when it answers again.
Everything runs in this process on 127.0.0.1; the temporary directory is removed at the end. Also: npm start.

Exit codes: 0 every step went as shown; 1 a step did not.

Examples:
  gitfed demo
  gitfed demo --keep`)
    .action(async (opts: import('./commands/demo.js').DemoOptions) => {
      const { runDemo } = await import('./commands/demo.js');
      setExit(await runDemo(opts, io));
    });
}

/** planCommand declares `gitfed plan`. */
function planCommand(program: Command, setExit: SetExit): void {
  addLimitOptions(addStatusOptions(program.command('plan')))
    .description('Show what a change would do to every member cluster, offline (no cluster credentials): for a pull request.')
    .argument('[path]', 'local Git repository of the policies', '.')
    .option('--base <ref>', 'the revision the change starts from (e.g. the target branch); required with --head')
    .option('--head <ref>', 'the revision to plan (e.g. the pull request head); required with --base')
    .option('--path <subdir>', 'only this subdirectory of the repository')
    .option('--simulate-outage <clusters>', 'also show where every replica would go if these member clusters (comma-separated) failed')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['markdown', 'json']).default('markdown'))
    .addHelpText('after', `
Shows per cluster the objects added, removed and changed (a unified diff of the rendered YAML), replica
moves, clusters that start or stop receiving a resource, deletions the mass-deletion guard would hold back,
and the head's diagnostics. The markdown is ready to post as a pull-request comment.

--simulate-outage A,B renders the head again as if members A and B had failed for good (unreachable,
NoExecute-tainted, every toleration with tolerationSeconds run out) and shows per template the replicas on
each cluster now and after failover, the templates that could not be placed anywhere, replicas a policy
leaves on a failed cluster (tolerated for ever), and survivors given more replicas than their capacity
holds. Offline, from the repository's declared capacity. Without --base and --head it plans PATH's work
tree (any directory) against itself.

With --status it posts the context gitfed/plan on the head commit: success with the one-line summary, failure
when the head does not render or the mass-deletion guard would hold back its deletions. A forge's repository
comes from its flag (--github-repo, ...) or from the repository's origin remote; notes are written to PATH.

Exit codes: 0 no change (and the fleet survives the simulated outage); 1 changes, or the fleet would not
survive the outage (a template placed nowhere or left on a failed cluster); 2 the head does not render, a ref
does not exist, or --simulate-outage names no member cluster (also with --status); 3 the gitfed/plan status
could not be posted (the forge unreachable or refusing the token): retry later.

Examples:
  gitfed plan . --base origin/main --head HEAD
  gitfed plan examples/policy-repo --simulate-outage aws-us-east
  gitfed plan . --base origin/main --head HEAD --simulate-outage gcp-europe,azure-asia --format json
  GITHUB_TOKEN=... gitfed plan . --base origin/main --head HEAD --status github --status-target-url "$PR_URL"`)
    .action(async (path: string, opts: import('./commands/plan.js').PlanOptions) => {
      const { runPlan } = await import('./commands/plan.js');
      setExit(await runPlan(path, opts, io));
    });
}

/** reconcileCommand declares `gitfed reconcile`. */
function reconcileCommand(program: Command, setExit: SetExit): void {
  addFleetOptions(addLimitOptions(addStatusOptions(program.command('reconcile'))))
    .description('Make every member cluster hold exactly what the repository says: render, server-side apply with field manager gitfed, prune from the inventory; once, or until stopped.')
    .option('--once', 'run one reconcile cycle, print its table and exit')
    .option('--interval <duration>', 'without --once: poll the repository this often, ±10% jitter (0 = never)', '1m')
    .option('--schedule <cron>', 'without --once: also run a cycle at these times (cron, 5 fields or 6 with seconds)')
    .option('--listen <addr>', 'without --once: serve POST /hooks/{github,gitlab,gitea}, /healthz, /readyz and /metrics at [host]:port')
    .option('--shutdown-timeout <duration>', 'without --once: on SIGTERM, how long the current cycle may take to finish', '30s')
    .option('--webhook-max-body <size>', 'with --listen: the largest webhook body read, for every forge (4MiB) or per forge (github=4MiB,gitea=512KiB); default 2MiB, larger gets 413')
    .option('--dry-run', 'server-side dry run: report what would change, write nothing')
    .option('--allow-mass-prune', 'let this cycle prune past the mass-deletion guard')
    .option('--owner <id>', 'the owner recorded in each cluster\'s inventory (default: the repository URL or path, and --path); another owner\'s clusters are refused')
    .addOption(new Option('-f, --format <format>', 'output format of --once').choices(['table', 'json']).default('table'))
    .option('--cache-dir <dir>', 'where remote clones are cached', '.gitfed-cache')
    .option('--cluster-timeout <seconds>', 'one cluster\'s whole budget', '60')
    .option('--concurrency <n>', 'clusters reconciled at once', '8')
    .option('--probe-interval <duration>', 'without --once: probe each member\'s /readyz this often', '10s')
    .option('--failure-threshold <duration>', 'without --once: a change of a member\'s health counts once it lasted this long', '30s')
    .option('--report-max-age <duration>', 'a pull member (spec.syncMode: Pull) whose agent\'s report is older than this is Ready Unknown', '60s')
    .option('--shard', 'without --once: one of several replicas; the members are shared among the live ones through Leases')
    .option('--lease-kubeconfig <file>', 'without --once: the management cluster holding the Leases (its current context; default: in a pod, its own cluster)')
    .option('--lease-context <name>', 'with --lease-kubeconfig: a context other than the current one')
    .option('--lease-namespace <ns>', 'without --once: the namespace of the Leases (default gitfed-system)')
    .option('--no-lease', 'without --once: take no Lease, even in a pod')
    .addHelpText('after', RECONCILE_HELP)
    .action(async (opts: import('./commands/reconcile-loop.js').LoopCliOptions) => {
      if (opts.once) {
        const { runReconcile } = await import('./commands/reconcile.js');
        setExit(await runReconcile(opts, io, Boolean(process.stderr.isTTY)));
        return;
      }
      const { runReconcileLoop } = await import('./commands/reconcile-loop.js');
      const code = await runReconcileLoop(opts, io);
      setExit(code);
      // a cycle abandoned at shutdown must not keep the process alive
      if (code === 1) process.exit(code);
    });
}

/** driftCommand declares `gitfed drift`. */
function driftCommand(program: Command, setExit: SetExit): void {
  addFleetOptions(addLimitOptions(addStatusOptions(program.command('drift'))))
    .description('Compare every member cluster with what the repository says and report what someone else changed; writes nothing to any cluster.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--cache-dir <dir>', 'where remote clones are cached', '.gitfed-cache')
    .option('--cluster-timeout <seconds>', 'one cluster\'s whole budget', '60')
    .option('--concurrency <n>', 'clusters checked at once', '8')
    .addHelpText('after', `
Drift is a field gitfed applies whose live value another field manager wrote (kubectl edit, kubectl scale,
another controller), or an object of the cluster's inventory that is gone. Fields gitfed never sets (server
defaults, replicas owned by an HPA) are not drift. Only GETs and server-side dry runs reach the clusters.
Objects annotated gitfed.io/drift: ignore are not reported; Secret values are printed as ***.

Exit codes: 0 every cluster in sync; 1 drift, or a cluster could not be checked; 2 invalid input or the commit
does not render; 3 the repository or every cluster unreachable, the kubeconfig unreadable, or a --status
that could not be posted.

Examples:
  gitfed drift --repo examples/policy-repo --kubeconfig /tmp/fleet.kubeconfig
  gitfed drift --repo https://git.example.com/fleet.git --kubeconfig ~/.kube/fleet --format json`)
    .action(async (opts: import('./commands/drift.js').DriftCliOptions) => {
      const { runDrift } = await import('./commands/drift.js');
      setExit(await runDrift(opts, io));
    });
}

/** clustersCommand declares `gitfed clusters`. */
function clustersCommand(program: Command, setExit: SetExit): void {
  addFleetOptions(addLimitOptions(program.command('clusters')))
    .description('Probe every member cluster the repository declares once and list its health, version, nodes, free capacity and taints; writes nothing.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--cache-dir <dir>', 'where remote clones are cached', '.gitfed-cache')
    .option('--cluster-timeout <seconds>', 'one cluster\'s whole budget (probe, /version, Nodes and Pods)', '10')
    .option('--concurrency <n>', 'clusters probed at once', '16')
    .option('--fail-on-unready', 'exit 1 when a cluster is not Ready')
    .option('--report-max-age <duration>', 'a pull member whose agent\'s report is older than this is Ready Unknown', '60s')
    .addHelpText('after', `
READY is the cluster's Ready condition as KubeFedCluster and Karmada's Cluster show it, from GET /readyz (or
/healthz where /readyz is not served): True (answered ok), False (answered otherwise: reason ClusterNotReady)
or Unknown (no answer: ClusterNotReachable; no kubeconfig context for it: ClusterConfigMalformed). One round
reports what the probe finds now; the running reconciler waits for a failure to last 30 s before it changes a
condition. AGE is how long the condition has had its status. CPU, MEMORY and PODS are free/allocatable: the
Nodes' allocatable minus the requests of Pods not finished. TAINTS are the Cluster's own spec.taints and the
ones gitfed derives from health: cluster.karmada.io/not-ready:NoSchedule (False), .../unreachable:NoSchedule
(Unknown). Why a cluster is not Ready is printed under the table.

Exit codes: 0 listed (whatever the clusters' health); 1 with --fail-on-unready, some cluster is not Ready;
2 invalid input (bad flags, a repository without Cluster objects); 3 the repository or the kubeconfig
could not be read.

Examples:
  gitfed clusters --repo examples/policy-repo --kubeconfig /tmp/fleet.kubeconfig
  gitfed clusters --repo https://git.example.com/fleet.git --kubeconfig ~/.kube/fleet --format json`)
    .action(async (opts: import('./commands/clusters.js').ClustersCliOptions) => {
      const { runClusters } = await import('./commands/clusters.js');
      setExit(await runClusters(opts, io));
    });
}

/** main runs the CLI and maps every outcome to an exit code; the only place that sets one. */
export async function main(argv: string[]): Promise<void> {
  let code: ExitCode = 0;
  try {
    await buildProgram((c) => (code = c)).parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      code = err.exitCode === 0 ? 0 : 2;
    } else if (err instanceof GitfedError) {
      io.stderr(`gitfed: ${err.message}\n`);
      code = exitCodeOfError(err);
    } else {
      io.stderr(`gitfed: ${err instanceof Error ? err.message : String(err)}\n`);
      code = 2;
    }
  }
  process.exitCode = code;
}

await main(process.argv);
