import fs from 'node:fs';
import path from 'node:path';
import { cli, tempProject } from '../../helpers/cli';

/**
 * An optional import in a test file is the suite's own optional dependency:
 * `npm run fix-real` found DEP003 adding extras numpy, pandas and colorclass
 * to tabulate's pyproject.toml for its test/test_input.py's
 * `try: import numpy except ImportError: skip`. The package's own optional
 * imports are still DEP003's, and still fixed.
 */
let dir = '';
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('DEP003 leaves optional imports in test files alone, reports and fixes the package\'s own', () => {
  const optional = (mod: string): string => `try:\n    import ${mod}\nexcept ImportError:\n    ${mod} = None\n`;
  dir = tempProject({
    'pyproject.toml': '[project]\nname = "pkg"\nversion = "1"\nrequires-python = ">=3.9"\n',
    'pkg/__init__.py': `"""Pkg."""\n${optional('ujson')}`,
    'test/test_input.py': optional('numpy'),
    'tests/conftest.py': optional('pandas'),
    'test_top.py': optional('colorclass'),
  });
  const scan = cli(['scan', '.', '--select', 'DEP', '--no-cache', '--format', 'concise', '--fail-on', 'never'], { cwd: dir });
  expect(scan.stdout.trim().split('\n').filter((l) => /DEP00\d/.test(l))).toEqual([expect.stringMatching(/^pkg\/__init__\.py:3:\d+: DEP003 ujson is imported optionally/)]);
  const fix = cli(['fix', '.', '--select', 'DEP', '--no-cache', '--no-progress', '--fail-on', 'never'], { cwd: dir });
  expect(fix.code).toBe(0);
  const manifest = fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8');
  expect(manifest).toMatch(/^ujson = \["ujson.*"\]$/m);
  expect(manifest).not.toMatch(/numpy|pandas|colorclass/);
});
