import fs from 'node:fs';
import path from 'node:path';
import { cli, tempProject } from '../../helpers/cli';

/**
 * A `requirements/` folder (pip-tools' layout, as pallets/itsdangerous keeps
 * its test and docs dependencies) declares what the tests and docs import:
 * `fix` adds none of it to the manifest (`npm run fix-real` found DEP001
 * adding pytest, freezegun and pallets-sphinx-themes to itsdangerous's
 * runtime dependencies). What nothing declares is still reported and fixed,
 * in pyproject.toml; DEP002 never removes anything from that folder.
 */
const PYPROJECT = '[project]\nname = "pkg"\nversion = "1"\nrequires-python = ">=3.9"\n';

let dir = '';
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('imports declared in requirements/*.in or *.txt are declared; the rest is still added to pyproject.toml', () => {
  dir = tempProject({
    'pyproject.toml': PYPROJECT,
    'src/pkg/__init__.py': '"""Pkg."""\nimport requests\n',
    'tests/test_pkg.py': 'import freezegun\nimport pytest\n',
    'docs/conf.py': 'import pallets_sphinx_themes\n',
    'requirements/tests.in': 'pytest\nfreezegun\n',
    'requirements/docs.txt': 'pallets-sphinx-themes==2.1.1\n    # via -r docs.in\n',
  });
  const scan = cli(['scan', '.', '--select', 'DEP', '--no-cache', '--format', 'concise', '--fail-on', 'never'], { cwd: dir });
  expect(scan.stdout.trim().split('\n').filter((l) => /DEP00\d/.test(l))).toEqual([expect.stringMatching(/^src\/pkg\/__init__\.py:2:\d+: DEP001 requests is imported but not declared/)]);
  const fix = cli(['fix', '.', '--select', 'DEP', '--unsafe-fixes', '--no-cache', '--no-progress', '--fail-on', 'never'], { cwd: dir });
  expect(fix.code).toBe(0);
  const manifest = fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8');
  expect(manifest).toMatch(/^dependencies = \["requests.*"\]$/m);
  expect(manifest).not.toMatch(/pytest|freezegun|pallets/);
  expect(fs.readFileSync(path.join(dir, 'requirements/tests.in'), 'utf8')).toBe('pytest\nfreezegun\n');
  expect(fs.readFileSync(path.join(dir, 'requirements/docs.txt'), 'utf8')).toBe('pallets-sphinx-themes==2.1.1\n    # via -r docs.in\n');
});
