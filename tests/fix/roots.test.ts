import fs from 'node:fs';
import path from 'node:path';
import { cli, tempProject } from '../helpers/cli';

/** Issue 20, first defect: fix judges each project root by its own settings, exactly as scan does. */
const code = 'from typing import List, Optional\n\n\ndef f(a: List[int]) -> Optional[int]:\n    return a[0]\n';

test('fix leaves a nested py38 project at py38 (scan judged it so), and fixes the outer py312 one', () => {
  const dir = tempProject({
    'pyproject.toml': '[project]\nname = "outer"\nrequires-python = ">=3.12"\n',
    'outer/core.py': code,
    'inner/pyproject.toml': '[project]\nname = "inner"\nrequires-python = ">=3.8"\n',
    'inner/legacy/core.py': code,
  });
  const scan = JSON.parse(cli(['scan', '.', '--select', 'TYP', '--format', 'json', '--fail-on', 'never'], { cwd: dir }).stdout);
  const fixable = (p: string): number => scan.findings.filter((f: { path: string; fix: unknown }) => f.path === p && f.fix).length;
  expect(fixable('inner/legacy/core.py')).toBe(0);
  expect(fixable('outer/core.py')).toBeGreaterThan(0);
  const r = cli(['fix', '.', '--select', 'TYP'], { cwd: dir });
  expect(r.code).toBe(0);
  expect(fs.readFileSync(path.join(dir, 'inner/legacy/core.py'), 'utf8')).toBe(code);
  expect(fs.readFileSync(path.join(dir, 'outer/core.py'), 'utf8')).toContain('def f(a: list[int]) -> int | None:');
  // a second fix changes nothing, with and without the cache
  expect(cli(['fix', '.', '--select', 'TYP', '--diff'], { cwd: dir }).stdout).toBe('');
  expect(cli(['fix', '.', '--select', 'TYP', '--diff', '--no-cache'], { cwd: dir }).stdout).toBe('');
});

test("fix honours a nested root's own select and per-file-ignores", () => {
  const dir = tempProject({
    'pyproject.toml': '[project]\nname = "outer"\nrequires-python = ">=3.12"\n',
    'outer/core.py': code,
    'inner/pyproject.toml': '[project]\nname = "inner"\nrequires-python = ">=3.12"\n\n[tool.rfsn-upgrade]\nper-file-ignores = { "legacy/*.py" = ["TYP"] }\n',
    'inner/legacy/core.py': code,
    'inner/app/core.py': code,
  });
  expect(cli(['fix', '.', '--select', 'TYP'], { cwd: dir }).code).toBe(0);
  expect(fs.readFileSync(path.join(dir, 'inner/legacy/core.py'), 'utf8')).toBe(code);
  expect(fs.readFileSync(path.join(dir, 'inner/app/core.py'), 'utf8')).toContain('list[int]');
});
