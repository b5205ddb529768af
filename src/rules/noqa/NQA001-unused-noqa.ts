import type { Edit } from '../../core/finding';
import type { FileNoqa, NoqaContext, Rule } from '../../core/rule';

/**
 * NQA001 judges the other rules' suppressions, so it has no check of its own
 * per language: the engine calls `noqa` with every `# noqa: CODE` directive
 * of the file (Python `#`, JS/TS `//` and `/* *\/`) once the file's findings
 * are known, with which of its codes suppressed one.
 */

/** The codes of a directive this run can judge as unused: ours (or an alias of ours), every rule they cover ran, none suppressed anything. */
function unusedCodes(n: FileNoqa, ran: ReadonlySet<string>, self: string): number[] {
  const out: number[] = [];
  n.directive.codes.forEach((c, i) => {
    // another tool's code we do not map, our own code, a rule that did not run here: not ours to judge
    if (c.ours.length === 0 || c.ours.includes(self) || !c.ours.every((code) => ran.has(code))) return;
    if (!n.used[i]) out.push(i);
  });
  return out;
}

/** Where the run of blanks (spaces, tabs) before `at` starts. */
function blanksBefore(text: string, at: number): number {
  while (at > 0 && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
  return at;
}

/** The edit that takes the unused codes out of the directive: the codes alone, or the whole directive when none is left. */
function removal(text: string, n: FileNoqa, unused: number[]): Edit {
  const d = n.directive;
  const kept = d.codes.filter((_, i) => !unused.includes(i));
  if (kept.length) {
    // the list is written again with the codes left, as ruff does: `# noqa: E501, SEC001` -> `# noqa: E501`
    return { start: d.codes[0].start, end: d.end, text: kept.map((c) => text.slice(c.start, c.end)).join(', ') };
  }
  const { start: cStart, bodyEnd } = n.comment;
  if (d.start === cStart && d.segmentEnd >= bodyEnd) {
    // the comment is this directive (and its reason): the comment goes, with the blanks before it;
    // alone on its line, the line goes
    const from = blanksBefore(text, cStart);
    const lineStart = text.lastIndexOf('\n', from - 1) + 1;
    const eol = /^\r?\n/.exec(text.slice(n.comment.end));
    if (from === lineStart && eol) return { start: lineStart, end: n.comment.end + eol[0].length, text: '' };
    return { start: from, end: n.comment.end, text: '' };
  }
  // a directive beside others in one comment: up to the next one (`# noqa: SEC001  # reason` -> `# reason`),
  // or, the last, from the end of the one before (`# reason  # noqa: SEC001` -> `# reason`)
  if (d.segmentEnd < bodyEnd) return { start: d.start, end: d.segmentEnd, text: '' };
  return { start: blanksBefore(text, d.start), end: d.segmentEnd, text: '' };
}

function judge(ctx: NoqaContext): void {
  for (const n of ctx.directives) {
    const unused = unusedCodes(n, ctx.ran, rule.code);
    if (!unused.length) continue;
    const names = unused.map((i) => n.directive.codes[i].text);
    const all = unused.length === n.directive.codes.length;
    ctx.report({
      start: n.directive.start,
      end: n.directive.end,
      message: `unused noqa directive: ${names.join(', ')} suppress${names.length === 1 ? 'es' : ''} nothing on this line`,
      fix: () => ({ safety: 'safe', description: all ? 'remove the unused noqa directive' : `remove ${names.join(', ')} from the noqa directive`, edits: [removal(ctx.text, n, unused)] }),
    });
  }
}

export const rule: Rule = {
  code: 'NQA001',
  aliases: ['RUF100'],
  name: 'unused-noqa',
  upgrade: 'U13',
  severity: 'low',
  summary: '`# noqa: CODE` whose code suppresses nothing on its line',
  fixable: 'safe',
  docs: `## What it does
Flags a \`# noqa: CODE\` directive (\`// noqa: CODE\` in JS/TS) whose code
suppresses no finding on its line, as ruff's RUF100 does. It judges our codes,
prefixes of them (\`SEC\`) and the other tools' codes that are aliases of ours
(\`T201\` for LOG001: \`rfsn-upgrade rules --aliases\`), and only when every rule
the code covers ran on the file in this run: with \`--select LOG001\` a
\`# noqa: SEC001\` is not judged. Codes of other tools that we do not map
(\`E501\`), a bare \`# noqa\` and \`# nosec\` are left alone: they may be
another linter's. Project-level rules (DEP001, INT001, TST001, …) report
after the files are checked, so their codes are not judged either, nor are
findings of the semgrep engine.

## Why is this bad?
A suppression that suppresses nothing is stale: the code it excused was
fixed or moved. Left in place it hides the next real finding on that line,
and it tells the reader something that is no longer true.

## Example
\`\`\`python
value = int(text)  # noqa: SEC001
\`\`\`

## Use instead
\`\`\`python
value = int(text)
\`\`\`

## Fix safety
Safe: the fix removes the unused codes from the directive, or the whole
directive (with the comment, when it said nothing else) when no code is left;
it never touches another tool's codes.

## References
- Ruff RUF100 (unused-noqa); flake8-noqa NQA102`,
  noqa: judge,
};
