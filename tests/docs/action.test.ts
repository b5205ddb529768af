import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VENV_PYTHON } from '../helpers/python';

/**
 * Issue 24: the composite GitHub Action of action.yml. GitHub is not here, so
 * this test is its runner for the parts that are ours: action.yml is parsed
 * by PyYAML (the venv's, which pre-commit depends on), the `${{ }}`
 * expressions it uses are evaluated, and each `run:` script runs with bash as
 * the runner starts it (`bash --noprofile --norc -eo pipefail`), the inputs
 * in its env, against a copy of the sample project. `uses:` steps are not
 * run; their `if:` and `with:` are evaluated. The install step (`npm ci` in
 * the action's folder) is not run either: this checkout is already built.
 */
const ROOT = path.resolve(__dirname, '../..');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  runs: { using: string; steps: Step[] };
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
}

const yaml = (file: string): unknown => JSON.parse(execFileSync(VENV_PYTHON, ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', path.join(ROOT, file)], { encoding: 'utf8' }));
const action = yaml('action.yml') as Action;

interface Context {
  inputs: Record<string, string>;
  steps: Record<string, Record<string, string>>;
}

/** One operand of an expression: the names action.yml uses, or a quoted literal. Anything else fails the test. */
function value(expr: string, ctx: Context): string {
  const e = expr.trim();
  let m: RegExpExecArray | null;
  if ((m = /^'([^']*)'$/.exec(e))) return m[1];
  if (e === 'github.action_path') return ROOT;
  if ((m = /^inputs\.([\w-]+)$/.exec(e))) {
    if (!(m[1] in action.inputs)) throw new Error(`action.yml reads an undeclared input: ${m[1]}`);
    return ctx.inputs[m[1]] ?? action.inputs[m[1]].default ?? '';
  }
  if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) return ctx.steps[m[1]]?.[m[2]] ?? '';
  throw new Error(`expression this test cannot evaluate: ${e}`);
}

/** `${{ a == 'x' && b != '' }}`: the conditions action.yml uses. */
function condition(expr: string, ctx: Context): boolean {
  const inner = expr.replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1');
  return inner.split('&&').every((part) => {
    const m = /^(.*?)(==|!=)(.*)$/.exec(part);
    if (!m) throw new Error(`condition this test cannot evaluate: ${part}`);
    return (value(m[1], ctx) === value(m[3], ctx)) === (m[2] === '==');
  });
}

const interpolate = (s: string, ctx: Context): string => s.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e: string) => value(e, ctx));

interface Run {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  uploaded: Record<string, string> | null;
}

function runAction(workspace: string, inputs: Record<string, string>): Run {
  const ctx: Context = { inputs, steps: {} };
  let stdout = '';
  let uploaded: Record<string, string> | null = null;
  for (const step of action.runs.steps) {
    // no status function in an `if:`: GitHub adds success(), and a failed step has already returned below
    if (step.if !== undefined && !condition(step.if, ctx)) continue;
    if (step.uses) {
      const args = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
      if (step.uses.startsWith('github/codeql-action/upload-sarif@')) uploaded = args;
      continue;
    }
    if (/^npm ci\b/.test(step.run ?? '')) continue; // the install: this checkout is built
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-gh-')), 'output');
    fs.writeFileSync(out, '');
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
    const cwd = step['working-directory'] ? path.resolve(workspace, interpolate(step['working-directory'], ctx)) : workspace;
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run ?? ''], {
      cwd,
      env: { ...process.env, ...env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: out, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 180_000,
    });
    stdout += r.stdout;
    if (step.id) ctx.steps[step.id] = Object.fromEntries(fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    if (r.status !== 0) return { code: r.status ?? -1, stdout, outputs: outputsOf(ctx), uploaded };
  }
  return { code: 0, stdout, outputs: outputsOf(ctx), uploaded };
}

const outputsOf = (ctx: Context): Record<string, string> => Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, interpolate(o.value, ctx)]));

function sampleWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-action-'));
  fs.cpSync(path.join(ROOT, 'fixtures/sample-project'), dir, { recursive: true });
  // a repository of its own: SARIF and annotation paths are relative to the git root
  execFileSync('git', ['init', '-q', dir]);
  return dir;
}

test('action.yml is a composite action with the documented inputs, set up node, installs from its own checkout and uploads SARIF', () => {
  expect(action.runs.using).toBe('composite');
  expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['paths', 'args', 'fail-on', 'sarif-file', 'upload-sarif', 'node-version']));
  const steps = action.runs.steps;
  expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toEqual({ 'node-version': '${{ inputs.node-version }}' });
  const install = steps.find((s) => /^npm ci\b/.test(s.run ?? ''));
  expect(install?.['working-directory']).toBe('${{ github.action_path }}');
  expect(steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
  // GitHub refuses a composite `run` step without a shell
  for (const s of steps.filter((x) => x.run !== undefined)) expect(s.shell).toBe('bash');
});

test('the example workflow uses the action with inputs it declares', () => {
  const example = yaml('examples/github-actions.yml') as { jobs: Record<string, { steps: Step[] }> };
  const uses = Object.values(example.jobs).flatMap((j) => j.steps).filter((s) => /\/rfsn-upgrade@/.test(s.uses ?? ''));
  expect(uses).toHaveLength(1);
  expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(Object.keys(uses[0].with ?? {})));
});

test('a scan with high findings: annotations, the SARIF written and uploaded, and the step fails with exit 1', () => {
  const ws = sampleWorkspace();
  const r = runAction(ws, { args: '--no-cache' });
  expect(r.code).toBe(1);
  expect(r.outputs).toEqual({ 'exit-code': '1', 'sarif-file': 'rfsn-upgrade.sarif' });
  expect(r.stdout).toMatch(/^::error file=taskrunner\/executor\.py,line=\d+,/m);
  const sarif = JSON.parse(fs.readFileSync(path.join(ws, 'rfsn-upgrade.sarif'), 'utf8'));
  expect(sarif.version).toBe('2.1.0');
  expect(sarif.runs[0].results.length).toBeGreaterThan(0);
  expect(r.uploaded).toEqual({ sarif_file: 'rfsn-upgrade.sarif', category: 'rfsn-upgrade' });
});

test('fail-on never passes with exit 0; paths on several lines; upload-sarif false uploads nothing', () => {
  const ws = sampleWorkspace();
  const r = runAction(ws, { paths: 'taskrunner/executor.py\ntaskrunner/cli.py', 'fail-on': 'never', 'upload-sarif': 'false', 'sarif-file': 'reports/scan.sarif', args: '--no-cache --select SEC' });
  expect(r.code).toBe(0);
  expect(r.outputs['exit-code']).toBe('0');
  const sarif = JSON.parse(fs.readFileSync(path.join(ws, 'reports/scan.sarif'), 'utf8'));
  const files = new Set(sarif.runs[0].results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0].physicalLocation.artifactLocation.uri));
  expect([...files].sort()).toEqual(['taskrunner/cli.py', 'taskrunner/executor.py']);
  expect(r.uploaded).toBeNull();
});

test('a usage error exits 2 with no SARIF to upload (a stale one is removed), and args are split, never run by a shell', () => {
  const ws = sampleWorkspace();
  fs.writeFileSync(path.join(ws, 'rfsn-upgrade.sarif'), '{"stale": true}');
  const r = runAction(ws, { args: '--no-cache --select SEC,NOPE $(touch pwned) *' });
  expect(r.code).toBe(2);
  expect(r.outputs).toEqual({ 'exit-code': '2', 'sarif-file': '' });
  expect(fs.existsSync(path.join(ws, 'rfsn-upgrade.sarif'))).toBe(false);
  expect(fs.existsSync(path.join(ws, 'pwned'))).toBe(false);
  expect(r.uploaded).toBeNull();
});
