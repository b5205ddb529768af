import { findingsOf, fixture, scanProject, expectProjectSnapshot } from '../project/projectScan';

describe('DEP001 undeclared-import', () => {
  it('reports third-party imports that no manifest declares', async () => {
    const where = 'pyproject.toml or requirements.txt';
    expect(await findingsOf('deps', 'DEP001', 'bad')).toEqual([
      { path: 'app/main.py', line: 10, message: `PIL is imported but its distribution Pillow is not declared in ${where}` },
      { path: 'app/main.py', line: 11, message: `google.cloud is imported but its distribution google-cloud-storage is not declared in ${where}` },
      { path: 'app/main.py', line: 12, message: `numpy.linalg is imported but not declared in ${where}` },
      { path: 'app/main.py', line: 14, message: 'tomllib is not in the standard library of Python 3.9 (only in 3.11-3.14) and no dependency provides it' },
      { path: 'app/main.py', line: 27, message: `tomli is imported but not declared in ${where}` },
      // app/optional.py: ujson, rich, simplejson are optional imports (except Exception / bare / BaseException); ValueError does not make one
      { path: 'app/optional.py', line: 18, message: `msgpack is imported but not declared in ${where}` },
      { path: 'tests/test_main.py', line: 2, message: `hypothesis is imported but not declared in ${where}` },
    ]);
  });

  it('leaves an import under `except Exception:` or a bare `except:` to DEP003, in a file that never names ImportError', async () => {
    const { findings } = await scanProject(fixture('deps', 'DEP001', 'bad'), ['DEP001', 'DEP003']);
    expect(findings.filter((f) => f.path.endsWith('app/optional.py')).map((f) => `${f.code} ${f.line} ${f.message}`)).toEqual([
      'DEP003 3 ujson is imported optionally (try/except ImportError) but no extra declares ujson',
      'DEP003 8 rich.console is imported optionally (try/except ImportError) but no extra declares rich',
      'DEP003 13 simplejson is imported optionally (try/except ImportError) but no extra declares simplejson',
      'DEP001 18 msgpack is imported but not declared in pyproject.toml or requirements.txt',
    ]);
  });

  it('puts the finding on the module name', async () => {
    const { findings } = await scanProject(fixture('deps', 'DEP001', 'bad'), ['DEP001']);
    expect(findings[0]).toMatchObject({ line: 10, column: 6 });
  });

  it('knows Poetry, the import-to-distribution table, the target stdlib and first-party modules', async () => {
    expect(await findingsOf('deps', 'DEP001', 'good')).toEqual([]);
  });

  it('stays silent without a manifest', async () => {
    expect(await findingsOf('deps', 'DEP001', 'no-manifest')).toEqual([]);
  });

  it('a broken pyproject.toml stops the run before any file is read (a configuration error: default settings would ignore the project excludes)', async () => {
    const dir = fixture('deps', 'DEP001', 'broken');
    await expect(scanProject(dir, ['DEP', 'CLI001', 'OBS001'])).rejects.toThrow(/pyproject\.toml: not valid TOML: /);
  });
});

test('DEP001 snapshot: what it reports on each fixture project', async () => {
  // `broken` (a pyproject.toml that does not parse) has its own test above: an error, not findings
  await expectProjectSnapshot('deps', 'DEP001', ['broken']);
});

describe('DEP001 and imports that run only for type checking (issue 22)', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const { cli, tempProject } = require('../../helpers/cli') as typeof import('../../helpers/cli');
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const project = (files: Record<string, string>): string => {
    const dir = tempProject(files);
    dirs.push(dir);
    return dir;
  };
  const dep001 = (dir: string): string[] => {
    const r = cli(['scan', '.', '--select', 'DEP001', '--format', 'json', '--fail-on', 'never', '--no-cache'], { cwd: dir });
    return (JSON.parse(r.stdout) as { findings: Array<{ path: string; line: number; message: string }> }).findings.map((f) => `${f.path}:${f.line} ${f.message}`);
  };

  // pallets/itsdangerous: `import typing as t` then `if t.TYPE_CHECKING: import typing_extensions as te`
  const PYPROJECT = '[project]\nname = "signing"\nversion = "1.0"\nrequires-python = ">=3.9"\n';
  const spellings = {
    'pyproject.toml': PYPROJECT,
    'src/signing/__init__.py': '',
    'src/signing/serializer.py': 'from __future__ import annotations\n\nimport typing as t\n\nif t.TYPE_CHECKING:\n    import typing_extensions as te\n\n\ndef dumps(obj: t.Any) -> te.LiteralString:\n    return ""\n',
    'src/signing/plain.py': 'from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    import attr\n',
    'src/signing/dotted.py': 'import typing\n\nif typing.TYPE_CHECKING:\n    from yaml import Loader\n',
    'src/signing/renamed.py': 'from typing import TYPE_CHECKING as TC\n\nif TC:\n    import requests\n',
    'src/signing/combined.py': 'import sys\nfrom typing import TYPE_CHECKING\n\nif (TYPE_CHECKING and sys.version_info >= (3, 9)):\n    import numpy\nelif TYPE_CHECKING:\n    import pandas\n',
    'src/signing/negated.py': 'from typing import TYPE_CHECKING\n\nif not TYPE_CHECKING:\n    pass\nelse:\n    import rich\n',
  };

  it('no finding and the manifest untouched by fix, however TYPE_CHECKING is spelled', () => {
    const dir = project(spellings);
    expect(dep001(dir)).toEqual([]);
    const r = cli(['fix', '.', '--select', 'DEP001', '--no-cache'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(`${dir}/pyproject.toml`, 'utf8')).toBe(PYPROJECT);
  });

  it('the else branch of `if TYPE_CHECKING:` runs: its import is reported and declared; typing_extensions.TYPE_CHECKING counts too', () => {
    const pyproject = '[project]\nname = "signing"\nversion = "1.0"\nrequires-python = ">=3.9"\ndependencies = ["typing-extensions"]\n';
    const dir = project({
      'pyproject.toml': pyproject,
      'src/signing/__init__.py': '',
      'src/signing/ext.py': 'import typing_extensions\n\nif typing_extensions.TYPE_CHECKING:\n    import attr\nelse:\n    import yaml\n',
      // a name of our own called TYPE_CHECKING is not typing's: its import counts
      'src/signing/own.py': 'TYPE_CHECKING = True\n\nif TYPE_CHECKING:\n    import requests\n',
    });
    expect(dep001(dir)).toEqual([
      `src/signing/ext.py:6 yaml is imported but its distribution PyYAML is not declared in pyproject.toml`,
      `src/signing/own.py:4 requests is imported but not declared in pyproject.toml`,
    ]);
    cli(['fix', '.', '--select', 'DEP001', '--no-cache'], { cwd: dir });
    const after = fs.readFileSync(`${dir}/pyproject.toml`, 'utf8');
    expect(after).toMatch(/dependencies = \["typing-extensions", "PyYAML[^"]*", "requests[^"]*"\]/);
    expect(after).not.toMatch(/attrs/);
  });
});
