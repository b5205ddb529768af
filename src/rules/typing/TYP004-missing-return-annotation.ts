import path from 'node:path';
import { z } from 'zod';
import { ruleOptions } from '../../core/rule';
import { isTestPath } from '../../lang/python/modules';
import { builtinShadowed } from './_typing';
import type { Node } from '../../lang/python/parser';
import type { PythonContext, PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import type { ts } from 'ts-morph';
import { tsv } from '../../lang/js/ts';
import { isExported } from '../../lang/js/calls';
import { finishFix, morphOf, sameNode } from '../../lang/js/edit';
import { skipParens } from '../../lang/js/names';
import { exportedDeclarations } from '../../lang/js/exports';
import type { FixResult } from '../../core/finding';
import type { JsContext, JsHandlers, JsRule } from '../../lang/js/rule';

/** `[tool.rfsn-upgrade]` keys this rule reads. */
const OPTIONS = {
  /** ask test functions (`def test_x():` in test files) for `-> None` too */
  'typ004-test-functions': z.boolean(),
};

type Kind = 'bool' | 'str' | 'int' | 'other';

interface Func {
  node: Node;
  end: number;
  /** public, not nested in a function or a private class */
  public: boolean;
  method: boolean;
  yields: boolean;
  bareReturn: boolean;
  kinds: Set<Kind>;
}

interface Scope {
  node: Node;
  end: number;
  func?: Func;
  /** a class whose members are not public */
  private?: boolean;
}

interface State {
  stack: Scope[];
  funcs: Func[];
}

function literalKind(n: Node | null | undefined): Kind {
  if (!n) return 'other';
  if (n.type === 'true' || n.type === 'false') return 'bool';
  if (n.type === 'integer') return 'int';
  if (n.type === 'unary_operator' && n.childForFieldName('operator')?.text === '-' && n.childForFieldName('argument')?.type === 'integer') return 'int';
  if (n.type === 'string' || n.type === 'concatenated_string') {
    const parts = n.type === 'string' ? [n] : n.namedChildren.filter((c): c is Node => !!c);
    const plain = parts.every((p) => !/[bBfF]/.test((p.firstChild?.text ?? '').replace(/['"]+$/, '')));
    return plain ? 'str' : 'other';
  }
  if (n.type === 'parenthesized_expression' && n.namedChildCount === 1) return literalKind(n.namedChildren[0]);
  return 'other';
}

function statements(block: Node | null): Node[] {
  return block ? block.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [];
}

function isDocstring(s: Node): boolean {
  return s.type === 'expression_statement' && s.namedChildCount === 1 && s.namedChildren[0]?.type === 'string';
}

/** A body that only says "not here": docstring, pass, ..., raise NotImplementedError. */
function isStub(fn: Node): boolean {
  const body = statements(fn.childForFieldName('body'));
  const rest = body.length && isDocstring(body[0]) ? body.slice(1) : body;
  return rest.every(
    (s) =>
      s.type === 'pass_statement' ||
      (s.type === 'expression_statement' && s.namedChildCount === 1 && s.namedChildren[0]?.type === 'ellipsis') ||
      (s.type === 'raise_statement' && /\bNotImplemented(Error)?\b/.test(s.text)),
  );
}

function decorators(fn: Node): string[] {
  const parent = fn.parent;
  if (!parent || parent.type !== 'decorated_definition') return [];
  return parent.namedChildren.filter((c): c is Node => !!c && c.type === 'decorator').map((d) => d.text.replace(/^@\s*/, ''));
}

/** Can control reach the end of the body (an implicit `return None`)? Only the simple case is proven. */
function endsInReturnOrRaise(fn: Node): boolean {
  const body = statements(fn.childForFieldName('body'));
  const last = body[body.length - 1];
  return !!last && (last.type === 'return_statement' || last.type === 'raise_statement');
}

function fixFor(f: Func, ctx: PythonContext): FixResult {
  const fn = f.node;
  if (f.yields || isStub(fn)) return null;
  const decos = decorators(fn);
  if (decos.some((d) => /(^|\.)(abstractmethod|abstractproperty|overload)\b/.test(d))) return null;
  const params = fn.childForFieldName('parameters');
  if (!params) return null;
  let annotation: string | null = null;
  let safety: 'safe' | 'unsafe' = 'safe';
  if (f.kinds.size === 0) annotation = 'None';
  else if (f.kinds.size === 1 && !f.bareReturn && endsInReturnOrRaise(fn)) {
    const kind = [...f.kinds][0];
    if (kind === 'other') return null;
    annotation = kind;
    if (f.method) safety = 'unsafe'; // a subclass may override it returning something else
  }
  if (!annotation) return null;
  const shadowed = annotation === 'None' ? null : builtinShadowed(ctx, annotation, params);
  if (shadowed) return shadowed;
  return { safety, description: `annotate the return type as ${annotation}`, edits: [{ start: params.endIndex, end: params.endIndex, text: ` -> ${annotation}` }] };
}

/**
 * A file pytest collects tests from (test_*.py, *_test.py, conftest.py, or
 * under a tests/ or test/ folder), by its path from the project root.
 */
function isTestFile(ctx: PythonContext): boolean {
  const rel = path.relative(ctx.options.settings.projectRoot ?? process.cwd(), ctx.file.absPath).split(path.sep).join('/');
  return isTestPath(rel.startsWith('..') || path.isAbsolute(rel) ? ctx.file.path : rel);
}

/** Captures arrive in document order: close the scopes that ended before `at`. */
function settle(st: State, at: number): void {
  while (st.stack.length && st.stack[st.stack.length - 1].end <= at) st.stack.pop();
}

function innermostFunc(st: State): Func | undefined {
  for (let i = st.stack.length - 1; i >= 0; i--) {
    const s = st.stack[i];
    if (s.func) return s.func;
    if (s.node.type === 'class_definition') return undefined;
  }
  return undefined;
}

/** A `return <value>` in the function's own body (nested functions and classes are not its own). */
export function returnsValue(body: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (tsv().isReturnStatement(n) && n.expression) found = true;
    else if (tsv().isFunctionLike(n) || tsv().isClassLike(n)) return;
    else tsv().forEachChild(n, visit);
  };
  tsv().forEachChild(body, visit);
  return found;
}

/** The function a higher-order function directly returns (`() => () => 1`, `function f() { return () => 1 }`). */
function returnedFunction(fn: ts.FunctionLikeDeclaration): ts.ArrowFunction | ts.FunctionExpression | null {
  const body = fn.body;
  let e: ts.Expression | undefined;
  if (body && tsv().isArrowFunction(fn) && !tsv().isBlock(body)) e = body as ts.Expression;
  else if (body && tsv().isBlock(body) && body.statements.length === 1) {
    const st = body.statements[0];
    if (tsv().isReturnStatement(st) && st.expression) e = st.expression;
  }
  if (!e) return null;
  e = skipParens(e);
  return tsv().isArrowFunction(e) || tsv().isFunctionExpression(e) ? e : null;
}

/** typescript-eslint's defaults: no body, or an arrow returning `x as const` (a higher-order function is judged by what it returns). */
function exempt(fn: ts.FunctionLikeDeclaration): boolean {
  const body = fn.body;
  if (!body) return true;
  return tsv().isArrowFunction(fn) && tsv().isAsExpression(body) && tsv().isTypeReferenceNode(body.type) && body.type.typeName.getText() === 'const';
}

function buildFix(ctx: JsContext, fn: ts.FunctionLikeDeclaration): FixResult {
  if (!fn.body || !tsv().isBlock(fn.body)) return { declined: 'the function returns its expression; its type is not void' };
  if (fn.asteriskToken) return { declined: 'a generator returns an iterator, not void' };
  if (tsv().isGetAccessor(fn)) return { declined: 'a getter cannot return void' };
  if (returnsValue(fn.body)) return { declined: 'the function returns a value; write its type by hand' };
  const isAsync = !!tsv().getModifiers(fn)?.some((m) => m.kind === tsv().SyntaxKind.AsyncKeyword);
  const type = isAsync ? 'Promise<void>' : 'void';
  const morph = morphOf(ctx.file);
  const m = sameNode(morph, fn);
  if (!m) return { declined: 'internal: the function was not found in the ts-morph copy' };
  (m as unknown as { setReturnType(t: string): void }).setReturnType(type);
  return finishFix(ctx.file, morph.getFullText(), 'safe', `add ': ${type}' (the function returns no value)`);
}

function hasOverloads(fn: ts.FunctionLikeDeclaration): boolean {
  if (tsv().isFunctionDeclaration(fn) && fn.name) {
    const name = fn.name.text;
    return (tsv().isSourceFile(fn.parent) || tsv().isModuleBlock(fn.parent) ? fn.parent.statements.some((s) => s !== fn && tsv().isFunctionDeclaration(s) && s.name?.text === name && !s.body) : false);
  }
  if (tsv().isMethodDeclaration(fn) && tsv().isClassLike(fn.parent)) {
    const name = fn.name.getText();
    return fn.parent.members.some((m) => m !== fn && tsv().isMethodDeclaration(m) && m.name.getText() === name && !m.body);
  }
  return false;
}

/**
 * TYP004 for TypeScript files only: an exported function (declaration, `export
 * const f = () => …` without a type on the variable, `export default`) or a
 * public method / getter of an exported class without a return type, as
 * typescript-eslint's explicit-module-boundary-types reports it with its
 * defaults (a higher-order function is judged by the function it returns;
 * `as const` arrows exempt; parameters are not checked here). Safe fix: `: void` (`: Promise<void>` when async)
 * where the body has no `return` with a value; overloaded ones are declined.
 */
const js: JsRule = {
  create(ctx): JsHandlers {
    if (!ctx.file.isTypeScript || !ctx.file.text.includes('export')) return {};
    const check = (fn: ts.FunctionLikeDeclaration, node: ts.Node, name: string): void => {
      if (fn.type || exempt(fn)) return;
      // allowHigherOrderFunctions: the outer function needs no type when it returns a function; the returned one does
      const inner = returnedFunction(fn);
      if (inner) return check(inner, inner, `${name}'s returned function`);
      ctx.report({ node, message: `exported ${tsv().isMethodDeclaration(fn) || tsv().isGetAccessor(fn) ? 'method' : 'function'} '${name}' has no return type`, fix: () => (hasOverloads(fn) ? { declined: 'the function is overloaded; its implementation signature is not the public one' } : buildFix(ctx, fn)) });
    };
    for (const e of exportedDeclarations(ctx.file.sourceFile)) {
      if (e.kind === 'function' && e.fn) {
        if (tsv().isVariableStatement(e.node) && e.node.declarationList.declarations.some((d) => d.type && d.initializer === e.fn)) continue;
        check(e.fn, e.fn, e.name);
      }
    }
    for (const st of ctx.file.sourceFile.statements) {
      if (!tsv().isClassDeclaration(st) || !isExported(st)) continue;
      for (const m of st.members) {
        if (!(tsv().isMethodDeclaration(m) || tsv().isGetAccessor(m)) || !m.body) continue;
        if (tsv().isPrivateIdentifier(m.name) || tsv().getModifiers(m)?.some((x) => x.kind === tsv().SyntaxKind.PrivateKeyword)) continue;
        check(m, m, m.name.getText(ctx.file.sourceFile));
      }
    }
    return {};
  },
};

export const rule: PythonRuleDef = {
  code: 'TYP004',
  aliases: ['ANN201', 'ANN205', 'ANN206'],
  followUp: 'Check the added return types where the function is overridden.',
  name: 'missing-return-annotation',
  upgrade: 'U18',
  severity: 'low',
  summary: 'Public function or method without a return annotation',
  fixable: 'sometimes',
  versionDependentFix: true,
  options: OPTIONS,
  docs: `## What it does
Flags a public function or method whose \`def\` has no \`-> ...\` return
annotation. Public means: its name does not start with an underscore (so
dunder methods such as \`__init__\` are not flagged), it is not nested in
another function, and it is not a member of a private class. The finding sits
on the \`def\` line.

Test functions (a name starting with \`test\`, as pytest collects them, in a
test file: \`test_*.py\`, \`*_test.py\`, \`conftest.py\` or anything under a
\`tests/\` or \`test/\` folder of the project) are left out: pytest ignores
what they return, so \`-> None\` on each adds nothing a reader needs. To ask
for it anyway:

\`\`\`toml
[tool.rfsn-upgrade]
typ004-test-functions = true
\`\`\`

**TypeScript** (not JavaScript): flags exported functions, and public methods and getters of exported classes, without a return type, with typescript-eslint's \`explicit-module-boundary-types\` defaults (typed variables and \`as const\` arrows exempt; a higher-order function is judged by the function it returns). Safe fix: \`: void\` (\`: Promise<void>\` when async) when the body has no \`return\` with a value; declined for generators, getters, expression bodies and overloads.

## Why is this bad?
The return type is the half of a signature a caller needs most; without it a
type checker infers \`Any\` and stops checking the callers.

## Example
\`\`\`python
def save(path, data):
    path.write_text(data)

def is_ready(job):
    return True
\`\`\`

## Use instead
\`\`\`python
def save(path, data) -> None:
    path.write_text(data)

def is_ready(job) -> bool:
    return True
\`\`\`

## Fix safety
\`-> None\` is added (safe) when the function has no \`return <value>\` and no
\`yield\`, and is not abstract, an \`@overload\`, or a stub (only a docstring,
\`pass\`, \`...\` or \`raise NotImplementedError\`). \`-> bool\`, \`-> str\` or \`-> int\` is
added when every return is a literal of that type and the body ends in a
\`return\` or \`raise\`: safe for functions, unsafe for methods, which a subclass may
override with another return type. Other functions are reported without a fix.

## References
- PEP 484; Ruff ANN201`,
  python: {
    create(ctx): PythonHandlers {
      const st: State = { stack: [], funcs: [] };
      // pytest's test functions return nothing by contract: asked for `-> None` only when the project opts in
      const skipTests = !ruleOptions(ctx.options, OPTIONS)['typ004-test-functions'] && isTestFile(ctx);
      const visit = (node: Node): void => {
        settle(st, node.startIndex);
        if (node.type === 'class_definition') {
          const enclosing = st.stack[st.stack.length - 1];
          const name = node.childForFieldName('name')?.text ?? '';
          const inFunction = st.stack.some((s) => s.func || s.node.type === 'function_definition');
          st.stack.push({ node, end: node.endIndex, private: name.startsWith('_') || !!enclosing?.private || inFunction });
          return;
        }
        if (node.type === 'function_definition') {
          const name = node.childForFieldName('name')?.text ?? '';
          const enclosing = st.stack[st.stack.length - 1];
          const nested = st.stack.some((s) => s.node.type === 'function_definition');
          const method = enclosing?.node.type === 'class_definition';
          const func: Func = {
            node,
            end: node.endIndex,
            public: !name.startsWith('_') && !nested && !(method && enclosing.private),
            method,
            yields: false,
            bareReturn: false,
            kinds: new Set(),
          };
          st.stack.push({ node, end: node.endIndex, func });
          st.funcs.push(func);
          return;
        }
        const f = innermostFunc(st);
        if (!f) return;
        if (node.type === 'yield') f.yields = true;
        else {
          const value = node.namedChildren.find((c) => c && c.type !== 'comment');
          if (!value || value.type === 'none') f.bareReturn = true;
          else f.kinds.add(literalKind(value));
        }
      };
      return {
        function_definition: visit,
        class_definition: visit,
        return_statement: visit,
        yield: visit,
        'module:exit': () => {
          for (const f of st.funcs) {
            if (!f.public || f.node.childForFieldName('return_type')) continue;
            const name = f.node.childForFieldName('name')!;
            if (skipTests && name.text.startsWith('test')) continue;
            ctx.report({
              start: f.node.startIndex,
              end: name.endIndex,
              message: `public ${f.method ? 'method' : 'function'} '${name.text}' has no return annotation`,
              fix: fixFor(f, ctx),
            });
          }
        },
      };
    },
  },
  js,
};
