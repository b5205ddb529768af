import { removeImportNames } from '../../lang/python/import-edit';
import type { Edit, FixResult } from '../../core/finding';
import type { Node } from '../../lang/python/parser';
import type { PythonContext, PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import { mentionsTyping } from './_typing';

/** A string whose whole text could be a type expression: "List[int]", "Dict", "Optional[Node]". */
const TYPE_EXPRESSION = /^\s*[\w.]+(?:\s*[[\],|]\s*[\w.]*)*\s*$/;

/**
 * Whether `name` is used in the file other than by its import: as a name in
 * code, inside a string that reads as a type expression (quoted annotations,
 * `__all__`), or in a `# type:` comment.
 */
function isUsed(ctx: PythonContext, name: string, importRanges: Array<[number, number]>): boolean {
  const text = ctx.file.text;
  const re = new RegExp(`(?<![\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index;
    if (importRanges.some(([s, e]) => at >= s && at < e)) continue;
    const node = ctx.file.root.descendantForIndex(at, at + name.length);
    if (!node) continue;
    if (node.type === 'identifier') {
      const parent = node.parent;
      if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.startIndex === at) continue;
      return true;
    }
    if (node.type === 'comment') {
      if (/#\s*type:/.test(node.text)) return true;
      continue;
    }
    if (node.type === 'string_content' || node.type === 'string') {
      if (TYPE_EXPRESSION.test(node.text.replace(/^[rRuU]?['"]+|['"]+$/g, ''))) return true;
      continue;
    }
  }
  return false;
}

export const rule: PythonRuleDef = {
  code: 'TYP003',
  aliases: ['F401'],
  name: 'unused-typing-import',
  upgrade: 'U12',
  severity: 'low',
  summary: 'Name imported from typing and never used',
  fixable: 'safe',
  docs: `## What it does
Flags a name imported with \`from typing import ...\` (or \`typing_extensions\`)
that the module never uses: not in code, not in a quoted annotation, not in
\`__all__\`, not in a \`# type:\` comment. After the TYP001/TYP002 fixes these
are the \`List\`, \`Dict\`, \`Optional\` and \`Union\` imports left behind. An import
whose first or last line carries a \`# noqa\` that covers TYP003 (a bare \`# noqa\`,
\`# noqa: TYP003\` or ruff's \`# noqa: F401\`) is taken as a deliberate re-export;
one naming only other codes (\`# noqa: E501\`) is not, as in ruff.

## Why is this bad?
Dead imports are noise, and they keep old spellings alive: the next person
copies \`Optional[...]\` because it is imported.

## Example
\`\`\`python
from typing import Dict, List, Optional

def f(x: int | None) -> dict[str, int]: ...
\`\`\`

## Use instead
\`\`\`python
def f(x: int | None) -> dict[str, int]: ...
\`\`\`

## Fix safety
Safe: the name, its comma, or the whole statement (with its line) is removed;
a statement that was alone in a block becomes \`pass\`. A parenthesised import
over several lines loses only the lines of the removed names; other multi-line
layouts are reported without a fix. A name is removed only once nothing uses
it: a class-body annotation that TYP001/TYP002 leave to \`--unsafe-fixes\`
(evaluated when the class is created) keeps its import in the safe run, since
\`fix\` re-runs the rules to a fixed point over the text as it is.

## References
- Ruff F401; pyflakes "imported but unused"`,
  python: {
    create(ctx): PythonHandlers {
      if (!mentionsTyping(ctx)) return {};
      const statements: Node[] = [];
      return {
        import_from_statement(node) {
          const mod = node.childForFieldName('module_name')?.text;
          if (mod === 'typing' || mod === 'typing_extensions') statements.push(node);
        },
        'module:exit': () => unusedImports(ctx, statements),
      };
    },
  },
};

function unusedImports(ctx: PythonContext, statements: Node[]): void {
  if (statements.length === 0) return;
  const ranges = statements.map((s) => [s.startIndex, s.endIndex] as [number, number]);
  for (const stmt of statements) {
    // a `# noqa` on the statement's first or last line covers each of its names (a re-export: `# noqa: F401`)
    const noqaLines = [ctx.file.lineOf(stmt.startIndex), ctx.file.lineOf(stmt.endIndex)];
    const unused: Array<{ node: Node; bound: string }> = [];
    for (const n of stmt.childrenForFieldName('name')) {
      if (!n) continue;
      const bound = n.type === 'aliased_import' ? n.childForFieldName('alias')?.text : n.text;
      if (!bound || bound.includes('.')) continue;
      if (!isUsed(ctx, bound, ranges)) unused.push({ node: n, bound });
    }
    if (unused.length === 0) continue;
    // every finding of the statement carries the same edit (built once), so it is applied once
    let edits: Edit[] | null | undefined;
    const fix = (): FixResult => {
      if (edits === undefined) edits = removeImportNames(ctx.file, stmt, unused.map((u) => u.node));
      if (!edits) return { declined: 'the import shares its line with other code, or spans lines other than one parenthesised name per line: remove the name by hand' };
      return { safety: 'safe', description: `remove the unused typing import${unused.length > 1 ? 's' : ''}`, edits };
    };
    for (const u of unused) ctx.report({ node: u.node, message: `'${u.bound}' is imported from typing but never used`, fix, noqaLines });
  }
}
