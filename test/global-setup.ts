import { execFileSync } from 'node:child_process';

/** setup builds dist/ once, as `npm run build` does, so that end-to-end tests run the real `gitfed` binary. */
export function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/bundle-client-node.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/copy-interpreter-data.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { stdio: 'inherit' });
}
