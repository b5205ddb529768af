import { cli, tempProject } from '../helpers/cli';

/**
 * Issue 20: the coverage figures are the rules' (`coverage` on the rule), and
 * `scan` and `merge` print what the rules give: so a merged report says what
 * the unsharded scan says, also when the project has no module to judge.
 */
const TEST_LINE = /^Test coverage by module: .*$/m;

test('merge says of test coverage what the unsharded scan says, also with no project module to judge', () => {
  const dir = tempProject({
    'pyproject.toml': '[project]\nname = "onlytests"\nversion = "0.1.0"\n',
    'tests/test_one.py': 'def test_one():\n    assert 1 + 1 == 2\n',
  });
  const full = cli(['scan', '--select', 'TST001', '--no-cache', '--fail-on', 'never'], { cwd: dir });
  expect(full.code).toBe(0);
  const line = TEST_LINE.exec(full.stdout)?.[0];
  expect(line).toBe('Test coverage by module: no project modules found to judge (TST001 could not run).');
  expect(cli(['scan', '--select', 'TST001', '--no-cache', '--shard', '1/1', '--format', 'json:shard.json', '--fail-on', 'never'], { cwd: dir }).code).toBe(0);
  const merged = cli(['merge', 'shard.json', '--fail-on', 'never'], { cwd: dir });
  expect(merged.code).toBe(0);
  expect(TEST_LINE.exec(merged.stdout)?.[0]).toBe(line);
});
