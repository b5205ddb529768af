import type { ts } from 'ts-morph';
import { tsv } from './ts';
import { pushAll } from '../../core/arrays';
import { compareFindings, findingAt, type FileError, type Finding } from '../../core/finding';
import type { FileOptions, Rule } from '../../core/rule';
import type { FileResult } from '../../core/finding';
import { addSuppression, FileDirectives, judgeDirectives, parseSuppression, suppressedAt, type LineSuppression } from '../../core/suppression';
import { isKindName } from './kinds';
import { JsNames } from './names';
import type { JsContext, JsHandlers, JsReportArgs } from './rule';
import type { JsComment, JsSourceFile } from './source';

/**
 * Where a file's result keeps a rule's JS facts: `js:DEP001`, beside the
 * Python side's `DEP001`, so a project-level check never reads the other
 * language's facts (DEP001/DEP002 have both).
 */
export function jsFactsKey(code: string): string {
  return `js:${code}`;
}

/** The rule's JS side, if it has one. */
export function jsOf(rule: Rule): Rule['js'] {
  return (rule as { js?: Rule['js'] }).js;
}

/**
 * `// noqa: SEC001` (and `/* noqa *\/`, `// nosec`) in the spelling the
 * Python parser reads: the comment markers become `#`, the rest is parsed by
 * src/engine/suppress.ts, so codes, prefixes, bandit ids and the warnings
 * about malformed directives are the same in both languages. Each marker is
 * replaced by as many characters, so the directives' offsets are the
 * comment's (the unused-noqa fix edits them).
 */
export function jsSuppression(c: JsComment): ReturnType<typeof parseSuppression> {
  const body = c.kind === 'line' ? c.text.slice(2) : c.text.slice(2, -2);
  return parseSuppression(`# ${body.replace(/^(\s*)\*/, '$1 ').replace(/(\s)\/\/(\s)/g, '$1# $2')}`);
}

/**
 * Runs the rules' JS sides over one file in one traversal: every node is
 * dispatched to the handlers registered for its SyntaxKind name; comments are
 * read from the tree's trivia only when a rule or a directive needs them.
 * Same result shape as the Python dispatcher (src/engine/check.ts).
 */
export function checkJsFile(file: JsSourceFile, rules: Rule[], options: FileOptions): FileResult {
  const findings: Finding[] = [];
  const errors: FileError[] = [];
  const warnings: string[] = [];
  const facts: Record<string, unknown> = {};
  const sf = file.sourceFile;
  let names: JsNames | null = null;
  const getNames = (): JsNames => (names ??= new JsNames(sf));
  const guarded = (rule: Rule, what: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      errors.push({ path: file.path, message: `internal error in rule ${rule.code} (${what}): ${(err as Error).message}`, internal: true });
    }
  };
  const optIn = new Set(options.optInFixes ?? []);
  const byKind: Array<Array<(n: ts.Node) => void> | undefined> = [];
  const exits: Array<[Rule, (n: ts.Node) => void]> = [];
  const withFacts: Array<[Rule, JsContext]> = [];
  for (const rule of rules) {
    const js = jsOf(rule);
    if (!js) continue;
    let state: unknown;
    const ctx: JsContext = {
      file,
      get names() {
        return getNames();
      },
      options,
      report: (a: JsReportArgs) => findings.push(makeJsFinding(file, rule, a, !rule.fixOptIn || optIn.has(rule.code))),
      state<T>(init: () => T): T {
        if (state === undefined) state = init();
        return state as T;
      },
    };
    let handlers: JsHandlers = {};
    guarded(rule, 'create', () => (handlers = js.create(ctx)));
    for (const [name, fn] of Object.entries(handlers)) {
      if (name === 'SourceFile:exit') {
        exits.push([rule, fn]);
        continue;
      }
      if (!isKindName(name)) {
        errors.push({ path: file.path, message: `internal error in rule ${rule.code}: no SyntaxKind named '${name}'`, internal: true });
        continue;
      }
      const kind = (tsv().SyntaxKind as unknown as Record<string, number>)[name];
      (byKind[kind] ??= []).push((n) => guarded(rule, 'visit', () => fn(n)));
    }
    if (js.facts) withFacts.push([rule, ctx]);
  }
  if (byKind.length) {
    const visit = (node: ts.Node): void => {
      const list = byKind[node.kind];
      if (list) for (const fn of list) fn(node);
      tsv().forEachChild(node, visit);
    };
    visit(sf);
  }
  for (const [rule, fn] of exits) guarded(rule, 'finish', () => fn(sf));
  for (const [rule, ctx] of withFacts) guarded(rule, 'facts', () => (facts[jsFactsKey(rule.code)] = jsOf(rule)!.facts!(ctx)));

  const suppressions = new Map<number, LineSuppression>();
  const directives = new FileDirectives();
  if (/noqa|nosec/i.test(file.text)) {
    for (const c of file.comments) {
      const { suppression, warning, directives: found } = jsSuppression(c);
      const line = file.lineOf(c.start);
      if (suppression) addSuppression(suppressions, line, suppression);
      directives.add(line, { start: c.start, end: c.end, bodyEnd: c.kind === 'line' ? c.end : c.end - 2 }, found);
      if (warning) warnings.push(`${file.path}:${line}: ${warning.replace(/'# /g, "'// ")}`);
    }
  }

  // TypeScript's parser recovers from every error; findings on a line it reported are dropped
  let syntaxError: FileResult['syntaxError'];
  const brokenLines = new Set<number>();
  const diags = file.syntaxDiagnostics;
  if (diags.length) {
    for (const d of diags) {
      const a = file.lineOf(d.start);
      const b = file.lineOf(d.start + (d.length ?? 0));
      for (let l = a; l <= b; l++) brokenLines.add(l);
    }
    const pos = file.position(diags[0].start);
    const msg = tsv().flattenDiagnosticMessageText(diags[0].messageText, ' ');
    syntaxError = { line: pos.line, column: pos.column, message: `syntax error at line ${pos.line}, column ${pos.column}: ${msg}; findings on the lines with errors are skipped` };
  }
  const kept = findings.filter((f) => !brokenLines.has(f.line) && !suppressedAt(f, [f.line, f.endLine], suppressions, directives));
  if (!diags.length) {
    const ran = new Set(rules.filter((r) => jsOf(r) && !r.project && !(jsOf(r) as { project?: unknown }).project).map((r) => r.code));
    pushAll(kept, judgeDirectives(rules, file.text, directives, ran, suppressions, guarded, (rule, a) => makeJsFinding(file, rule, a)));
  }
  kept.sort(compareFindings);
  return { findings: kept, facts, errors, warnings, lines: file.lineCount, syntaxError, suppressions: [...suppressions] };
}

export function makeJsFinding(file: JsSourceFile, rule: Rule, a: JsReportArgs, buildLazyFix = true): Finding {
  const start = a.node ? a.node.getStart(file.sourceFile) : (a.start ?? 0);
  const end = a.node ? a.node.end : (a.end ?? start);
  return findingAt(file, rule, start, end, a, { buildLazyFix, language: 'js', catchFixErrors: true });
}

