import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isKnownSelector } from '../../src/rules/registry';
import type { Finding } from '../../src/core/finding';
import { combineSemgrep, declaredRules, planEngines, type EngineInput, type EnginePlan } from '../../src/engine/engines';
import { parseSuppression } from '../../src/engine/suppress';
import { hashedCode, mapSemgrepOutput, type SgOutput } from '../../src/semgrep';
import { venvTool } from '../helpers/python';

/**
 * How semgrep's findings join the native ones (the pure half, on semgrep
 * 1.185.0's recorded JSON: tests/semgrep/recorded), and the engine plan.
 * No semgrep process here.
 */
const REC = path.join(__dirname, 'recorded');
const recorded = JSON.parse(fs.readFileSync(path.join(REC, 'partial-parse.json'), 'utf8')) as SgOutput;
const read = (abs: string): Buffer => fs.readFileSync(path.join(REC, `${path.basename(abs)}.txt`));
const USER_RULES = path.join(__dirname, 'user-rules');

const plan: EnginePlan = { engine: 'both', userConfigs: [], userRules: [] };
const mapped = () => mapSemgrepOutput(recorded, { cwd: '/proj', displayRoot: '/proj', read });

function input(over: Partial<EngineInput> = {}): EngineInput {
  return {
    roots: [{ root: '/proj', loaded: { config: {} }, maxFileSize: 5e6, jobs: [{ abs: '/proj/syn.py', display: 'syn.py' }, { abs: '/proj/u.py', display: 'u.py' }] }],
    outcomes: [{ path: 'syn.py', result: { suppressions: [] } }, { path: 'u.py', result: { suppressions: [] } }],
    findings: [],
    errors: [],
    ...over,
  };
}

test('the recorded run: findings and the partial parse as they come', () => {
  const out = combineSemgrep(mapped(), plan, input(), ['SEC001']);
  expect(out.findings.map((f) => `${f.code} ${f.path}:${f.line}:${f.column}`)).toEqual(expect.arrayContaining(['SEC001 syn.py:2:3', 'SEC001 u.py:1:11']));
  expect(out.errors).toEqual([{ path: 'syn.py', message: expect.stringMatching(/^semgrep PartialParsing: /) }]);
  expect(out.rules.map((r) => r.code)).toEqual(['SEC001']);
});

test("semgrep's partial parse of a file the native pass reports as a syntax error is dropped", () => {
  const errors = [{ path: 'syn.py', message: 'syntax error at line 1, column 7: invalid syntax; findings inside the broken region are skipped' }];
  const out = combineSemgrep(mapped(), plan, input({ errors }), ['SEC001']);
  expect(out.errors).toEqual([]);
});

test('a native finding of the same code at the same place wins; # noqa and per-file-ignores hold', () => {
  const all = mapped().findings;
  const u = all.find((f) => f.path === 'u.py')!;
  const nativeOne: Finding = { ...u, message: 'native', fix: null };
  expect(combineSemgrep(mapped(), plan, input({ findings: [nativeOne] }), ['SEC001']).findings.filter((f) => f.path === 'u.py')).toEqual([]);
  // another column is another finding
  expect(combineSemgrep(mapped(), plan, input({ findings: [{ ...nativeOne, column: nativeOne.column + 1 }] }), ['SEC001']).findings.filter((f) => f.path === 'u.py')).toHaveLength(1);
  // # noqa: SEC001 on the line, as the native pass read it
  const noqa = parseSuppression('# noqa: SEC001').suppression!;
  const outcomes = [{ path: 'syn.py', result: { suppressions: [] } }, { path: 'u.py', result: { suppressions: [[u.line, noqa]] as Array<[number, typeof noqa]> } }];
  expect(combineSemgrep(mapped(), plan, input({ outcomes }), ['SEC001']).findings.map((f) => f.path)).toEqual(['syn.py']);
  const pfi = input();
  // display paths are relative to the working directory, as the project root is resolved from it
  pfi.roots[0].root = process.cwd();
  pfi.roots[0].loaded.config['per-file-ignores'] = { 'u.py': ['SEC'] };
  expect(combineSemgrep(mapped(), plan, pfi, ['SEC001']).findings.map((f) => f.path)).toEqual(['syn.py']);
  // --ignore, and the root's select
  expect(combineSemgrep(mapped(), plan, input({ ignore: ['SEC001'] }), ['SEC001']).findings).toEqual([]);
  const sel = input();
  sel.roots[0].loaded.config.select = ['TYP'];
  expect(combineSemgrep(mapped(), plan, sel, ['SEC001']).findings).toEqual([]);
});

test('the user configs declare their codes before semgrep runs', () => {
  expect(declaredRules([USER_RULES])).toEqual([
    { code: hashedCode('acme.no-assert-in-library'), ruleId: 'acme.no-assert-in-library' },
    { code: 'ACME001', ruleId: 'wall-clock-duration' },
  ]);
});

describe('planEngines', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-plan-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('native by default: no user code is a selector, and semgrep is not looked for', () => {
    expect(planEngines({ paths: [dir] })).toMatchObject({ engine: 'native' });
    expect(isKnownSelector('ACME001')).toBe(false);
    expect(isKnownSelector('SG')).toBe(false);
  });

  test('engine and semgrep-config from the configuration, relative to its file; the codes become selectors', () => {
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), `[tool.rfsn-upgrade]\nengine = "both"\nsemgrep-config = [${JSON.stringify(path.relative(dir, USER_RULES))}]\nsemgrep-bin = ${JSON.stringify(venvTool('semgrep'))}\n`);
    const p = planEngines({ paths: [dir] });
    expect(p).toMatchObject({ engine: 'both', userConfigs: [USER_RULES], bin: venvTool('semgrep') });
    expect(['ACME', 'ACME001', 'SG', hashedCode('acme.no-assert-in-library')].every(isKnownSelector)).toBe(true);
    expect(isKnownSelector('ACME002')).toBe(false);
    // the flag wins, and native forgets the codes
    expect(planEngines({ paths: [dir], engine: 'native' })).toMatchObject({ engine: 'native' });
    expect(isKnownSelector('ACME001')).toBe(false);
  });
});
