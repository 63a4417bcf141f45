/** Where the push side and the agents find the agents' reports: the policy repository's `refs/gitfed/clusters/*`. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openClusterReports, type ClusterReportStore } from '../git/cluster-reports.js';
import { gitAuthFromEnv, isRemote } from '../git/git-source.js';
import { parseAgentReport, type AgentReport } from '../model/agent-report.js';
import { asGitfedError, type GitfedError } from '../model/errors.js';
import { EMPTY_REPORTS, type PullReports } from './pull-clusters.js';
import type { SourceOptions } from './source.js';

/** reportStoreOf opens the reports of the source's repository; undefined for a plain directory (it has no refs). */
export function reportStoreOf(source: SourceOptions, sleep?: (ms: number) => Promise<void>): ClusterReportStore | undefined {
  const gitRepo = isRemote(source.repo) || existsSync(join(source.repo, '.git')) || existsSync(join(source.repo, 'HEAD'));
  if (!gitRepo) return undefined;
  const auth = gitAuthFromEnv();
  return openClusterReports({ repo: source.repo, ...(source.cacheDir ? { cacheDir: source.cacheDir } : {}), ...(auth ? { auth } : {}), ...(sleep ? { sleep } : {}) });
}

/** parseReports keeps the reports that parse and name the member their ref names. */
export function parseReports(texts: ReadonlyMap<string, string>): Map<string, AgentReport> {
  const out = new Map<string, AgentReport>();
  for (const [name, text] of texts) {
    const report = parseAgentReport(text);
    if (report?.cluster === name) out.set(name, report);
  }
  return out;
}

/**
 * reportsReader reads the reports before each render. When the repository cannot be read the last reports read stand
 * (they age on their own: a report that stays unread long enough makes its member Unknown), and onError says why.
 */
export function reportsReader(store: ClusterReportStore | undefined, onError?: (err: GitfedError) => void): PullReports {
  if (!store) return EMPTY_REPORTS;
  let last: ReadonlyMap<string, AgentReport> = new Map();
  return async () => {
    try {
      last = parseReports(await store.readAll());
    } catch (err) {
      onError?.(asGitfedError(err, 'RepoUnreachable'));
    }
    return last;
  };
}
