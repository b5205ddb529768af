import type { Node } from '../../lang/python/parser';
import type { PythonContext } from '../../lang/python/rule';
import { decodeEscapes, literalValue, quotePy, splitPrefix } from '../../lang/python/strings';

/**
 * `print(...)` → a logging call with lazy arguments:
 *   print(x)                      -> logger.info(x)
 *   print("Total:", n, "items")   -> logger.info("Total: %s items", n)
 *   print(f"{n} files in {t:.2f}s") -> logger.info("%s files in %.2fs", n, t)
 *   print(msg, file=sys.stderr)   -> logger.error(msg)
 * Returns the replacement call text, or the reason it cannot be made.
 */
type PrintRewrite = { ok: true; method: 'info' | 'error'; args: string } | { ok: false; reason: string };

type Segment = { lit: string } | { fmt: string; arg: string };

const NEEDS_PARENS = new Set(['expression_list', 'lambda', 'named_expression', 'yield', 'tuple']);

function argText(n: Node): string {
  return NEEDS_PARENS.has(n.type) && !(n.type === 'tuple' && n.text.startsWith('(')) ? `(${n.text})` : n.text;
}

function isStringNode(n: Node): boolean {
  return n.type === 'string' || n.type === 'concatenated_string';
}

function prefixOf(s: Node): string {
  return splitPrefix(s.text)[0].toLowerCase();
}

/** The segments of one f-string (or plain string) part; null with a reason when it cannot be expressed. */
function stringSegments(s: Node, text: string): Segment[] | string {
  const prefix = prefixOf(s);
  if (prefix.includes('b')) return 'bytes';
  if (!prefix.includes('f')) {
    const v = literalValue(s.text);
    return v === null ? 'unreadable string' : [{ lit: v }];
  }
  const raw = prefix.includes('r');
  const start = s.firstChild!;
  const end = s.lastChild!;
  const out: Segment[] = [];
  let pos = start.endIndex;
  const literal = (from: number, to: number): void => {
    if (to <= from) return;
    let body = text.slice(from, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}').replace(/\r\n?/g, '\n');
    if (!raw) body = decodeEscapes(body);
    out.push({ lit: body });
  };
  for (const c of s.namedChildren) {
    if (!c || c.type !== 'interpolation') continue;
    literal(pos, c.startIndex);
    pos = c.endIndex;
    const expr = c.childForFieldName('expression');
    if (!expr) return 'empty interpolation';
    const conv = c.childForFieldName('type_conversion')?.text ?? null;
    const specNode = c.childForFieldName('format_specifier');
    const spec = specNode ? text.slice(specNode.startIndex + 1, specNode.endIndex) : null;
    const debug = c.children.some((k) => k?.type === '=');
    if (spec !== null && spec.includes('{')) return 'a nested format spec';
    const arg = argText(expr);
    if (debug) {
      if (spec !== null || conv) return 'a debug field with a spec or conversion';
      out.push({ lit: `${text.slice(expr.startIndex, c.children.find((k) => k?.type === '=')!.endIndex)}` });
      out.push({ fmt: '%r', arg });
      continue;
    }
    if (conv && spec) return 'a field with both a conversion and a format spec';
    if (conv) {
      out.push({ fmt: `%${conv.slice(1)}`, arg });
      continue;
    }
    if (!spec) {
      out.push({ fmt: '%s', arg });
      continue;
    }
    if (/^0?\d*(\.\d+)?[dfeEgGxXo]$/.test(spec)) out.push({ fmt: `%${spec}`, arg });
    else out.push({ fmt: '%s', arg: `format(${arg}, ${quotePy(spec)})` });
  }
  literal(pos, end.startIndex);
  return out;
}

/** A part of the call the rewrite cannot express (thrown from deep inside, caught by safeRewritePrint). */
class RefusedError extends Error {}

function rewritePrint(call: Node, ctx: PythonContext): PrintRewrite {
  const argsNode = call.childForFieldName('arguments');
  if (!argsNode || argsNode.type !== 'argument_list') return { ok: false, reason: 'not a plain call' };
  const text = ctx.file.text;
  const positional: Node[] = [];
  let sep = ' ';
  let method: 'info' | 'error' = 'info';
  for (const a of argsNode.namedChildren) {
    if (!a) continue;
    if (a.type === 'comment') return { ok: false, reason: 'comments inside the call would be lost' };
    if (a.type === 'list_splat' || a.type === 'dictionary_splat') return { ok: false, reason: `${a.text} has no logging equivalent` };
    if (a.type !== 'keyword_argument') {
      positional.push(a);
      continue;
    }
    const name = a.childForFieldName('name')?.text;
    const value = a.childForFieldName('value')!;
    if (name === 'file') {
      const q = ctx.names.qualifiedName(value);
      if (q === 'sys.stderr') method = 'error';
      else if (q !== 'sys.stdout') return { ok: false, reason: `file=${value.text} writes somewhere logging does not` };
    } else if (name === 'sep') {
      const v = value.type === 'string' ? literalValue(value.text) : value.type === 'none' ? ' ' : null;
      if (v === null) return { ok: false, reason: `sep=${value.text} cannot be kept` };
      sep = v;
    } else if (name === 'end') {
      const v = value.type === 'string' ? literalValue(value.text) : value.type === 'none' ? '\n' : null;
      if (v !== '\n') return { ok: false, reason: `end=${value.text} cannot be kept (a log record always ends its line)` };
    } else if (name === 'flush') {
      if (value.type !== 'true' && value.type !== 'false') return { ok: false, reason: `flush=${value.text} cannot be kept` };
    } else return { ok: false, reason: `unknown keyword ${name}=` };
  }
  if (positional.length === 0) return { ok: true, method, args: '""' };
  const only = positional[0];
  if (positional.length === 1 && only.type === 'binary_operator') {
    // print("%s of %s" % (a, b)) -> logger.info("%s of %s", a, b): the same formatting, done lazily
    const left = only.childForFieldName('left');
    let right = only.childForFieldName('right');
    while (right && right.type === 'parenthesized_expression' && right.namedChildCount === 1) right = right.namedChildren[0];
    const elements = right?.type === 'tuple' ? right.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [];
    if (
      only.childForFieldName('operator')?.text === '%' &&
      left?.type === 'string' &&
      !/[bBfF]/.test(splitPrefix(left.text)[0]) &&
      elements.length > 0 &&
      elements.every((e) => e.type !== 'list_splat' && e.type !== 'parenthesized_list_splat')
    ) {
      return { ok: true, method, args: [left.text, ...elements.map(argText)].join(', ') };
    }
  }
  if (positional.length === 1 && !isStringNode(only)) return { ok: true, method, args: argText(only) };
  if (positional.length === 1 && only.type === 'string' && !prefixOf(only).includes('f') && !prefixOf(only).includes('b')) {
    return { ok: true, method, args: only.text };
  }
  const segments: Segment[] = [];
  positional.forEach((p, i) => {
    if (i > 0) segments.push({ lit: sep });
    if (isStringNode(p)) {
      const parts = p.type === 'string' ? [p] : p.namedChildren.filter((c): c is Node => !!c && c.type === 'string');
      for (const part of parts) {
        const seg = stringSegments(part, text);
        if (typeof seg === 'string') {
          if (seg === 'bytes') {
            segments.push({ fmt: '%s', arg: p.text });
            return;
          }
          throw new RefusedError(seg);
        }
        segments.push(...seg);
      }
    } else segments.push({ fmt: '%s', arg: argText(p) });
  });
  const args = segments.filter((s): s is { fmt: string; arg: string } => 'fmt' in s);
  const message = segments.map((s) => ('lit' in s ? (args.length ? s.lit.replace(/%/g, '%%') : s.lit) : s.fmt)).join('');
  return { ok: true, method, args: [quotePy(message), ...args.map((a) => a.arg)].join(', ') };
}

export function safeRewritePrint(call: Node, ctx: PythonContext): PrintRewrite {
  try {
    return rewritePrint(call, ctx);
  } catch (err) {
    if (err instanceof RefusedError) return { ok: false, reason: `the f-string has ${err.message}` };
    throw err;
  }
}
