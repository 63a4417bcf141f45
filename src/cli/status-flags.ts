import { Option, type Command } from 'commander';

/** addStatusOptions declares the reporter flags on a command. */
export function addStatusOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--status <kind>', 'post commit statuses: github, gitlab, gitea or notes (repeatable)').choices(['github', 'gitlab', 'gitea', 'notes'])
      .argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]))
    .option('--status-target-url <url>', 'link every commit status to this URL')
    .option('--github-api-url <url>', 'GitHub API base, e.g. https://ghe.example.com/api/v3 (env GITHUB_API_URL; token in GITHUB_TOKEN)')
    .option('--github-repo <owner/name>', 'GitHub repository (default: from --repo)')
    .option('--gitlab-url <url>', 'GitLab URL (env GITLAB_URL; token in GITLAB_TOKEN)')
    .option('--gitlab-project <id|path>', 'GitLab project (default: from --repo)')
    .option('--gitea-url <url>', 'Gitea/Forgejo URL (env GITEA_URL; token in GITEA_TOKEN)')
    .option('--gitea-repo <owner/name>', 'Gitea/Forgejo repository (default: from --repo)');
}
