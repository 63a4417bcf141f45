import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** GitServer is a running smart-HTTP git server over a folder of bare repositories. */
export interface GitServer {
  root: string;
  port: number;
  /** urlOf gives the clone URL of repository `name` (a bare `name.git` under root) */
  urlOf(name: string): string;
  stop(): Promise<void>;
}

/** startGitServer runs test/helpers/git-http-server.mjs in its own process (git http-backend behind Node). */
export async function startGitServer(opts: { token?: string } = {}): Promise<GitServer> {
  const root = mkdtempSync(join(tmpdir(), 'gitfed-git-'));
  const script = resolve('test/helpers/git-http-server.mjs');
  const child: ChildProcess = spawn(process.execPath, [script, root, ...(opts.token ? [opts.token] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`git server exited with ${code}`)));
    child.stdout?.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(d.toString());
      if (m) ok(Number(m[1]));
    });
  });
  return {
    root,
    port,
    urlOf: (name) => `http://127.0.0.1:${port}/${name}.git`,
    stop: () => new Promise((ok) => {
      child.once('exit', () => { rmSync(root, { recursive: true, force: true }); ok(); });
      child.kill('SIGTERM');
    }),
  };
}

const AUTHOR = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...AUTHOR } }).trim();
}

/** shAsync runs a shell script (its arguments are $1...) in cwd with the test author, and resolves to its output. */
function shAsync(cwd: string, script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', script, 'sh', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...AUTHOR } }, (err, stdout) => (err ? reject(err) : resolve(stdout.trim())));
  });
}

/** WorkRepo is a local clone of a served repository where tests commit and push. */
export interface WorkRepo {
  dir: string;
  /** commit writes files (null deletes), commits and pushes the current branch; returns the new commit sha */
  commit(files: Record<string, string | null>, message?: string): string;
  /**
   * commitAsync is commit without blocking the event loop while git runs: a benchmark's simulated clusters, served
   * by the same process, go on answering the reconciler meanwhile, as real members would during a push
   */
  commitAsync(files: Record<string, string | null>, message?: string): Promise<string>;
  git(args: string[]): string;
}

/** createRepo makes a bare repository `name` in the server root and a work clone pushing to it. */
export function createRepo(server: GitServer, name: string, branch = 'main'): WorkRepo {
  const bare = join(server.root, `${name}.git`);
  execFileSync('git', ['init', '-q', '--bare', '-b', branch, bare]);
  const dir = mkdtempSync(join(tmpdir(), `gitfed-work-${name}-`));
  git(dir, ['init', '-q', '-b', branch]);
  git(dir, ['remote', 'add', 'origin', bare]);
  return {
    dir,
    git: (args) => git(dir, args),
    commit(files, message = 'change') {
      writeWork(dir, files);
      git(dir, ['add', '-A']);
      git(dir, ['commit', '-q', '--allow-empty', '-m', message]);
      git(dir, ['push', '-q', 'origin', `HEAD:${git(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])}`]);
      return git(dir, ['rev-parse', 'HEAD']);
    },
    async commitAsync(files, message = 'change') {
      writeWork(dir, files);
      // one child process, not five: each spawn stops the process that serves a benchmark's simulated clusters
      // for a moment (about 70 ms per commit with five)
      return shAsync(dir, 'git add -A && git commit -q --allow-empty -m "$1" && git push -q origin "HEAD:$(git rev-parse --abbrev-ref HEAD)" && git rev-parse HEAD', [message]);
    },
  };
}

/** writeWork writes files into the work clone (null deletes one). */
function writeWork(dir: string, files: Record<string, string | null>): void {
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    if (text === null) rmSync(full, { force: true });
    else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
  }
}
