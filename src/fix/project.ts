import fs from 'node:fs';
import path from 'node:path';
import type { FileError } from '../core/finding';
import { compiledByPython3, type ProjectContext, type ProjectFileFix, type Rule } from '../core/rule';
import { rel } from '../engine/config';
import { applyPerFileIgnores, runProjectRules, suppressProjectFindings } from '../engine/finish';
import { runPool } from '../engine/pool';
import { findPython } from '../lang/python/interpreter';
import { checkOne, prepareRun, rootsOf, type FileOutcome } from '../engine/run';
import { initParser } from '../lang/python/parser';
import type { AppliedFix, KeptFacts } from './engine';
import { blockedFixCodes, type FixOutcome, type FixRunOptions, type FixRunResult } from './run';
import { compileAll } from './verify';
import { sha256, writeAtomic, WriteRefused } from '../core/write';

/**
 * The project-fix hook: after `fix` wrote its per-file results, the rules
 * with a `projectFix` (DEP001–DEP003's manifest edits, CLI001's --version)
 * get their turn. Their facts are read again from the files as they are on
 * disk now (so DEP sees the `import httpx` NET001 just added), each distinct
 * `projectFix` is called once per project root with the selected, allowed
 * codes, and each whole-file result is checked (Python: compiled by
 * python3; TOML/text: the fix's own `verify()`), then written atomically,
 * refused when the file no longer holds what the fix started from. The
 * results join the run's outcomes, so `--diff` prints them, the counts
 * include them and `--report` lists them.
 */
interface ProjectDeclined {
  code: string;
  reason: string;
  /** display path, when the fix named a file */
  path?: string;
}

/** What the hook adds to a run's result (read by the migration report). */
export type WithProjectFixes = FixRunResult & { projectDeclined?: ProjectDeclined[] };

/** the rules' own contexts for one root, by rule code */
interface RootContexts {
  root: string;
  contexts: Map<string, ProjectContext>;
  /** codes with findings that `# noqa` or per-file-ignores switch off */
  suppressed: Set<string>;
  /** codes with findings left */
  found: Map<string, number>;
}

/** Re-read the facts the project-fix rules need and run their checks, capturing each rule's context. */
async function projectContexts(opts: FixRunOptions, fixRules: Rule[], warnings: string[], known?: KnownFacts): Promise<RootContexts[]> {
  const codes = new Set(fixRules.map((r) => r.code));
  const override = opts.rules?.filter((r) => codes.has(r.code));
  const primary = prepareRun(opts, override ?? opts.rules);
  const roots = rootsOf(opts, primary.found.files, primary, override ?? opts.rules);
  const given = (opts.paths.length ? opts.paths : ['.']).map((p) => path.resolve(p));
  const out: RootContexts[] = [];
  for (const r of roots) {
    const rules = r.rules.filter((x) => codes.has(x.code));
    if (!rules.length || !r.jobs.length) continue;
    // a project-level fix judges the whole project (DEP002 would take a dependency the other files import for unused)
    if (!given.some((p) => r.root === p || r.root.startsWith(p + path.sep))) {
      // said when asked for by name (--select), silent in a plain `fix some/file.py`
      if (opts.select?.length) warnings.push(`${rel(r.root) || '.'}: ${rules.map((x) => x.code).join(', ')} not fixed: a project-level fix needs the whole project; run fix on ${rel(r.root) || '.'}`);
      continue;
    }
    // the files whose facts the per-file fixes already hold (the run's own root and settings) are not read again
    const have = known && r.root === known.root ? known.facts : new Map<string, KeptFacts>();
    const rest = r.jobs.filter((j) => !have.has(j.abs));
    const read = !rest.length ? [] : await runPool<(typeof r.jobs)[number], FileOutcome>({
      jobs: rest,
      threads: opts.rules ? 1 : opts.jobs,
      workerFile: path.join(__dirname, '..', 'engine', path.basename(__filename).replace(/^project\./, 'worker.')),
      workerData: { codes: rules.map((x) => x.code), options: r.options, maxFileSize: r.maxFileSize },
      batch: 16,
      init: initParser,
      inThread: (job) => checkOne(job, rules, r.options, r.maxFileSize),
    });
    const readOf = new Map(read.map((o) => [o.path, o]));
    const checked = r.jobs.map((j): Pick<FileOutcome, 'path' | 'result'> => {
      const k = have.get(j.abs);
      if (!k) return readOf.get(j.display)!;
      return { path: j.display, result: { findings: [], facts: k.facts, errors: [], warnings: [], lines: 0, suppressions: k.suppressions } };
    });
    const facts = new Map<string, Record<string, unknown>>();
    for (const o of checked) if (o.result) facts.set(o.path, o.result.facts);
    const absOf = new Map(r.jobs.map((j) => [j.display, j.abs]));
    const contexts = new Map<string, ProjectContext>();
    const run = runProjectRules({ rules, facts, absOf: (p) => absOf.get(p) ?? path.resolve(p), root: r.root, options: r.options, onContext: (rule, ctx) => contexts.set(rule.code, ctx) });
    const suppressionsOf = new Map(checked.filter((o) => o.result).map((o) => [o.path, new Map(o.result!.suppressions)]));
    const kept = applyPerFileIgnores(suppressProjectFindings(run.findings, (p) => suppressionsOf.get(p)), r.loaded.config['per-file-ignores'], r.root);
    const found = new Map<string, number>();
    for (const f of kept) found.set(f.code, (found.get(f.code) ?? 0) + 1);
    const suppressed = new Set(run.findings.filter((f) => !kept.includes(f)).map((f) => f.code));
    out.push({ root: r.root, contexts, suppressed, found });
  }
  return out;
}

/** The lines a whole-file change touches, as the report's example shows them. */
function changedRegion(before: string, after: string): { line: number; before: string; after: string } {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { line: head + 1, before: a.slice(head, a.length - tail).join('\n'), after: b.slice(head, b.length - tail).join('\n') };
}

function emptyOutcome(display: string, abs: string): FixOutcome {
  return { path: display, abs, changed: false, applied: [], remaining: [], initial: [], unsafeSkipped: 0, errors: [], rejected: [], unfixed: [], originalParses: true, passes: 1, converged: true };
}

/**
 * Run the project-level fixes after the per-file ones and add what they did
 * (or would do, without `write`) to `result`.
 */
/** Facts of files the per-file fixes already know, as they are on disk now, by absolute path; valid for the project root `root` (the run's own settings). */
export interface KnownFacts {
  root: string;
  facts: Map<string, KeptFacts>;
}

export async function applyProjectFixes(opts: FixRunOptions, result: FixRunResult, known?: KnownFacts): Promise<void> {
  const out = result as WithProjectFixes;
  const declinedAll: ProjectDeclined[] = (out.projectDeclined ??= []);
  const blocked = new Set(blockedFixCodes(result.rules, opts.select));
  const fixRules = result.rules.filter((r) => r.projectFix && !blocked.has(r.code) && (!opts.selection || opts.selection.projectCodes.includes(r.code)));
  if (!fixRules.length) return;
  const byPath = new Map(result.outcomes.map((o) => [o.abs, o]));
  let roots: RootContexts[];
  try {
    roots = await projectContexts(opts, fixRules, result.warnings, known);
  } catch (err) {
    result.errors.push({ path: '(fix)', message: `internal error while reading the project for its project-level fixes: ${(err as Error).message}`, internal: true });
    return;
  }
  const python = opts.compile === false ? null : findPython();
  const errors: FileError[] = [];
  for (const r of roots) {
    // one call per distinct projectFix, with the codes it may fix here
    const groups = new Map<Rule['projectFix'], { ctx: ProjectContext; codes: string[] }>();
    for (const rule of fixRules) {
      const ctx = r.contexts.get(rule.code);
      if (!ctx || !rule.projectFix) continue;
      if (rule.fixable === 'unsafe' && !opts.unsafe) {
        // counted like the per-file fixes that wait for --unsafe-fixes
        result.unsafeSkipped += r.found.get(rule.code) ?? 0;
        continue;
      }
      if (r.suppressed.has(rule.code)) {
        declinedAll.push({ code: rule.code, reason: `some of its findings are switched off (# noqa or per-file-ignores) and the project-level fix cannot leave them out; fix the others by hand` });
        result.warnings.push(`${rel(r.root) || '.'}: ${rule.code} not fixed: some of its findings are switched off (# noqa or per-file-ignores) and the project-level fix cannot leave them out`);
        continue;
      }
      if (!r.found.get(rule.code)) continue;
      const g = groups.get(rule.projectFix) ?? { ctx, codes: [] };
      g.codes.push(rule.code);
      groups.set(rule.projectFix, g);
    }
    for (const [fix, g] of groups) {
      let planned: Awaited<ReturnType<NonNullable<Rule['projectFix']>>>;
      try {
        planned = await fix!(g.ctx, { unsafe: opts.unsafe, codes: g.codes });
      } catch (err) {
        errors.push({ path: rel(r.root) || '.', message: `internal error in the project-level fix of ${g.codes.join(', ')}: ${(err as Error).message}`, internal: true });
        continue;
      }
      for (const d of planned.declined) {
        const display = d.path ? (path.isAbsolute(d.path) ? rel(d.path) : d.path) : undefined;
        declinedAll.push({ code: d.code, reason: d.reason, path: display });
        result.warnings.push(`${display ?? (rel(r.root) || '.')}: ${d.code} not fixed: ${d.reason}`);
      }
      for (const f of planned.fixes) await applyOne(f, g.codes, opts, result, byPath, python, errors);
    }
  }
  result.errors.push(...errors);
  result.errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Check, then write (or only show) one whole-file result. */
async function applyOne(
  f: ProjectFileFix,
  codes: string[],
  opts: FixRunOptions,
  result: FixRunResult,
  byPath: Map<string, FixOutcome>,
  python: string | null,
  errors: FileError[],
): Promise<void> {
  const changes = f.changes.filter((c) => codes.includes(c.code) && (c.safety === 'safe' || opts.unsafe));
  if (f.after === f.before || !changes.length) return;
  const abs = path.resolve(f.path);
  const display = rel(abs);
  const prior = byPath.get(abs);
  const what = [...new Set(changes.map((c) => c.code))].join(', ');
  // said as the per-file fixes say it (a warning, or an error when the input cannot be read or written), and listed in the report
  const refuse = (why: string, input = false): void => {
    (result as WithProjectFixes).projectDeclined!.push({ code: what, reason: why, path: display });
    if (input) errors.push({ path: display, message: `${what} not fixed: ${why}` });
    else result.warnings.push(`${display}: ${what} not fixed: ${why}`);
  };
  if (changes.length !== f.changes.length) {
    refuse('the result includes changes this run does not allow; file left untouched');
    return;
  }
  // without --diff the per-file results are on disk and the facts were read from them; with it, they are not
  if (prior?.changed && !prior.refused && !prior.written) {
    refuse("not shown: this run's per-file fixes change the file first; run fix, then fix --diff");
    return;
  }
  let bytes: Buffer;
  let mode: number;
  try {
    bytes = fs.readFileSync(abs);
    mode = fs.statSync(abs).mode;
  } catch (err) {
    refuse(`cannot read it back (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, true);
    return;
  }
  const before = Buffer.from(f.before, 'utf8');
  if (!bytes.equals(before)) {
    refuse('it changed since the project-level fix read it (or is not UTF-8); file left untouched');
    return;
  }
  const why = f.verify();
  if (why !== null) {
    refuse(`${why}; file left untouched`);
    return;
  }
  const afterBytes = Buffer.from(f.after, 'utf8');
  if (compiledByPython3(f)) {
    if (!python) {
      refuse('python3 is not on PATH to compile the result; file left untouched');
      return;
    }
    const v = (await compileAll([{ path: display, bytes: afterBytes, original: before }], python))?.get(display);
    if (!v?.ok || v.unverified) {
      refuse(`the result does not compile (${v?.message ?? 'no verdict'}); file left untouched`);
      return;
    }
  }
  const region = changedRegion(f.before, f.after);
  const applied: AppliedFix[] = changes.map((c) => ({ code: c.code, safety: c.safety, description: c.description, line: c.line ?? region.line, before: region.before, after: region.after }));
  let written = false;
  if (opts.write) {
    try {
      writeAtomic(abs, afterBytes, { mode, expectSha256: sha256(before) });
      written = true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      refuse(err instanceof WriteRefused ? (err as Error).message : `cannot write: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (err as Error).message)}`, true);
      return;
    }
  }
  result.fixes += applied.length;
  if (prior?.changed && !prior.refused) {
    // written by the per-file fixes and now again: one file, one diff from what the user had
    prior.text = f.after;
    prior.applied.push(...applied);
    return;
  }
  const now = { changed: true, original: f.before, text: f.after, encoding: 'utf-8', bom: false, mode, sha256: sha256(before), written };
  result.changedFiles++;
  if (prior && !prior.changed) {
    // a file the per-file fixes read and left as it was: its one outcome now says what changed
    Object.assign(prior, now, { applied: [...prior.applied, ...applied] });
    return;
  }
  const o: FixOutcome = { ...emptyOutcome(display, abs), ...now, applied };
  result.outcomes.push(o);
  byPath.set(abs, o);
}
