import type { Node } from '../../lang/python/parser';
import type { FixResult } from '../../core/finding';
import type { PythonContext } from '../../lang/python/rule';

/**
 * Docstring skeletons from the signature (Google style), indented like the
 * body they open:
 *
 *     def load(path, *, strict=False):
 *         """TODO: Summarize `load`.
 *
 *         Args:
 *             path: TODO.
 *             strict: TODO.
 *
 *         Returns:
 *             TODO.
 *
 *         Raises:
 *             ValueError: TODO.
 *         """
 *
 * A draft for a person to finish, so DOC fixes are unsafe and opt-in
 * (`fix --unsafe-fixes --select DOC`).
 */
const DESCRIPTION = 'insert a docstring skeleton to fill in';

function lineStart(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

/** The first statement of a block or module, without materialising all of them. */
function firstStatement(block: Node): Node | null {
  let c = block.firstNamedChild;
  while (c && c.type === 'comment') c = c.nextNamedSibling;
  return c;
}

/** Parameter names for Args, without self/cls of a method and without the bare `*` and `/`. */
function paramNames(def: Node, method: boolean): string[] {
  const params = def.childForFieldName('parameters');
  const out: string[] = [];
  for (const p of params?.namedChildren ?? []) {
    if (!p || p.type === 'comment' || p.type === 'positional_separator' || p.type === 'keyword_separator') continue;
    let name: string | null = null;
    if (p.type === 'identifier') name = p.text;
    else if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') name = p.text.replace(/\s+/g, '');
    else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') name = p.childForFieldName('name')?.text ?? null;
    else if (p.type === 'typed_parameter') {
      const inner = p.namedChildren.find((c) => c && c.type !== 'type');
      name = inner ? inner.text.replace(/\s+/g, '') : null;
    }
    if (name) out.push(name);
  }
  if (method && out.length && (out[0] === 'self' || out[0] === 'cls')) out.shift();
  return out;
}

/** Returns, yields and raised exception names of the def itself (nested defs and classes excluded). */
function bodyFacts(def: Node): { returnsValue: boolean; yields: boolean; raises: string[] } {
  // one native call for everything; nested defs, classes and lambdas are cut out by position
  const found = def.descendantsOfType(['function_definition', 'class_definition', 'lambda', 'return_statement', 'yield', 'raise_statement']);
  let returnsValue = false;
  let yields = false;
  const raises: string[] = [];
  let skipUntil = -1;
  for (const n of found) {
    if (!n || n.startIndex < skipUntil) continue;
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') {
      if (n.startIndex > def.startIndex) skipUntil = n.endIndex;
      continue;
    }
    if (n.type === 'yield') yields = true;
    else if (n.type === 'return_statement') {
      const v = n.namedChildren.find((c) => c && c.type !== 'comment');
      if (v && v.type !== 'none') returnsValue = true;
    } else {
      const exc = n.namedChildren.find((c) => c && c.type !== 'comment');
      if (!exc) continue;
      const callee = exc.type === 'call' ? exc.childForFieldName('function') : exc;
      if (callee && (callee.type === 'identifier' || callee.type === 'attribute') && !raises.includes(callee.text)) raises.push(callee.text);
    }
  }
  return { returnsValue, yields, raises };
}

function render(lines: string[], indent: string): string {
  if (lines.length === 1) return `${indent}"""${lines[0]}"""\n`;
  const body = lines.map((l, i) => (i === 0 ? `${indent}"""${l}` : l ? `${indent}${l}` : ''));
  return `${body.join('\n')}\n${indent}"""\n`;
}

/**
 * The skeleton for a `def` or `class` reported at [start, end) (its header).
 * Built lazily: only `fix --select DOC` asks (`fixOptIn`), since a scan of a
 * large tree has tens of thousands of undocumented definitions.
 */
export function definitionDocstringFix(ctx: PythonContext, at: number, nameEnd: number, method: boolean): FixResult {
  const name = ctx.file.root.descendantForIndex(Math.max(at, nameEnd - 1), nameEnd);
  const def = name?.parent;
  if (!def || (def.type !== 'function_definition' && def.type !== 'class_definition')) return null;
  const block = def.childForFieldName('body');
  if (!block) return null;
  const first = firstStatement(block);
  if (!first) return null;
  const text = ctx.file.text;
  if (ctx.file.lineOf(first.startIndex) === ctx.file.lineOf(def.startIndex)) return { declined: 'the body is on the `def`/`class` line; put it on its own lines first' };
  const ls = lineStart(text, first.startIndex);
  const indent = text.slice(ls, first.startIndex);
  if (!/^[ \t]*$/.test(indent)) return { declined: 'the first statement of the body does not start its line' };
  const title = def.childForFieldName('name')?.text ?? '';
  let lines: string[];
  if (def.type === 'class_definition') lines = [`TODO: Summarize \`${title}\`.`];
  else {
    lines = [`TODO: Summarize \`${title}\`.`];
    const args = paramNames(def, method);
    const facts = bodyFacts(def);
    const unit = indent.includes('\t') ? '\t' : '    ';
    if (args.length) lines.push('', 'Args:', ...args.map((a) => `${unit}${a}: TODO.`));
    const returnType = def.childForFieldName('return_type')?.text;
    if (facts.yields) lines.push('', 'Yields:', `${unit}TODO.`);
    else if (facts.returnsValue || (returnType && returnType !== 'None')) lines.push('', 'Returns:', `${unit}TODO.`);
    if (facts.raises.length) lines.push('', 'Raises:', ...facts.raises.map((r) => `${unit}${r}: TODO.`));
  }
  // a class docstring is followed by a blank line (PEP 257)
  const after = def.type === 'class_definition' ? '\n' : '';
  return { safety: 'unsafe', description: DESCRIPTION, edits: [{ start: ls, end: ls, text: render(lines, indent) + after }] };
}

/** The module docstring goes before the first statement, after a shebang or coding comment. */
export function moduleDocstringFix(ctx: PythonContext): FixResult {
  const first = firstStatement(ctx.file.root);
  const at = first ? lineStart(ctx.file.text, first.startIndex) : ctx.file.text.length;
  if (first && ctx.file.text.slice(at, first.startIndex).trim() !== '') return { declined: 'the first statement does not start its line' };
  const name = ctx.file.path.replace(/\\/g, '/').split('/').pop()!.replace(/\.pyi?$/, '');
  const what = name === '__init__' ? 'this package' : `the \`${name}\` module`;
  const sep = first ? '\n' : '';
  return { safety: 'unsafe', description: DESCRIPTION, edits: [{ start: at, end: at, text: `"""TODO: Summarize ${what}."""\n${sep}` }] };
}
