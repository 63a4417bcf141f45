/**
 * The demo's pull-mode member: a cluster the central reconciler cannot reach (think of a store behind NAT). Its
 * Cluster object says spec.syncMode: Pull; `gitfed agent` runs beside it with the only credentials for it, applies
 * its share of the same repository, and reports its health and capacity back through Git.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitAll } from '../git/local-repo.js';
import { CLUSTER_REPORTS_PREFIX } from '../git/cluster-reports.js';
import { reportStoreOf } from '../reconcile/report-source.js';
import { renderKubeconfig } from '../sim/fleet.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../kube/field-manager.js';
import { parseAgentReport } from '../model/agent-report.js';
import type { CommandIO } from './io.js';
import type { DemoWorld } from './demo-world.js';
import { runAgent } from './commands/agent.js';
import { runClusters } from './commands/clusters.js';

/** PULL is the member that pulls: labelled env=edge, so it gets the fleet-wide platform objects, not the shop. */
const PULL = 'store-nat';
const CLUSTER_YAML = `---
# A store's cluster behind NAT: the central reconciler cannot reach it and holds no credentials for it. Its agent
# (gitfed agent, deploy/agent/) pulls this repository, applies its own share and reports back through Git.
apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata:
  name: ${PULL}
  labels:
    env: edge
spec:
  syncMode: Pull
  provider: onprem
  region: europe-west
`;

/** stepPull adds the pull member, shows the push side leave it alone and its agent apply and report; true when all held. */
export async function stepPull(world: DemoWorld, io: CommandIO, heading: (title: string, why: string) => void, reconcile: () => Promise<number>): Promise<boolean> {
  const member = await world.fleet.add({ name: PULL, labels: { env: 'edge' } });
  // the agent's kubeconfig reaches this member only; the push side's kubeconfig never learns of it
  const agentKubeconfig = join(world.dir, `${PULL}.kubeconfig`);
  await writeFile(agentKubeconfig, renderKubeconfig([member], world.fleet.caPem), { mode: 0o600 });
  await appendFile(join(world.repo, 'clusters/clusters.yaml'), CLUSTER_YAML);
  const sha = await commitAll(world.repo, `clusters: ${PULL} joins in pull mode`);
  heading(`a member in pull mode: an agent inside it applies its own share`,
    `clusters/clusters.yaml (commit ${sha.slice(0, 12)}) adds ${PULL} with spec.syncMode: Pull. The push reconciler skips it\n` +
    'and never connects to it; `gitfed agent --cluster ' + PULL + '` runs beside it with the only credentials for it,\n' +
    `renders the same commit, applies ${PULL}'s share and writes a report (Ready, capacity, revision) to the ref\n` +
    `${CLUSTER_REPORTS_PREFIX}${PULL} of the repository. The push side reads that ref: Git is the one thing both reach.`);
  const pushed = (await reconcile()) === 0;
  const pushRequests = member.counters.snapshot().total;
  io.stdout(`\n  requests the push reconciler sent to ${PULL}: ${pushRequests}\n\n  $ gitfed agent --repo ${world.repo} --cluster ${PULL} --kubeconfig ${agentKubeconfig} --once\n  `);
  const agent = await runAgent({
    repo: world.repo, cluster: PULL, kubeconfig: agentKubeconfig, once: true, interval: '30s', cacheDir: join(world.dir, 'agent-cache'),
    clusterTimeout: '30', reportMaxAge: '60s', format: 'table',
  }, io);
  const held = heldObjects(world, PULL);
  io.stdout(`\n  objects on ${PULL}, applied by its agent: ${held.join(', ')}\n`);
  const report = (await reportStoreOf({ repo: world.repo, cacheDir: join(world.dir, 'cache') })?.readAll())?.get(PULL);
  io.stdout(`  its report in ${CLUSTER_REPORTS_PREFIX}${PULL} (status.json): ${summary(report)}\n\n  $ gitfed clusters  (the push side: ${PULL}'s row comes from the report, not from a probe)\n`);
  const listed = await runClusters({ repo: world.repo, kubeconfig: world.kubeconfig, format: 'table', cacheDir: join(world.dir, 'cache'), clusterTimeout: '10', concurrency: '8' }, indent(io));
  return pushed && pushRequests === 0 && agent === 0 && held.length > 0 && report !== undefined && listed === 0;
}

/** heldObjects lists what gitfed manages on one simulated member, as Kind/namespace/name. */
function heldObjects(world: DemoWorld, cluster: string): string[] {
  const api = world.fleet.cluster(cluster).api;
  const keys = api.resources().filter((rt) => rt.verbs.includes('list'))
    .flatMap((rt) => api.list(rt, undefined, { labelSelector: `${MANAGED_BY_LABEL}=${FIELD_MANAGER}` }).items
      .map((o) => [rt.kind, o.metadata?.namespace, o.metadata?.name].filter(Boolean).join('/')));
  return [...new Set(keys)].sort();
}

/** summary prints the few fields of a report a person looks at first. */
function summary(text: string | undefined): string {
  const r = text === undefined ? undefined : parseAgentReport(text);
  if (!r) return '(no report)';
  return `revision ${r.revision?.slice(0, 12) ?? '-'}, state ${r.state}, Ready ${r.condition.status}` + (r.capacity ? `, capacity ${JSON.stringify(r.capacity)}` : '');
}

function indent(io: CommandIO): CommandIO {
  return { stderr: io.stderr, stdout: (text) => io.stdout(text.replace(/^(?=.)/gm, '  ')) };
}
