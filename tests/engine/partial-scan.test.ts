import { cli, tempProject } from '../helpers/cli';

/**
 * Issue 20, third defect: project-level rules judge the project, also when
 * the user names one file or folder of it. A one-file scan reported INT001
 * "never imported", TST001 "no tests" and DEP002 on pyproject.toml, none of
 * which the whole-project scan gives.
 */
const FILES = {
  'pyproject.toml': '[project]\nname = "calc"\nversion = "1.0"\nrequires-python = ">=3.10"\ndependencies = ["requests>=2"]\n',
  'calc/__init__.py': '"""Calc."""\nfrom calc.util import add\n\n__all__ = ["add"]\n',
  'calc/util.py': '"""Util."""\nimport requests\n\n\ndef add(a: int, b: int) -> int:\n    """Add."""\n    return a + b\n',
  'calc/lonely.py': '"""Nobody imports or tests me."""\n\n\ndef alone() -> int:\n    """Alone."""\n    return 1\n',
  'tests/test_util.py': 'from calc.util import add\n\n\ndef test_add() -> None:\n    assert add(1, 2) == 3\n',
};

type Json = { findings: Array<{ code: string; path: string; line: number }>; summary: { testCoverage?: { tested: number; total: number } } };
const scan = (cwd: string, ...args: string[]): Json => JSON.parse(cli(['scan', ...args, '--format', 'json', '--fail-on', 'never'], { cwd }).stdout);
const keys = (j: Json, only?: (p: string) => boolean): string[] => j.findings.filter((f) => !only || only(f.path)).map((f) => `${f.path}:${f.line}:${f.code}`).sort();

test.each([['with the cache', []], ['with --no-cache', ['--no-cache']]] as Array<[string, string[]]>)('scan of one file or one folder gives exactly the whole scan\'s findings on them (%s)', (_name, extra) => {
  const dir = tempProject(FILES);
  const whole = scan(dir, '.', ...extra);
  expect(keys(whole)).toContain('calc/lonely.py:1:INT001');
  const one = scan(dir, 'calc/util.py', ...extra);
  expect(keys(one)).toEqual(keys(whole, (p) => p === 'calc/util.py'));
  expect(keys(one).some((k) => /INT001|TST001|DEP002/.test(k))).toBe(false);
  expect(one.summary.testCoverage).toEqual({ tested: 1, total: 1, percent: 100 });
  const lonely = scan(dir, 'calc/lonely.py', ...extra);
  expect(keys(lonely)).toEqual(keys(whole, (p) => p === 'calc/lonely.py'));
  expect(lonely.summary.testCoverage).toEqual({ tested: 0, total: 1, percent: 0 });
  const folder = scan(dir, 'calc', ...extra);
  expect(keys(folder)).toEqual(keys(whole, (p) => p.startsWith('calc/')));
});

test('files of no project, named from a folder above them: judged as before, nothing read beside them', () => {
  // no pyproject.toml, setup.* or .git: the root falls back to the working directory, which is no project,
  // so its other files are not the named files' project (aaa/ sorts first: a project finding anchored there would be lost)
  const dir = tempProject({ 'lib/a.py': 'def f(x):\n    return eval(x)\n', 'aaa/b.py': 'eval(y)\n' });
  const named = scan(dir, 'lib');
  expect(keys(named).map((k) => k.replace(/:\d+:/, ':'))).toEqual(expect.arrayContaining(['lib/a.py:MIG001', 'lib/a.py:OBS001', 'lib/a.py:SEC001']));
  expect(named.findings.every((f) => f.path.startsWith('lib/'))).toBe(true);
});
