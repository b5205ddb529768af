import type { Node } from './parser';

/**
 * Python 2 syntax tree-sitter reads without an error. When the python3 that
 * judges a file is older than the target, its rejection may only mean "newer
 * syntax"; a construct found here settles it: the file is broken for every
 * Python 3 up to the target, whatever the interpreter's message says.
 */
export interface OldConstruct {
  line: number;
  column: number;
  /** what it is, for the message */
  what: string;
  /** the first Python 3 minor that accepts it (`except A, B:` is valid again since 3.14, PEP 758), or null: none does */
  since: number | null;
}

const TYPES = ['print_statement', 'exec_statement', 'string_start', 'integer', 'comparison_operator', 'raise_statement', 'except_clause', 'tuple_pattern'];

/** The first construct of the tree that no Python 3 up to 3.`target` accepts, or null. */
export function oldSyntax(root: Node, target: number): OldConstruct | null {
  let flufl: boolean | undefined; // `from __future__ import barry_as_FLUFL` makes `<>` valid again
  const isFlufl = (): boolean => (flufl ??= root.descendantsOfType('future_import_statement').some((f) => f?.descendantsOfType('dotted_name').some((d) => d?.text === 'barry_as_FLUFL')));
  let first: OldConstruct | null = null;
  let at = Infinity;
  for (const n of root.descendantsOfType(TYPES)) {
    if (!n || n.startIndex >= at) continue;
    const found = judge(n, isFlufl);
    if (!found || (found.since !== null && found.since <= target)) continue;
    first = { line: n.startPosition.row + 1, column: n.startPosition.column + 1, ...found };
    at = n.startIndex;
  }
  return first;
}

function judge(n: Node, flufl: () => boolean): Pick<OldConstruct, 'what' | 'since'> | null {
  switch (n.type) {
    case 'print_statement':
      // `print >>f, x` is also a valid Python 3 expression (a tuple of a shift)
      return n.children.some((c) => c?.type === 'chevron') ? null : { what: 'a print statement (print "x")', since: null };
    case 'exec_statement':
      return { what: 'an exec statement (exec "code")', since: null };
    case 'string_start':
      if (n.text.startsWith('`')) return { what: 'a backtick repr (`x`)', since: null };
      return /^[uU][rR]/.test(n.text) ? { what: `a ${n.text.slice(0, 2)}"" string prefix`, since: null } : null;
    case 'integer':
      if (/[jJ]$/.test(n.text)) return null; // imaginary: leading zeros are fine (09j)
      if (/[lL]$/.test(n.text)) return { what: `a long integer literal (${n.text})`, since: null };
      return /^0[0-9_]*[1-9]/.test(n.text) ? { what: `a leading-zero octal literal (${n.text})`, since: null } : null;
    case 'comparison_operator':
      return n.children.some((c) => c?.type === '<>') && !flufl() ? { what: 'the <> operator', since: null } : null;
    case 'raise_statement':
      // `raise E, "message"`: a bare comma list (a parenthesised tuple is a valid expression)
      return n.namedChildren.some((c) => c?.type === 'expression_list') ? { what: 'raise E, value', since: null } : null;
    case 'except_clause': {
      const values = n.childrenForFieldName('value');
      if (values.length < 2) return null;
      // `except A, B as e` is valid in no Python 3; `except A, B:` catches both since 3.14 (PEP 758)
      return values.some((v) => v?.type === 'as_pattern') ? { what: 'except E, name', since: null } : { what: 'except E, name', since: 14 };
    }
    case 'tuple_pattern': {
      // a tuple parameter: def f((a, b)) or lambda (a, b): …
      const p = n.parent;
      return p && (p.type === 'parameters' || p.type === 'lambda_parameters' || (p.type === 'default_parameter' && p.childForFieldName('name')?.id === n.id)) ? { what: 'a tuple parameter', since: null } : null;
    }
    default:
      return null;
  }
}
