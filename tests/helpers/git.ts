import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A git repository made of the given commits (subject, files written), one a
 * day from `firstDay` (ISO date, noon UTC), with a fixed author: what
 * `status --history` walks.
 */
export function gitRepoOf(commits: Array<[string, Record<string, string>]>, firstDay: string, prefix = 'rfsn-history-'): string {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  const day0 = Date.parse(`${firstDay}T12:00:00Z`);
  commits.forEach(([subject, files], i) => {
    for (const [p, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(repo, p)), { recursive: true });
      fs.writeFileSync(path.join(repo, p), text);
    }
    git('add', '-A');
    const date = new Date(day0 + i * 86_400_000).toISOString().replace('.000Z', '+00:00');
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', subject], { cwd: repo, env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  });
  return repo;
}
