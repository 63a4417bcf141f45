/** RECONCILE_HELP is the text `gitfed reconcile --help` prints after the options. */
export const RECONCILE_HELP = `
Running: without --once gitfed keeps reconciling until SIGINT/SIGTERM: at start, every --interval, at each
--schedule time, on each verified push webhook (--listen) and, for a local repository, on each new commit.
One cycle runs at a time; triggers during a cycle make one more cycle after it. Logs are JSON lines on stdout.
Webhooks: point the forge's push webhook (content type application/json) at http://HOST:PORT/hooks/github,
/hooks/gitlab or /hooks/gitea with the secret in GITFED_WEBHOOK_SECRET; a bad or missing signature gets 401,
pushes to other branches are ignored. Without the secret, webhooks are refused (403). Headers are checked
before any body byte is read; a body over --webhook-max-body gets 413, more than 16 read at once 503, a body
not in within 10 s 408; a delivery whose ID (or signed payload) arrived in the last hour starts nothing.

Health: without --once each member is probed every --probe-interval; once a failure lasted
--failure-threshold its Ready condition turns False/Unknown and it is tainted (see README, failover): after
the policy's toleration (default 300 s) its replicas move to the others, and gitfed leaves it untouched.
Replicas move back once it has stayed Ready for the hold-down (gitfed.yaml failover.holdDownSeconds, default
120 s; a failed probe restarts it). Moves are graceful: a lowered copy keeps its replicas until the new ones
are available (policy failover purgeMode Gracefully, the default; Directly lowers at once). With --once each
member is probed once: one not Ready is held (no apply, no prune, status error).

Replicas: with --lease-kubeconfig (or in a pod) the process holds the Lease gitfed-reconciler in --lease-namespace
and reconciles only while it does: a second copy waits and takes over within 15 s once the first stops. With
--shard every replica reconciles only its share of the members (consistent hashing, none more than 1.25 x fair);
a member changes hands only once its old owner stopped writing it. See README, "Several replicas".

Credentials: GITFED_GIT_TOKEN (and GITFED_GIT_USERNAME) for the Git server; never printed.
Safety: a commit that does not render changes nothing; pruning deletes only objects listed in the cluster's
inventory (ConfigMap gitfed-system/gitfed-inventory), never objects annotated gitfed.io/prune: disabled, and
refuses to delete more than half of a cluster's inventory or 100 objects at once unless allowed.

Exit codes (--once): 0 every cluster reconciled; 1 some cluster or object failed; 2 invalid input (the commit
does not render, bad flags); 3 the environment failed (the repository or every cluster unreachable, the
kubeconfig unreadable, a --status that could not be posted): retry later. Running: 0 stopped cleanly; 1 the last cycle did not finish within
--shutdown-timeout; 2 bad flags.

Examples:
  gitfed sim --clusters examples/policy-repo --kubeconfig-out /tmp/fleet.kubeconfig &
  gitfed reconcile --repo examples/policy-repo --kubeconfig /tmp/fleet.kubeconfig --once
  gitfed reconcile --repo https://git.example.com/fleet.git --ref main --kubeconfig ~/.kube/fleet --once --dry-run
  GITFED_WEBHOOK_SECRET=... gitfed reconcile --repo https://git.example.com/fleet.git --kubeconfig ~/.kube/fleet \\
    --listen :8080 --interval 5m --schedule '0 * * * *' --status github`;
