import { execFileSync } from 'node:child_process';

/** setup builds dist/ once with `npm run build` itself, so that end-to-end tests run the real `gitfed` binary. */
export function setup(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
