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
