import { readFileSync } from 'node:fs';

/**
 * imageNodeFlags are the node flags of the container image's ENTRYPOINT (`node <flags> /app/dist/cli/main.js`):
 * the benchmarks run the reconciler with them, as a deployment of the image does.
 */
export function imageNodeFlags(dockerfile = 'Dockerfile'): string[] {
  const line = readFileSync(dockerfile, 'utf8').split('\n').find((l) => l.startsWith('ENTRYPOINT '));
  if (!line) throw new Error(`${dockerfile} has no ENTRYPOINT`);
  const argv = JSON.parse(line.slice('ENTRYPOINT '.length)) as string[];
  const script = argv.findIndex((a) => a.endsWith('/main.js'));
  if (argv[0] !== 'node' || script < 0) throw new Error(`${dockerfile}: ENTRYPOINT is not node <flags> <main.js>: ${line}`);
  return argv.slice(1, script);
}
