import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { runScan } from '../../src/engine/run';
import { checklistFor, checklistReporter } from '../../src/report/checklist';
import { blobBase, githubWebUrl } from '../../src/ci/remote';
import { reportInput } from '../../src/cli/report-input';

/**
 * The checklist reporter on the sample project's TODO001 findings: a GitHub
 * task list, one unchecked item per finding with a path:line link, permalinks
 * when the repository is on GitHub (Actions variables or origin), relative
 * links otherwise, and every item's link pointing at the line of the comment.
 */
const SAMPLE = path.join('fixtures', 'sample-project');

describe('checklist reporter', () => {
  it('lists every TODO as a task with a link to its line', async () => {
    const result = await runScan({ paths: [SAMPLE], select: ['TODO001'], jobs: 1 });
    expect(result.findings.length).toBeGreaterThan(0);
    const root = path.resolve(SAMPLE);
    const text = checklistFor({ result, color: false, root }, null);
    const items = text.split('\n').filter((l) => l.startsWith('- [ ] '));
    expect(items).toHaveLength(result.findings.length);
    for (const [i, f] of result.findings.entries()) {
      const rel = path.relative(root, f.path).split(path.sep).join('/');
      expect(items[i]).toBe(`- [ ] [${rel}:${f.line}](${rel}#L${f.line}) TODO001: ${f.message}`);
      // the link's line holds the comment
      expect(fs.readFileSync(path.join(root, rel), 'utf8').split('\n')[f.line - 1]).toMatch(/(#|\/\/|\/\*)\s*(TODO|FIXME|XXX|HACK)/);
    }
    expect(text).toMatch(/^## rfsn-upgrade checklist: \d+ items\n\n### U13 Resolve TODO \/ FIXME \(\d+\)\n/);
  });

  it('links to GitHub permalinks from Actions variables or a GitHub origin', () => {
    expect(blobBase('.', { GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: 'a'.repeat(40) })).toEqual({ base: `https://github.com/o/r/blob/${'a'.repeat(40)}` });
    expect(githubWebUrl('git@github.com:owner/repo.git')).toBe('https://github.com/owner/repo');
    expect(githubWebUrl('https://github.com/owner/repo')).toBe('https://github.com/owner/repo');
    expect(githubWebUrl('https://gitlab.com/owner/repo.git')).toBeNull();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checklist-'));
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '--allow-empty', '-m', 'x'], { cwd: dir });
    execFileSync('git', ['remote', 'add', 'origin', 'git@github.com:owner/repo.git'], { cwd: dir });
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    expect(blobBase(dir, {})).toEqual({ base: `https://github.com/owner/repo/blob/${sha}` });
    fs.writeFileSync(path.join(dir, 'a b.py'), '# TODO: x\n');
    // the reporter is given where links point (cli/report-input asks git); it starts no process itself
    const text = checklistReporter(reportInput({ result: { files: 1, errors: [], findings: [{ code: 'TODO001', upgrade: 'U13', severity: 'info', message: 'TODO: [x] | y', path: path.join(dir, 'a b.py'), line: 1, column: 1, endLine: 1, endColumn: 9, fix: null }] }, color: false, root: dir }));
    expect(text).toContain(`- [ ] [a b.py:1](https://github.com/owner/repo/blob/${sha}/a%20b.py#L1) TODO001: TODO: [x] \\| y`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
