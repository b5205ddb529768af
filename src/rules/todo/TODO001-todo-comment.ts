import type { PythonHandlers, PythonRuleDef } from '../../lang/python/rule';
import type { JsHandlers, JsRule } from '../../lang/js/rule';

/** The tags, upper case, as whole words: "TODO:" and "FIXME(bob)" match, "TODOS", "todo" and "XXXL" do not. */
export const TAG = /\b(TODO|FIXME|XXX|HACK)\b/;

/** The comment's text without the leading `#` and surrounding blanks. */
function commentText(comment: string): string {
  return comment.replace(/^#+\s*/, '').trim();
}

/** A comment's text without its markers: `// x`, `/* x *\/`, `/** x *\/`, ` * x` lines. */
export function jsCommentText(text: string): string {
  const body = text.startsWith('//') ? text.slice(2) : text.slice(2, -2);
  return body
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*\*+\s?/, '').trim())
    .filter(Boolean)
    .join(' ')
    .replace(/^[/*!\s]+/, '')
    .trim();
}

/** TODO001 for JS/TS: line and block comments (JSDoc included) with a TODO/FIXME/XXX/HACK tag; never strings. */
const js: JsRule = {
  create(ctx): JsHandlers {
    if (!TAG.test(ctx.file.text)) return {};
    for (const c of ctx.file.comments) {
      if (!TAG.test(c.text)) continue;
      ctx.report({ start: c.start, end: c.end, message: jsCommentText(c.text) });
    }
    return {};
  },
};

export const rule: PythonRuleDef = {
  code: 'TODO001',
  aliases: ['FIX001', 'FIX002', 'FIX003', 'FIX004'],
  name: 'todo-comment',
  upgrade: 'U13',
  severity: 'info',
  summary: 'TODO / FIXME / XXX / HACK comment',
  fixable: 'never',
  docs: `## What it does
Lists comments that carry a \`TODO\`, \`FIXME\`, \`XXX\` or \`HACK\` tag, with the
comment's text as the message. Only real comments count: the same words inside
strings and docstrings are not reported. Tags are matched as whole upper-case
words, so \`todo\`, \`TODOS\` and \`XXXL\` are not tags.

**JavaScript and TypeScript:** line and block comments (JSDoc included) with the same tags; never strings, templates or regular expressions.

## Why is this bad?
Tagged comments are deferred work that no tracker knows about. Listing them
(with \`--format json\`) is the first step of triaging them: turn each into an
issue, do it, or delete it.

## Example
\`\`\`python
# TODO: retry on 503
response = client.get(url)
\`\`\`

## Use instead
\`\`\`python
# Retries are handled by the transport (issue #142).
response = client.get(url)
\`\`\`

## Fix safety
No automatic fix.

## References
- flake8-todos (TD001–TD007), flake8-fixme (FIX001–FIX004), Ruff TD/FIX rules`,
  python: {
    create(ctx): PythonHandlers {
      // a file without a tag anywhere has no tagged comment
      if (!TAG.test(ctx.file.text)) return {};
      return {
        comment(node) {
          const text = ctx.file.text.slice(node.startIndex, node.endIndex);
          if (TAG.test(text)) ctx.report({ node, message: commentText(text) });
        },
      };
    },
  },
  js,
};
