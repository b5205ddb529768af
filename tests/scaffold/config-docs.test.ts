import fs from 'node:fs';
import path from 'node:path';
import { cli, makeProject, read, removeTempDirs, REPO, write } from './helpers';

/**
 * `scaffold config-docs` writes its table from CFG001's inventory (the rule's
 * facts, through a scan of the project): one source of truth for which
 * variables the code reads. The first test is the one in python.test.ts, here
 * so that it runs without the Python the generated-code tests need.
 */
afterAll(() => removeTempDirs());

test('config-docs lists each environment variable with its default, type and where it is read', () => {
  const proj = makeProject('configdocs');
  write(
    proj,
    'demo_app/settings.py',
    [
      '"""Settings."""',
      'import os',
      'from os import environ as ENV, getenv',
      '',
      'DATABASE_URL = os.environ["DATABASE_URL"]',
      'PORT = int(os.getenv("PORT", "8080"))',
      'DEBUG = os.getenv("DEBUG", "false").lower() in ("1", "true")',
      'HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")',
      'TIMEOUT = float(ENV.get("TIMEOUT", 2.5))',
      'TOKEN = getenv("API_TOKEN")',
      'VERBOSE = "VERBOSE" in os.environ',
      'NAME = "X"',
      'DYNAMIC = os.getenv(NAME)',
      '',
    ].join('\n'),
  );
  write(proj, 'demo_app/worker.py', '"""Worker."""\nimport os\n\nTHREADS = int(os.environ["THREADS"]) if "THREADS" in os.environ else 4\n');
  write(proj, 'tests/test_settings.py', 'import os\nassert os.getenv("ONLY_IN_TESTS") is None\n');
  const res = cli(['scaffold', 'config-docs'], proj);
  expect(res.exitCode).toBe(0);
  const doc = read(proj, 'docs/CONFIGURATION.md');
  expect(doc).toContain('`demo_app` reads the environment variables below.');
  const rows = doc.split('Read only by the tests')[0].split('\n').filter((l) => l.startsWith('| `'));
  expect(rows).toEqual([
    '| `ALLOWED_HOSTS` | `"localhost"` | list | `demo_app/settings.py:8` |',
    '| `API_TOKEN` | unset | str | `demo_app/settings.py:10` |',
    '| `DATABASE_URL` | **required** | str | `demo_app/settings.py:5` |',
    '| `DEBUG` | `"false"` | bool | `demo_app/settings.py:7` |',
    '| `PORT` | `"8080"` | int | `demo_app/settings.py:6` |',
    '| `THREADS` | unset | int | `demo_app/worker.py:4` |',
    '| `TIMEOUT` | `2.5` | float | `demo_app/settings.py:9` |',
    '| `VERBOSE` | unset | bool | `demo_app/settings.py:11` |',
  ]);
  expect(doc).toContain('- `os.getenv(NAME)` in `demo_app/settings.py:13`');
  expect(doc).toContain('Read only by the tests:\n\n| Variable | Default | Type | Read in |\n| --- | --- | --- | --- |\n| `ONLY_IN_TESTS` | unset | str | `tests/test_settings.py:2` |\n');
  expect(doc.endsWith('|\n\nAlso read, under a name computed at run time:\n\n- `os.getenv(NAME)` in `demo_app/settings.py:13`\n')).toBe(true);
  expect(fs.existsSync(path.join(REPO, 'docs/CONFIGURATION.md'))).toBe(false);
});

test('config-docs and CFG001 read the same inventory: os.environb, os.getenvb and the project excludes included', () => {
  const proj = makeProject('configdocs-one');
  fs.appendFileSync(path.join(proj, 'pyproject.toml'), '\n[tool.rfsn-upgrade]\nexclude = ["demo_app/vendored/"]\n');
  write(proj, 'demo_app/raw.py', ['"""Bytes."""', 'import os', '', 'KEY = os.environb[b"APP_KEY"]', 'SALT = os.getenvb(b"APP_SALT", b"x")', 'MODE = os.environ.get("APP_MODE", "fast")', ''].join('\n'));
  write(proj, 'demo_app/vendored/lib.py', 'import os\nSKIPPED = os.getenv("VENDORED_ONLY")\n');
  const res = cli(['scaffold', 'config-docs'], proj);
  expect(res.exitCode).toBe(0);
  const rows = read(proj, 'docs/CONFIGURATION.md').split('\n').filter((l) => l.startsWith('| `'));
  expect(rows).toEqual([
    '| `APP_KEY` | **required** | str | `demo_app/raw.py:4` |',
    '| `APP_MODE` | `"fast"` | str | `demo_app/raw.py:6` |',
    '| `APP_SALT` | `b"x"` | str | `demo_app/raw.py:5` |',
  ]);
  // what CFG001 reports on the same project (before the docs exist) is exactly the table's variables
  fs.rmSync(path.join(proj, 'docs'), { recursive: true, force: true });
  const scan = JSON.parse(cli(['scan', '--select', 'CFG001', '--format', 'json', '--fail-on', 'never'], proj).stdout);
  const named = scan.findings.map((f: { message: string }) => /variable (\S+)/.exec(f.message)![1]).sort();
  expect(named).toEqual(['APP_KEY', 'APP_MODE', 'APP_SALT']);
});

test('the Python inventory helper is gone: there is one inventory', () => {
  expect(fs.existsSync(path.join(REPO, 'src', 'scaffold', 'templates', '_helpers', 'env_inventory.py'))).toBe(false);
});
