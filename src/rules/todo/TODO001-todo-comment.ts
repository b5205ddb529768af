import type { PythonHandlers, PythonRuleDef } from '../../python/rule';

/** The tags, upper case, as whole words: "TODO:" and "FIXME(bob)" match, "TODOS", "todo" and "XXXL" do not. */
export const TAG = /\b(TODO|FIXME|XXX|HACK)\b/;

/** The comment's text without the leading `#` and surrounding blanks. */
function commentText(comment: string): string {
  return comment.replace(/^#+\s*/, '').trim();
}

export const rule: PythonRuleDef = {
  code: 'TODO001',
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
};
