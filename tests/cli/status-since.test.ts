import { execFileSync } from 'node:child_process';
import { cli, tempProject } from '../helpers/cli';

/** `status --since` (issue 21 item 14): git log takes any text as a date, so garbage gave an empty table and exit 0. */
describe('status --since DATE', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempProject({ 'app.py': 'eval(x)\n' });
    const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
  });

  test.each([['garbage'], ['']])("'%s' is a usage error: one line, exit 2, nothing on stdout", (since) => {
    const r = cli(['status', '.', '--since', since], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`rfsn-upgrade: --since takes a date git understands (2024-01-31, '2 weeks ago', yesterday), not '${since}'\n`);
  });

  test('the same for the dashboard of scan --format html', () => {
    const r = cli(['scan', '.', '--format', 'html:report.html', '--since', 'garbage', '--fail-on', 'never'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining("--since takes a date git understands")]);
  });

  test('a date git reads still lists the commits after it', () => {
    const r = cli(['status', '.', '--since', '10 years ago', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).commits.map((c: { subject: string }) => c.subject)).toEqual(['first']);
  });
});
