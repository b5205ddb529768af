/**
 * `scaffold` as a library: where files go, what is never overwritten, and the
 * package and option checks. No Python runs here except the ast helpers of
 * `tests --for` and `config-docs` (see python.test.ts for the generated code run for real).
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../src/core/errors';
import { KINDS, formatResult, scaffold } from '../../src/scaffold';
import { resolvePackage } from '../../src/scaffold/project';
import { TEMPLATES_DIR, listTemplateFiles, parseBlocks, readTemplate, render } from '../../src/scaffold/templates';
import { makeProject, read, removeTempDirs, tree, write } from './helpers';

const cwd = process.cwd();
afterEach(() => process.chdir(cwd));
afterAll(removeTempDirs);

describe('package detection', () => {
  test('pyproject name, normalised, when that folder exists', () => {
    const root = makeProject('pyproject', { name: 'Demo.App', pkg: 'demo_app' });
    expect(resolvePackage(root)).toMatchObject({ name: 'demo_app', dir: path.join(root, 'demo_app'), exists: true, source: 'pyproject' });
  });

  test('src/ layout', () => {
    const root = makeProject('src', { pkg: 'demo_app', layout: 'src' });
    const res = scaffold({ kind: 'pool', out: root });
    expect(res.files.map((f) => path.relative(root, f.abs))).toEqual([path.join('src/demo_app/db_pool.py'), path.join('tests/test_db_pool.py')]);
  });

  test('the single top-level package when the pyproject name does not match a folder', () => {
    const root = makeProject('single', { name: 'some-distribution', pkg: 'acme' });
    fs.mkdirSync(path.join(root, 'tests'));
    fs.writeFileSync(path.join(root, 'tests/__init__.py'), '');
    expect(resolvePackage(root)).toMatchObject({ name: 'acme', source: 'single-package' });
  });

  test('no pyproject: the single package', () => {
    const root = makeProject('nopy', { pkg: null });
    write(root, 'only/__init__.py', '');
    expect(resolvePackage(root).name).toBe('only');
  });

  test('two packages and no usable name: a usage error that asks for --package', () => {
    const root = makeProject('two', { pkg: null });
    write(root, 'one/__init__.py', '');
    write(root, 'two/__init__.py', '');
    expect(() => resolvePackage(root)).toThrow(/2 top-level packages \(one, two\).*pass --package NAME/);
  });

  test('a pyproject name with no folder yet: the package is created with an __init__.py', () => {
    const root = makeProject('newpkg', { name: 'fresh-app', pkg: null });
    const res = scaffold({ kind: 'metrics', out: root });
    expect(res.files.map((f) => [path.relative(root, f.abs), f.action])).toEqual([
      [path.join('fresh_app/__init__.py'), 'create'],
      [path.join('fresh_app/metrics.py'), 'create'],
      [path.join('tests/test_metrics.py'), 'create'],
    ]);
    expect(read(root, 'fresh_app/__init__.py')).toBe('"""The fresh_app package."""\n');
    expect(read(root, 'fresh_app/metrics.py')).toContain('NAMESPACE = "fresh_app"');
  });

  test('--package with a dotted name creates every level', () => {
    const root = makeProject('dotted', { pkg: null });
    scaffold({ kind: 'pool', out: root, package: 'acme.storage' });
    expect(tree(root)).toEqual(['acme/__init__.py', 'acme/storage/__init__.py', 'acme/storage/db_pool.py', 'tests/test_db_pool.py']);
    expect(read(root, 'tests/test_db_pool.py')).toContain('from acme.storage.db_pool import');
  });

  test('--package that is not an import name', () => {
    const root = makeProject('badpkg');
    expect(() => scaffold({ kind: 'pool', out: root, package: 'my-pkg' })).toThrow(/--package must be a Python import name/);
    expect(() => scaffold({ kind: 'pool', out: root, package: 'class' })).toThrow(UsageError);
  });

  test('a broken pyproject.toml is a usage error naming the file', () => {
    const root = makeProject('broken');
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project\nname = 1');
    expect(() => scaffold({ kind: 'pool', out: root })).toThrow(/pyproject\.toml: /);
  });
});

describe('writing', () => {
  test('--dry-run lists the files and writes nothing', () => {
    const root = makeProject('dry');
    const before = tree(root);
    process.chdir(root);
    const res = scaffold({ kind: 'metrics-server', dryRun: true });
    expect(tree(root)).toEqual(before);
    expect(formatResult(res)).toBe(
      [
        'would write  demo_app/metrics_server.py',
        'would write  tests/test_metrics_server.py',
        'would write  demo_app/metrics.py  (metrics-server imports metrics)',
        'would write  tests/test_metrics.py  (metrics-server imports metrics)',
        'dry run: nothing was written',
        '',
      ].join('\n'),
    );
  });

  test('an existing file is never overwritten without --force, and nothing else is written', () => {
    const root = makeProject('noforce');
    write(root, 'tests/test_db_pool.py', '# mine\n');
    expect(() => scaffold({ kind: 'pool', out: root })).toThrow(
      new UsageError(`refusing to overwrite ${path.join(root, 'tests/test_db_pool.py')} (pass --force to replace it)`),
    );
    expect(read(root, 'tests/test_db_pool.py')).toBe('# mine\n');
    expect(fs.existsSync(path.join(root, 'demo_app/db_pool.py'))).toBe(false);
  });

  test('--force overwrites', () => {
    const root = makeProject('force');
    write(root, 'demo_app/db_pool.py', '# old\n');
    const res = scaffold({ kind: 'pool', out: root, force: true });
    expect(res.files.map((f) => f.action)).toEqual(['overwrite', 'create']);
    expect(read(root, 'demo_app/db_pool.py')).toContain('class ConnectionPool');
  });

  test('--dry-run with existing files still refuses without --force, and says what --force would do', () => {
    const root = makeProject('dryforce');
    write(root, 'demo_app/db_pool.py', '# old\n');
    expect(() => scaffold({ kind: 'pool', out: root, dryRun: true })).toThrow(/refusing to overwrite/);
    const res = scaffold({ kind: 'pool', out: root, dryRun: true, force: true });
    expect(formatResult(res)).toMatch(/^would overwrite {2}.*db_pool\.py$/m);
    expect(read(root, 'demo_app/db_pool.py')).toBe('# old\n');
  });

  test('a required kind is generated only when its module is missing, and never replaced', () => {
    const root = makeProject('deps');
    // the project's own metrics module, with what the server reads from it
    const own = '"""My own metrics."""\nMETRICS = None\nMETRIC_NAMES = ()\nNAMESPACE = "demo"\n\n\nclass Metrics:\n    """Mine."""\n\n\ndef package_version() -> str:\n    """Version."""\n    return "0"\n';
    write(root, 'demo_app/metrics.py', own);
    const res = scaffold({ kind: 'metrics-server', out: root });
    expect(res.files.map((f) => [path.basename(f.abs), f.action])).toEqual([
      ['metrics_server.py', 'create'],
      ['test_metrics_server.py', 'create'],
    ]);
    expect(read(root, 'demo_app/metrics.py')).toBe(own);
    const bench = scaffold({ kind: 'benchmarks', out: root });
    expect(bench.files.map((f) => path.relative(root, f.abs))).toEqual([
      path.join('benchmarks/bench_pool.py'),
      path.join('demo_app/db_pool.py'),
      path.join('tests/test_db_pool.py'),
    ]);
  });

  test('--namespace is substituted; the default is the package name, or the NAMESPACE of the package\'s metrics module', () => {
    const root = makeProject('ns');
    scaffold({ kind: 'grafana', out: root });
    expect(read(root, 'grafana/dashboard.json')).toContain('demo_app_proposals_total');
    scaffold({ kind: 'metrics', out: root, namespace: 'rfsn' });
    expect(read(root, 'demo_app/metrics.py')).toContain('NAMESPACE = "rfsn"');
    expect(read(root, 'demo_app/metrics.py')).toContain('named ``rfsn_<name>``');
    // the dashboard queries the metrics the package has: rfsn_*, not demo_app_*
    scaffold({ kind: 'grafana', out: root, force: true });
    expect(read(root, 'grafana/dashboard.json')).toContain('rfsn_proposals_total');
    expect(read(root, 'grafana/dashboard.json')).not.toContain('demo_app_proposals_total');
  });

  test('the next steps name the files to run', () => {
    const root = makeProject('next');
    const res = scaffold({ kind: 'metrics-server', out: root });
    expect(res.notes).toEqual([
      'the generated code imports prometheus-client: declare it in pyproject.toml',
      'run its tests: python3 -m pytest tests/test_metrics_server.py',
      'serve: python3 -m demo_app.metrics_server --port 9090',
    ]);
  });
});

describe('usage errors', () => {
  const root = makeProject('usage');
  test.each([
    [{ kind: 'nope' }, /unknown scaffold kind 'nope': choose one of pool, metrics, metrics-server, tracing, async-cache, benchmarks, grafana, tests, config-docs/],
    [{ kind: 'pool', forModule: 'x' }, /--for only goes with 'scaffold tests', not 'pool'/],
    [{ kind: 'tests' }, /scaffold tests needs --for MODULE/],
    [{ kind: 'tests', forModule: 'demo_app.missing' }, /--for demo_app.missing: module not found/],
    [{ kind: 'metrics', namespace: '9lives' }, /--namespace must be a Prometheus name prefix/],
    [{ kind: 'metrics', namespace: 'has-dash' }, /--namespace must be/],
  ])('%o', (opts, message) => {
    expect(() => scaffold({ out: root, ...opts })).toThrow(message);
    let err: unknown;
    try {
      scaffold({ out: root, ...opts });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
  });
});

describe('templates', () => {
  test('they live in real .py files under src/scaffold/templates (with the docs they ship)', () => {
    expect(fs.existsSync(path.join(TEMPLATES_DIR, 'pool/__PACKAGE__/db_pool.py'))).toBe(true);
    for (const kind of ['pool', 'metrics', 'metrics-server', 'tracing', 'async-cache', 'benchmarks']) {
      const code = listTemplateFiles(kind).filter((f) => !f.startsWith('docs/'));
      expect(code.length).toBeGreaterThan(0);
      expect(code.every((f) => f.endsWith('.py'))).toBe(true);
    }
    expect(listTemplateFiles('tracing')).toContain('docs/TRACING.md');
  });

  test('every kind renders with no placeholder left', () => {
    const root = makeProject('render');
    write(root, 'demo_app/mod.py', '"""A module."""\n\ndef f() -> int:\n    """One."""\n    return 1\n');
    const before = tree(root);
    for (const kind of KINDS) {
      const res = scaffold({ kind: kind.name, out: root, forModule: kind.name === 'tests' ? 'demo_app.mod' : undefined, dryRun: true });
      expect(res.files.length).toBeGreaterThan(0);
    }
    expect(tree(root)).toEqual(before);
  });

  test('render refuses a placeholder it has no value for, and leaves values alone', () => {
    expect(() => render('x = "__PACKAGE__" + "__OTHER__"', { PACKAGE: 'p' }, 't.py')).toThrow('template t.py: no value for __OTHER__');
    expect(render('a = "__NAME__"', { NAME: '__NOT_A_TOKEN__' }, 't.py')).toBe('a = "__NOT_A_TOKEN__"');
    expect(render('if __name__ == "__main__": __init__', {}, 't.py')).toBe('if __name__ == "__main__": __init__');
  });

  test('the tests template has every block the generator uses', () => {
    const blocks = parseBlocks(readTemplate('tests/test_module.py'));
    expect([...blocks.keys()].sort()).toEqual(
      ['call', 'call_async', 'call_generator', 'construct', 'enum', 'exception', 'header', 'probe', 'required_parameters', 'skip'].sort(),
    );
  });
});
