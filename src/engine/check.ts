import type { Node } from '../lang/python/parser';
import { primeType, query } from '../lang/python/parser';
import { NameResolver } from '../lang/python/names';
import type { SourceFile } from '../lang/python/source';
import { compareFindings, findingAt, type FileError, type Finding } from '../core/finding';
import { pushAll } from '../core/arrays';
import type { FileOptions, Rule } from '../core/rule';
import type { PythonContext, PythonHandlers, ReportArgs } from '../lang/python/rule';
import { addSuppression, FileDirectives, judgeDirectives, parseSuppression, suppressedAt, type LineSuppression } from './suppress';
import { begin, end, time, timeMethods } from './timings';

import type { FileResult } from '../core/finding';
export type { FileResult };

/**
 * Runs the rules over one parsed file in a single pass: one tree-sitter query
 * (run natively) captures every node type any selected rule visits, plus the
 * comments; each capture is dispatched to the rules that asked for its type.
 */
export function checkFile(file: SourceFile, rules: Rule[], options: FileOptions): FileResult {
  const root = time('parse', () => file.root); // parses the file, unless parsed before
  begin('query');
  try {
    return dispatch(file, root, rules, options);
  } finally {
    end();
  }
}

function dispatch(file: SourceFile, root: Node, rules: Rule[], options: FileOptions): FileResult {
  const findings: Finding[] = [];
  const errors: FileError[] = [];
  const warnings: string[] = [];
  const facts: Record<string, unknown> = {};
  const names = timeMethods(new NameResolver(root, file.text), 'names', ['lookup', 'shadowsBuiltin', 'callee', 'qualifiedName', 'importedNames', 'moduleBindings', 'seedImports']);
  // every captured node by type, for rules that read them after the visit (ctx.nodesOfType)
  const nodesByType = new Map<string, Node[]>();
  const guarded = (rule: Rule, what: string, fn: () => void): void => {
    begin('rules', rule.code);
    try {
      fn();
    } catch (err) {
      errors.push({ path: file.path, message: `internal error in rule ${rule.code} (${what}): ${(err as Error).message}`, internal: true });
    } finally {
      end();
    }
  };
  const optIn = new Set(options.optInFixes ?? []);
  // the other lines whose `# noqa` also covers a finding (ReportArgs.noqaLines)
  const noqaLines = new Map<Finding, number[]>();

  // each rule's handlers for this file: the node types they name are the query's
  const byType = new Map<string, Array<(node: Node) => void>>();
  const exits: Array<[Rule, (node: Node) => void]> = [];
  const withFacts: Array<[Rule, PythonContext]> = [];
  for (const rule of rules) {
    const py = rule.python;
    if (!py) continue;
    let state: unknown;
    const ctx: PythonContext = {
      file,
      names,
      options,
      report: (a: ReportArgs) => {
        const f = makeFinding(file, rule, versionGated(rule, a, options), !rule.fixOptIn || optIn.has(rule.code));
        findings.push(f);
        if (a.noqaLines?.length) noqaLines.set(f, a.noqaLines);
      },
      nodesOfType: (type: string) => nodesByType.get(type) ?? [],
      state<T>(init: () => T): T {
        if (state === undefined) state = init();
        return state as T;
      },
    };
    let handlers: PythonHandlers = {};
    guarded(rule, 'create', () => (handlers = py.create(ctx)));
    for (const [type, fn] of Object.entries(handlers)) {
      if (type === 'module:exit') {
        exits.push([rule, fn]);
        continue;
      }
      const list = byType.get(type) ?? [];
      list.push((node) => guarded(rule, 'visit', () => fn(node)));
      byType.set(type, list);
    }
    if (py.facts) withFacts.push([rule, ctx]);
  }
  // comments are captured for suppressions only where a directive can be
  const hasDirective = /noqa|nosec/i.test(file.text);
  if (hasDirective || byType.has('comment')) byType.set('comment', byType.get('comment') ?? []);
  // imports are always captured: name resolution needs them, and they are few
  byType.set('import_statement', byType.get('import_statement') ?? []);
  byType.set('import_from_statement', byType.get('import_from_statement') ?? []);

  const suppressions = new Map<number, LineSuppression>();
  const directives = new FileDirectives();
  const captures = file.text.length > WALK_ABOVE ? walkCaptures(root, byType) : query(querySource(byType)).captures(root);
  const imports: Node[] = [];
  for (const c of captures) {
    // each alternative's capture is named after its node type: the type without a crossing into WASM
    primeType(c.node, c.name);
    if (c.name === 'import_statement' || c.name === 'import_from_statement') imports.push(c.node);
  }
  names.seedImports(imports);
  for (const { node, name: type } of captures) {
    const handlers = byType.get(type);
    if (!handlers) continue; // a rare type another file wanted (see querySource)
    let list = nodesByType.get(type);
    if (!list) nodesByType.set(type, (list = []));
    list.push(node);
    if (hasDirective && type === 'comment') {
      const { suppression, warning, directives: found } = parseSuppression(node.text);
      const line = file.lineOf(node.startIndex);
      if (suppression) addSuppression(suppressions, line, suppression);
      directives.add(line, { start: node.startIndex, end: node.endIndex, bodyEnd: node.endIndex }, found);
      if (warning) warnings.push(`${file.path}:${line}: ${warning}`);
    }
    for (const fn of handlers) fn(node);
  }
  for (const [rule, fn] of exits) guarded(rule, 'finish', () => fn(root));
  for (const [rule, ctx] of withFacts) guarded(rule, 'facts', () => (facts[rule.code] = rule.python!.facts!(ctx)));

  let broken: Array<[number, number]> = [];
  let syntaxError: FileResult['syntaxError'];
  if (root.hasError) {
    broken = errorRegions(root);
    const pos = file.position(broken[0] ? broken[0][0] : 0);
    syntaxError = { line: pos.line, column: pos.column, message: `syntax error at line ${pos.line}, column ${pos.column}; findings inside the broken region are skipped` };
  }

  const kept = findings.filter((f) => {
    if (broken.length && broken.some(([s, e]) => (f.start ?? 0) >= s && (f.start ?? 0) < e)) return false;
    return !suppressedAt(f, [f.line, f.endLine, ...(noqaLines.get(f) ?? [])], suppressions, directives);
  });
  // the directives are judged only in a file that parsed: a broken region's findings were dropped, not suppressed
  if (!root.hasError) {
    const ran = new Set(rules.filter((r) => r.python && !r.project).map((r) => r.code));
    pushAll(kept, judgeDirectives(rules, file.text, directives, ran, suppressions, guarded, (rule, a) => makeFinding(file, rule, a)));
  }
  kept.sort(compareFindings);
  return { findings: kept, facts, errors, warnings, lines: file.lineCount, syntaxError, suppressions: [...suppressions] };
}

/**
 * Above this size the captures come from a cursor walk instead of the query:
 * tree-sitter's query cursor is quadratic in the number of siblings (it
 * looks at the later siblings of every node it visits), so a 4.8 MB list
 * literal of 1.6M items took 21 s in the query; the walk is linear (about 1
 * µs a node), which below this size costs more than the query saves.
 */
const WALK_ABOVE = 512 * 1024;

/** The captures the dispatch query would give (every named node of a wanted type, in document order), by a cursor walk. */
export function walkCaptures(root: Node, byType: Map<string, unknown>): Array<{ name: string; node: Node }> {
  const out: Array<{ name: string; node: Node }> = [];
  const c = root.walk();
  for (;;) {
    // (the query passes over empty nodes: an empty file's module, a MISSING token)
    if (c.nodeIsNamed && byType.has(c.nodeType) && c.endIndex > c.startIndex) out.push({ name: c.nodeType, node: c.currentNode });
    if (c.gotoFirstChild()) continue;
    while (!c.gotoNextSibling()) if (!c.gotoParent()) return out;
  }
}

/**
 * Node types frequent enough that capturing them in a file where no rule wants
 * them costs more than it saves (measured on the stdlib: call 41%, assignment
 * 17%, keyword_argument, binary_operator, comment, comparison_operator, pair 3-4%
 * each of the captures). Every other type is rare (a few per cent at most) and
 * stays in the query once any file asked for it, so that files differ only in
 * the frequent types they want: a few dozen distinct queries over the stdlib
 * instead of ~200 (compiling one costs 4-8 ms).
 */
const FREQUENT = new Set(['call', 'assignment', 'keyword_argument', 'binary_operator', 'comment', 'comparison_operator', 'pair', 'expression_statement', 'identifier', 'attribute', 'string', 'argument_list']);
const rareSeen = new Set<string>();

/** One pattern, an alternative per type, each captured under its type's name (captures stay in document order). */
function querySource(byType: Map<string, unknown>): string {
  const types = new Set(rareSeen);
  for (const t of byType.keys()) {
    if (!FREQUENT.has(t) && !rareSeen.has(t)) rareSeen.add(t);
    types.add(t);
  }
  return `[${[...types].sort().map((t) => `(${t}) @${t}`).join(' ')}]`;
}

/**
 * The innermost ERROR nodes (and MISSING tokens): tree-sitter's recovery can
 * wrap a whole file in an ERROR around one bad spot, and the code around that
 * spot is still parsed well enough to check.
 */
function errorRegions(root: Node): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const errors = root.descendantsOfType('ERROR').filter((n): n is Node => !!n);
  for (const n of errors) {
    const inner = errors.some((m) => m !== n && m.startIndex >= n.startIndex && m.endIndex <= n.endIndex && (m.startIndex > n.startIndex || m.endIndex < n.endIndex));
    if (!inner) out.push([n.startIndex, Math.max(n.endIndex, n.startIndex + 1)]);
  }
  if (out.length === 0) {
    // only MISSING nodes: find them with a walk (rare)
    const cursor = root.walk();
    const visit = (): void => {
      do {
        const n = cursor.currentNode;
        if (n.isMissing) out.push([n.startIndex, n.startIndex + 1]);
        if (n.hasError && cursor.gotoFirstChild()) {
          visit();
          cursor.gotoParent();
        }
      } while (cursor.gotoNextSibling());
    };
    if (cursor.gotoFirstChild()) visit();
  }
  out.sort((a, b) => a[0] - b[0]);
  return out;
}

/** A version-dependent fix in a project that declares an older Python than the lowest target: declined, with why. */
function versionGated(rule: Rule, a: ReportArgs, options: FileOptions): ReportArgs {
  if (!options.versionFixesOff || !rule.versionDependentFix || !a.fix) return a;
  return { ...a, fix: { declined: options.versionFixesOff } };
}

export function makeFinding(file: SourceFile, rule: Rule, a: ReportArgs, buildLazyFix = true): Finding {
  const start = a.node ? a.node.startIndex : (a.start ?? 0);
  const end = a.node ? a.node.endIndex : (a.end ?? start);
  // a lazy fix is built only when the run asks for this rule's fixes
  return findingAt(file, rule, start, end, a, { buildLazyFix });
}
