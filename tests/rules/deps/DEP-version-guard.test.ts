import fs from 'node:fs';
import path from 'node:path';
import { cli, tempProject } from '../../helpers/cli';

/**
 * attrs 24.2.0 (npm run fix-real): `fix --select DEP` added an extra
 * `typing-extensions = ["typing-extensions>=4.15.0"]` for an import under
 * `if sys.version_info < (3, 8):` in a try/except. Only Python 3.7 runs that
 * import, and 4.15 does not install there: such a declaration needs the
 * condition as an environment marker, which is the maintainer's edit. The
 * finding stays; the fix is declined with the reason. The same package imported
 * outside any version condition too is declared as usual.
 */
let dir = '';
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const MANIFEST = '[project]\nname = "pkg"\nversion = "1"\nrequires-python = ">=3.7"\ndependencies = []\n';

test('an import under a sys.version_info condition: reported, and no manifest edit', () => {
  dir = tempProject({
    'pyproject.toml': MANIFEST,
    'pkg/__init__.py': '"""Pkg."""\nimport sys\n\nif sys.version_info < (3, 8):\n    try:\n        from typing_extensions import Protocol\n    except ImportError:\n        Protocol = object\nelse:\n    from typing import Protocol\n\nif sys.version_info < (3, 11):\n    import tomli\n',
  });
  const scan = cli(['scan', '.', '--select', 'DEP', '--no-cache', '--format', 'concise', '--fail-on', 'never'], { cwd: dir });
  expect(scan.stdout).toMatch(/DEP003 typing_extensions is imported optionally/);
  const fix = cli(['fix', '.', '--select', 'DEP', '--no-cache', '--no-progress', '--fail-on', 'never'], { cwd: dir });
  expect(fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8')).toBe(MANIFEST);
  expect(fix.stderr + fix.stdout).toMatch(/typing[-_]extensions is imported only under a sys\.version_info condition: declare it with that condition as an environment marker/);
});

test('the same package also imported without a condition is declared as usual', () => {
  dir = tempProject({
    'pyproject.toml': MANIFEST,
    'pkg/__init__.py': '"""Pkg."""\nimport sys\n\nif sys.version_info < (3, 11):\n    import tomli\n',
    'pkg/cfg.py': '"""Cfg."""\nimport tomli\n',
  });
  cli(['fix', '.', '--select', 'DEP', '--no-cache', '--no-progress', '--fail-on', 'never'], { cwd: dir });
  expect(fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8')).toMatch(/dependencies = \[\s*"tomli/);
});
