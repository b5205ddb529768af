/** `rfsn-upgrade scaffold` through the built binary: output, exit codes, files on disk. */
import fs from 'node:fs';
import path from 'node:path';
import { cli, makeProject, read, removeTempDirs, tree, write } from './helpers';

afterAll(removeTempDirs);

test('the package comes from pyproject.toml in the working directory', () => {
  const root = makeProject('cli-default', { name: 'Demo-App' });
  const res = cli(['scaffold', 'pool'], root);
  expect(res.stderr).toBe('');
  expect(res.exitCode).toBe(0);
  expect(res.stdout).toBe(
    [
      'wrote  demo_app/db_pool.py',
      'wrote  tests/test_db_pool.py',
      'next: run its tests: python3 -m pytest tests/test_db_pool.py',
      'next: use it: with get_pool("app.db").connection() as conn: ...',
    ].join('\n'),
  );
  expect(read(root, 'tests/test_db_pool.py')).toContain('from demo_app.db_pool import (');
});

test('--out and --package choose where files go', () => {
  const root = makeProject('cli-out', { pkg: null });
  const res = cli(['scaffold', 'async-cache', '--out', root, '--package', 'cachepkg'], path.dirname(root));
  expect(res.exitCode).toBe(0);
  expect(tree(root)).toEqual(['cachepkg/__init__.py', 'cachepkg/async_cache.py', 'tests/test_async_cache.py']);
  expect(res.stdout.split('\n')[0]).toBe(`wrote  ${path.basename(root)}/cachepkg/__init__.py  (new package cachepkg)`);
});

test('--dry-run prints what would be written and writes nothing', () => {
  const root = makeProject('cli-dry');
  const before = tree(root);
  const res = cli(['scaffold', 'tracing', '--dry-run'], root);
  expect(res.exitCode).toBe(0);
  expect(res.stdout).toBe('would write  demo_app/tracing.py\nwould write  docs/TRACING.md\nwould write  tests/test_tracing.py\ndry run: nothing was written');
  expect(tree(root)).toEqual(before);
});

test('existing files: one line on stderr, exit 2, nothing touched; --force replaces them', () => {
  const root = makeProject('cli-force');
  write(root, 'demo_app/metrics.py', '# mine\n');
  write(root, 'tests/test_metrics.py', '# mine too\n');
  const refused = cli(['scaffold', 'metrics'], root);
  expect(refused.exitCode).toBe(2);
  expect(refused.stdout).toBe('');
  expect(refused.stderr).toBe('rfsn-upgrade: refusing to overwrite demo_app/metrics.py, tests/test_metrics.py (pass --force to replace them)');
  expect(read(root, 'demo_app/metrics.py')).toBe('# mine\n');

  const forced = cli(['scaffold', 'metrics', '--force', '--namespace', 'rfsn'], root);
  expect(forced.exitCode).toBe(0);
  expect(forced.stdout.split('\n').slice(0, 2)).toEqual(['overwrote  demo_app/metrics.py', 'overwrote  tests/test_metrics.py']);
  expect(read(root, 'demo_app/metrics.py')).toContain('NAMESPACE = "rfsn"');
});

test.each([
  [['scaffold', 'bogus'], /^rfsn-upgrade: unknown scaffold kind 'bogus': choose one of pool, metrics, /],
  [['scaffold', 'tests'], /^rfsn-upgrade: scaffold tests needs --for MODULE/],
  [['scaffold', 'metrics', '--namespace', 'a-b'], /^rfsn-upgrade: --namespace must be a Prometheus name prefix/],
])('usage error %j: one line, exit 2', (args, message) => {
  const root = makeProject('cli-usage');
  const res = cli(args, root);
  expect(res.exitCode).toBe(2);
  expect(res.stderr).toMatch(message);
  expect(res.stderr.split('\n')).toHaveLength(1);
  expect(tree(root)).toEqual(['demo_app/__init__.py', 'pyproject.toml']);
});

test('no package to be found: exit 2 and a hint', () => {
  const root = makeProject('cli-nopkg', { pkg: null });
  const res = cli(['scaffold', 'pool'], root);
  expect(res.exitCode).toBe(2);
  expect(res.stderr).toMatch(/^rfsn-upgrade: cannot tell which package to generate into: .* pass --package NAME$/);
  expect(fs.readdirSync(root)).toEqual([]);
});

test('help lists every kind with its upgrade', () => {
  const res = cli(['scaffold', '--help'], process.cwd());
  expect(res.exitCode).toBe(0);
  for (const line of ['pool            U03', 'metrics-server  U07', 'tracing         U10', 'async-cache     U05', 'benchmarks      U17', 'tests           U11', 'config-docs     U15']) {
    expect(res.stdout).toContain(line);
  }
});

test('scaffold tests: two modules named alike get two test files (test_util.py, test_b_util.py); a hand-written test_util.py of something else is left alone', () => {
  const root = makeProject('cli-same-name');
  write(root, 'demo_app/a/__init__.py', '');
  write(root, 'demo_app/a/util.py', 'def f():\n    return 1\n');
  write(root, 'demo_app/b/__init__.py', '');
  write(root, 'demo_app/b/util.py', 'def g():\n    return 2\n');
  expect(cli(['scaffold', 'tests', '--for', 'demo_app.a.util'], root).stdout.split('\n')[0]).toBe('wrote  tests/test_util.py');
  expect(cli(['scaffold', 'tests', '--for', 'demo_app.b.util'], root).stdout.split('\n')[0]).toBe('wrote  tests/test_b_util.py');
  expect(read(root, 'tests/test_util.py')).toContain('import demo_app.a.util as module');
  expect(read(root, 'tests/test_b_util.py')).toContain('import demo_app.b.util as module');
  // the module's own file again: refused without --force, as before
  const again = cli(['scaffold', 'tests', '--for', 'demo_app.b.util'], root);
  expect([again.exitCode, again.stderr]).toEqual([2, 'rfsn-upgrade: refusing to overwrite tests/test_b_util.py (pass --force to replace it)']);
  // a test file of the same name that tests something else (or that is not Python) is never taken over
  const other = makeProject('cli-same-name-other');
  write(other, 'demo_app/util.py', 'def h():\n    return 3\n');
  write(other, 'tests/test_util.py', 'import json\n\n\ndef test_json():\n    assert json.loads("1") == 1\n');
  expect(cli(['scaffold', 'tests', '--for', 'demo_app.util'], other).stdout.split('\n')[0]).toBe('wrote  tests/test_demo_app_util.py');
  expect(read(other, 'tests/test_util.py')).toBe('import json\n\n\ndef test_json():\n    assert json.loads("1") == 1\n');
});
