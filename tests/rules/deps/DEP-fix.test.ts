import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { parse as parseToml } from 'smol-toml';
import { ruleByCode } from '../../../src/rules/registry';
import type { ProjectContext } from '../../../src/core/rule';
import { runScan } from '../../../src/engine/run';
import { projectPython } from '../../../src/lang/python/interpreter';
import { planDependencyFixes, type DependencyFixPlan, type PlanOptions } from '../../../src/rules/deps/_fix';
import { SYSTEM_PYTHON, VENV_PYTHON } from '../../helpers/python';

/**
 * U08's codemod on real-shaped projects (tests/rules/deps/fix/<case>/): PEP 621
 * with comments, aligned comments, single quotes and an inline extras table;
 * a one-line dependencies array; Poetry tables; a requirements.txt project.
 * The plan is built from the same project context DEP001–DEP003 report from
 * (the rule's own project check runs, and the plan is made beside it), the
 * edited manifest is compared with the snapshot, re-parsed (smol-toml and
 * Python's tomllib), written to a copy, and the copy scanned again: the
 * findings are gone and a second plan changes nothing.
 */
const BASE = path.join(__dirname, 'fix');
const CASES = ['inline', 'pep621', 'poetry', 'requirements'];

async function planFor(dir: string, opts: PlanOptions): Promise<DependencyFixPlan> {
  const rule = ruleByCode('DEP001')!;
  const own = rule.project!;
  let plan: DependencyFixPlan | null = null;
  rule.project = (ctx: ProjectContext) => {
    own(ctx);
    plan = planDependencyFixes(ctx, opts);
  };
  try {
    await runScan({ paths: [dir], select: ['DEP001'], jobs: 1 });
  } finally {
    rule.project = own;
  }
  if (!plan) throw new Error(`DEP001 did not run its project check on ${dir}`);
  return plan;
}

function copyCase(name: string): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `dep-fix-${name}-`));
  fs.cpSync(path.join(BASE, name), tmp, { recursive: true });
  return tmp;
}

async function depFindings(dir: string): Promise<string[]> {
  const r = await runScan({ paths: [dir], select: ['DEP'], jobs: 1 });
  return r.findings.map((f) => `${f.code} ${f.message}`);
}

describe('DEP001–DEP003 manifest fix', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('matches its snapshot, and each result re-parses to exactly the intended change', async () => {
    const out: string[] = ['# DEP001-DEP003 fix on tests/rules/deps/fix/<case>/ (--unsafe-fixes, versions from the test venv)'];
    for (const name of CASES) {
      const dir = copyCase(name);
      dirs.push(dir);
      const plan = await planFor(dir, { unsafe: true, python: VENV_PYTHON });
      out.push('', `## ${name}`);
      for (const d of plan.declined) out.push(`declined ${d.code}: ${d.reason}`);
      for (const f of plan.fixes) {
        expect({ file: f.path, verify: f.verify() }).toEqual({ file: f.path, verify: null });
        const rel = path.relative(dir, f.path);
        for (const c of f.changes) out.push(`${c.code} (${c.safety}): ${c.description}`);
        out.push(createTwoFilesPatch(rel, rel, f.before, f.after, '', '', { context: 2 }).split('\n').slice(2).join('\n').replace(/\t$/gm, '').trimEnd());
        if (rel.endsWith('.toml')) {
          parseToml(f.after);
          execFileSync(SYSTEM_PYTHON, ['-c', 'import sys, tomllib; tomllib.loads(sys.stdin.read())'], { input: f.after });
        }
        fs.writeFileSync(f.path, f.after);
      }
      // written: nothing of DEP001/DEP003 is left, nor DEP002 (unsafe run); planning again changes nothing
      const left = await depFindings(dir);
      out.push(`after: ${left.length ? left.join('; ') : 'no DEP findings'}`);
      const again = await planFor(dir, { unsafe: true, python: VENV_PYTHON });
      expect({ name, again: again.fixes.map((f) => f.changes) }).toEqual({ name, again: [] });
    }
    const actual = `${out.join('\n')}\n`;
    const snapshot = path.join(__dirname, 'DEP-fix.snapshot');
    if (process.env.UPDATE_SNAPSHOTS === '1' || (!fs.existsSync(snapshot) && process.env.CI !== 'true')) fs.writeFileSync(snapshot, actual);
    expect(actual).toBe(fs.readFileSync(snapshot, 'utf8'));
  });

  it('without --unsafe-fixes declared dependencies stay, and the lower bound is the installed version', async () => {
    const dir = copyCase('pep621');
    dirs.push(dir);
    const plan = await planFor(dir, { unsafe: false, python: VENV_PYTHON });
    const changes = plan.fixes.flatMap((f) => f.changes);
    expect(changes.every((c) => c.safety === 'safe' && c.code !== 'DEP002')).toBe(true);
    const installed = execFileSync(VENV_PYTHON, ['-c', 'from importlib import metadata; print(metadata.version("PyYAML"))'], { encoding: 'utf8' }).trim();
    expect(plan.fixes[0].after).toContain(`'PyYAML>=${installed}'`);
    expect(plan.fixes[0].after).toContain("'click>=8.0',");
    // no interpreter that has it: no bound
    const bare = await planFor(dir, { unsafe: false, python: null });
    expect(bare.fixes[0].after).toMatch(/'PyYAML',/);
  });

  it("reads versions from the project's own .venv", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dep-venv-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, '.venv', 'bin'), { recursive: true });
    fs.symlinkSync(VENV_PYTHON, path.join(dir, '.venv', 'bin', 'python'));
    expect(projectPython(dir)).toBe(path.join(dir, '.venv', 'bin', 'python'));
  });
});
