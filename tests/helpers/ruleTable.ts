import fs from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { ruleByCode } from '../../src/rules/registry';
import { fixText, pythonCompileError } from './fixFixture';
import { checkJsFile } from '../../src/lang/js/check';
import { JsSourceFile } from '../../src/lang/js/source';
import { fixSource } from '../../src/fix/engine';
import { marks, markDiff } from '../lang/js/helpers';
import { expectFixture, findingsFor } from './ruleFixture';

/**
 * One test table per rule: `tests/rules/<group>/<CODE>.py` carries `# ruleid:`
 * / `# ok:` marks, and `<CODE>.snapshot` beside it records what the rule reports
 * (line:column and message of every finding) and what its fix makes of the
 * fixture (a unified diff, safe and unsafe runs), with the reasons it
 * declined, so detection and fix are read together. A rule with a JS/TS side
 * has its JS fixture beside the Python one (`<CODE>.js`, `.mjs`, `.cjs`,
 * `.ts`, or the group's `<PREFIX>.ts` when it marks this code), with a
 * section of its own in the same snapshot, fixed by the real JS fix loop. A missing or stale
 * snapshot fails; `UPDATE_SNAPSHOTS=1 npx jest tests/rules/<group>` rewrites
 * it (read the diff before committing it). The fixed text must compile, and a
 * second fix run must change nothing.
 */
export interface RuleTableOptions {
  /** fixture (default `<dir>/<CODE>.py`) */
  fixture?: string;
  /** snapshot (default beside the fixture, `.snapshot`; not `.snap`, which jest takes for its own and fails as obsolete under --ci) */
  snapshot?: string;
  settings?: Record<string, unknown>;
  /** rules run for the fix (default: the code) */
  select?: string[];
  /** skip the mark check (fixtures made only for the fix) */
  noMarks?: boolean;
  /** codes of other rules checked with it (their findings are not listed) */
  beside?: string[];
}

function diffOf(name: string, before: string, after: string): string {
  if (before === after) return '(no change)\n';
  return createTwoFilesPatch(name, name, before, after, '', '', { context: 1 }).split('\n').slice(2).join('\n').replace(/\t$/gm, '');
}

export async function ruleTable(code: string, dir: string, opts: RuleTableOptions = {}): Promise<void> {
  const rule = ruleByCode(code);
  if (!rule) throw new Error(`no rule ${code}`);
  const fixture = opts.fixture ?? path.join(dir, `${code}.py`);
  const snapshot = opts.snapshot ?? fixture.replace(/\.py$/, '.snapshot');
  const old = fixture.replace(/\.py$/, '.snap');
  if (fs.existsSync(old)) throw new Error(`rename ${old} to ${snapshot} (git mv): jest takes .snap files for its own and fails the run on them as obsolete under --ci`);
  const settings = opts.settings ?? {};
  if (!opts.noMarks) await expectFixture(code, fixture, settings, opts.beside);
  const { findings } = await findingsFor(code, fixture, settings, opts.beside);
  const text = fs.readFileSync(fixture, 'utf8');
  const name = path.basename(fixture);
  const out: string[] = [`# ${code} on ${name}: what the rule reports and what its fix makes of it`, '', '## findings'];
  for (const f of findings.filter((x) => x.code === code)) out.push(`${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.message}${f.fix ? ` [fix: ${f.fix.safety}]` : ''}`);
  if (rule.fixable && rule.fixable !== 'never') {
    const select = opts.select ?? [code];
    for (const unsafe of rule.fixable === 'safe' ? [false] : [false, true]) {
      const r = await fixText(text, select, { unsafe, settings, file: fixture });
      out.push('', `## fix${unsafe ? ' --unsafe-fixes' : ''}: ${r.applied.filter((a) => a.code === code).length} applied`);
      for (const u of r.unfixed.filter((u) => u.code === code)) out.push(`declined: ${u.reason}`);
      for (const d of r.rejected) out.push(`rejected ${d}`);
      out.push(diffOf(name, text, r.text).trimEnd());
      if (r.changed) {
        expect({ fixture: name, unsafe, compiles: pythonCompileError(r.text) }).toEqual({ fixture: name, unsafe, compiles: '' });
        const again = await fixText(r.text, select, { unsafe, settings, file: fixture });
        expect({ fixture: name, unsafe, secondRunChanged: again.changed }).toEqual({ fixture: name, unsafe, secondRunChanged: false });
      }
    }
  }
  if (!opts.fixture) for (const js of jsFixtures(code, dir)) out.push('', ...jsTable(code, js, settings, rule.fixable));
  const actual = `${out.join('\n')}\n`;
  if (process.env.UPDATE_SNAPSHOTS === '1' || (!fs.existsSync(snapshot) && process.env.CI !== 'true')) fs.writeFileSync(snapshot, actual);
  expect(fs.existsSync(snapshot)).toBe(true);
  expect(actual).toBe(fs.readFileSync(snapshot, 'utf8'));
}

const JS_EXTENSIONS = ['js', 'mjs', 'cjs', 'ts', 'tsx'];

/** The JS/TS fixtures of a rule: `<CODE>.<ext>`, or the group's `<PREFIX>.<ext>` when its marks name the code. */
function jsFixtures(code: string, dir: string): string[] {
  const out: string[] = [];
  for (const base of [code, code.replace(/\d+$/, '')]) {
    for (const ext of JS_EXTENSIONS) {
      const p = path.join(dir, `${base}.${ext}`);
      if (!fs.existsSync(p)) continue;
      if (base !== code && !new RegExp(`\\b(ruleid|ok):[^\\n]*\\b${code}\\b`).test(fs.readFileSync(p, 'utf8'))) continue;
      out.push(p);
    }
  }
  return out;
}

/** The JS/TS section of a rule's table: marks checked, findings, and the fix loop's result (it must parse and be a fixed point). */
function jsTable(code: string, fixture: string, settings: Record<string, unknown>, fixable: string | undefined): string[] {
  const rules = [ruleByCode(code)!];
  const name = path.basename(fixture);
  const text = fs.readFileSync(fixture, 'utf8');
  const options = { targetMinor: 12, settings: { projectRoot: path.dirname(fixture), pyprojectPath: null, ...settings } };
  const source = new JsSourceFile(path.relative(process.cwd(), fixture), fixture, text);
  const result = checkJsFile(source, rules, options);
  expect({ fixture: name, errors: result.errors, syntaxError: result.syntaxError }).toEqual({ fixture: name, errors: [], syntaxError: undefined });
  const m = marks(source);
  expect({ fixture: name, ruleid: (m.ruleid.get(code)?.size ?? 0) > 0, ok: (m.ok.get(code)?.size ?? 0) > 0 }).toEqual({ fixture: name, ruleid: true, ok: true });
  expect({ fixture: name, marks: markDiff(result, source, code) }).toEqual({ fixture: name, marks: { missed: [], unexpected: [], okHit: [] } });
  const out = [`# ${code} on ${name} (JS/TS)`, '', '## findings'];
  for (const f of result.findings.filter((x) => x.code === code)) out.push(`${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.message}${f.fix ? ` [fix: ${f.fix.safety}]` : ''}`);
  // the JS side may fix where the Python side does not (SEC004's execFile): its findings decide
  if ((fixable && fixable !== 'never') || result.findings.some((f) => f.code === code && (f.fix || f.declined))) {
    for (const unsafe of fixable === 'safe' ? [false] : [false, true]) {
      const r = fixSource(source.path, fixture, text, rules, options, { unsafe });
      out.push('', `## fix${unsafe ? ' --unsafe-fixes' : ''}: ${r.applied.filter((a) => a.code === code).length} applied`);
      for (const u of r.unfixed.filter((u) => u.code === code)) out.push(`declined: ${u.reason}`);
      for (const d of r.rejected) out.push(`rejected ${d}`);
      out.push(diffOf(name, text, r.text).trimEnd());
      if (r.changed) {
        expect({ fixture: name, unsafe, syntaxErrors: new JsSourceFile(name, fixture, r.text).syntaxDiagnostics.length }).toEqual({ fixture: name, unsafe, syntaxErrors: 0 });
        const again = fixSource(source.path, fixture, r.text, rules, options, { unsafe });
        expect({ fixture: name, unsafe, secondRunChanged: again.changed }).toEqual({ fixture: name, unsafe, secondRunChanged: false });
      }
    }
  }
  return out;
}
