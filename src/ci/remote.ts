import { execFileSync } from 'node:child_process';

/**
 * What git says of the checkout a report is made in: the commit checked out
 * (the dashboard's header) and where a finding's permalink points (the
 * checklist). Reporters get these through their ReportContext
 * (cli/report-input.ts) and start no process themselves.
 */

function run(cmd: string, args: string[], cwd: string): string | null {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 }).trim();
  } catch {
    return null;
  }
}

/** The commit checked out at `from` (git rev-parse HEAD), or null outside a repository or without a commit. */
export function headCommit(from = process.cwd()): string | null {
  return run('git', ['rev-parse', 'HEAD'], from) || null;
}

/** A GitHub remote URL (https or ssh) as https://host/owner/repo. */
export function githubWebUrl(remote: string): string | null {
  const m = /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/git@|git@)(github\.com)[/:]([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(remote.trim());
  return m ? `https://${m[1]}/${m[2]}/${m[3]}` : null;
}

/** Where blob links point: Actions' variables, else origin on GitHub at HEAD; null: relative links. */
export function blobBase(root: string, env: NodeJS.ProcessEnv = process.env): { base: string } | null {
  if (env.GITHUB_REPOSITORY && env.GITHUB_SHA) return { base: `${(env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, '')}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}` };
  const remote = run('git', ['remote', 'get-url', 'origin'], root);
  const web = remote ? githubWebUrl(remote) : null;
  const sha = web ? headCommit(root) : null;
  return web && sha && /^[0-9a-f]{40}$/.test(sha) ? { base: `${web}/blob/${sha}` } : null;
}
