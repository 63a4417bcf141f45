import { parseArgs } from 'node:util';
import { imageNodeFlags } from './image-node-flags.js';
import { runBench } from './runner.js';
import { SCENARIOS } from './scenarios/index.js';

const USAGE = `usage: npm run bench -- [SCENARIO ...] [--quick] [--exhaustive] [--out FILE] [--list]
  SCENARIO      run only these (default: all): ${SCENARIOS.map((s) => s.name).join(', ')}
  --quick       smallest sizes, one repetition: a smoke run, not figures to publish (also BENCH_QUICK=1)
  --exhaustive  also the comparisons that take minutes (kustomize at T=5000)
  --out FILE    results file (default bench/results/latest.json for a full run)
  BENCH_WATCH_PARTS=commit,drift,noop,isolation,first-sync,restart  the watch scenario runs only these parts
  BENCH_WATCH_COMMITS=N            commits per fleet and drift edits of the watch scenario (default 100)
  BENCH_WATCH_ISOLATION_COMMITS=N  commits per isolation condition (default 200)
  BENCH_WATCH_ISOLATION_ROUNDS=N   turns the isolation part's conditions take, each a block of its commits (default 20)
  BENCH_FIRST_SYNC_ROUNDS=N        how often each tool syncs the watch scenario's first-sync fleet (default 3; medians are shown)
  BENCH_WATCH_FLEETS=50,200                                         the fleets of the watch scenario's commit part
  BENCH_LOOP_ARGS='--concurrency 16'                                flags for the watch scenario's running reconciler
  GITFED_NODE_ARGS='--cpu-prof'     node flags of every running reconciler (default: those of the image's ENTRYPOINT)
`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { quick: { type: 'boolean' }, exhaustive: { type: 'boolean' }, out: { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  process.stdout.write(USAGE);
} else if (values.list) {
  process.stdout.write(SCENARIOS.map((s) => `${s.name.padEnd(8)} ${s.summary}\n`).join(''));
} else if (positionals.some((p) => !SCENARIOS.some((s) => s.name === p))) {
  process.stderr.write(`unknown scenario in ${positionals.join(' ')}\n${USAGE}`);
  process.exitCode = 2;
} else {
  // the running reconciler is started as the container image starts it
  process.env.GITFED_NODE_ARGS ??= imageNodeFlags().join(' ');
  const { failed } = await runBench({
    quick: values.quick ?? process.env.BENCH_QUICK === '1',
    exhaustive: values.exhaustive ?? false,
    only: positionals,
    ...(values.out ? { out: values.out } : {}),
  });
  process.exitCode = failed ? 1 : 0;
}
