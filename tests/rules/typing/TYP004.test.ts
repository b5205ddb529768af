import path from 'node:path';
import { expectFixed, expectOkLinesKept, fixText } from '../../helpers/fixFixture';
import { expectFixture } from '../../helpers/ruleFixture';
import { ruleTable } from '../../helpers/ruleTable';

const fixture = path.join(__dirname, 'TYP004.py');


test('TYP004 table: findings, safe and unsafe annotations', async () => {
  await ruleTable('TYP004', __dirname);
});

test('TYP004 fires on public functions and methods without a return annotation', async () => {
  await expectFixture('TYP004', fixture);
});

test('TYP004 safe fix: -> None and literal return types of functions', async () => {
  const r = await expectFixed('TYP004', fixture);
  expectOkLinesKept('TYP004', r.original, r.text);
  // a method returning a literal is overridable: that fix is unsafe, not applied here
  expect(r.text).toContain('    def is_round(self):');
});

test('TYP004 unsafe fix: literal return types of methods too', async () => {
  // the same input, another expected output
  const r = await expectFixed('TYP004', fixture, { unsafe: true, expected: path.join(__dirname, 'TYP004_unsafe.fixed.py') });
  expect(r.text).toContain('    def is_round(self) -> bool:');
});

describe('TYP004 and test functions', () => {
  const src = 'def test_parse():\n    assert True\n\n\nclass TestThing:\n    def test_method(self):\n        pass\n\n\ndef helper():\n    pass\n';
  const lines = async (file: string, settings: Record<string, unknown>): Promise<number[]> => {
    const r = await fixText(src, ['TYP004'], { target: 12, file, settings: { projectRoot: '/proj', pyprojectPath: null, ...settings } });
    return r.initial.filter((f) => f.code === 'TYP004').map((f) => f.line);
  };
  test('in a test file, test functions are not asked for -> None by default', async () => {
    for (const file of ['/proj/tests/unit/thing.py', '/proj/test_thing.py', '/proj/pkg/thing_test.py', '/proj/conftest.py']) expect({ file, lines: await lines(file, {}) }).toEqual({ file, lines: [10] });
  });
  test('`typ004-test-functions = true` asks for them', async () => {
    expect(await lines('/proj/tests/test_thing.py', { 'typ004-test-functions': true })).toEqual([1, 6, 10]);
  });
  test('outside test files a function named test_* is an ordinary function', async () => {
    expect(await lines('/proj/pkg/testing.py', {})).toEqual([1, 6, 10]);
  });
});

test('the CLI reads typ004-test-functions from [tool.rfsn-upgrade] (a project from scratch, scanned as a user would)', async () => {
  const { cli, tempProject } = await import('../../helpers/cli');
  const files = { 'pkg/__init__.py': '', 'tests/test_pkg.py': 'def test_one():\n    assert True\n\n\ndef helper():\n    pass\n' };
  const scan = (dir: string): number[] => {
    const r = cli(['scan', '.', '--select', 'TYP004', '--format', 'json', '--fail-on', 'never'], { cwd: dir });
    expect(r.code).toBe(0);
    return (JSON.parse(r.stdout).findings as Array<{ line: number }>).map((f) => f.line);
  };
  expect(scan(tempProject({ ...files, 'pyproject.toml': '[project]\nname = "pkg"\n\n[tool.rfsn-upgrade]\nselect = ["TYP004"]\n' }))).toEqual([5]);
  expect(scan(tempProject({ ...files, 'pyproject.toml': '[project]\nname = "pkg"\n\n[tool.rfsn-upgrade]\ntyp004-test-functions = true\n' }))).toEqual([1, 5]);
});

describe('TYP004 never writes a builtin name that the class binds (issue 21, item 13)', () => {
  test('a method returning a str in a class with a method named str: declined, the class still works', async () => {
    const src = 'class Value:\n    def str(self):\n        return "v"\n\n    def kind(self):\n        return "value"\n';
    const r = await fixText(src, ['TYP004'], { target: 12, unsafe: true });
    expect(r.text).toBe(src);
    expect(r.unfixed.map((d) => d.reason)).toContain('str is defined in the enclosing class, so the builtin str cannot be written here');
  });
  test('-> None needs no name and is still added', async () => {
    const src = 'class Value:\n    def str(self):\n        self.x = 1\n';
    const r = await fixText(src, ['TYP004'], { target: 12 });
    expect(r.text).toContain('def str(self) -> None:');
  });
});

test('TYP004 is TypeScript only: the same exported function in a .js file is not reported', async () => {
  const { checkJsFile } = await import('../../../src/lang/js/check');
  const { JsSourceFile } = await import('../../../src/lang/js/source');
  const { ruleByCode } = await import('../../../src/rules/registry');
  const text = 'export function f(a) {\n  return a;\n}\n';
  const options = { targetMinor: 12, settings: { projectRoot: __dirname, pyprojectPath: null } };
  const asJs = checkJsFile(new JsSourceFile('f.js', `${__dirname}/f.js`, text), [ruleByCode('TYP004')!], options);
  const asTs = checkJsFile(new JsSourceFile('f.ts', `${__dirname}/f.ts`, text), [ruleByCode('TYP004')!], options);
  expect(asJs.findings).toEqual([]);
  expect(asTs.findings.map((f) => f.code)).toEqual(['TYP004']);
});
