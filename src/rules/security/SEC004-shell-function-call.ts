import type { PythonHandlers, PythonRuleDef } from '../../python/rule';
import { calleeName } from './_calls';

/** Functions that always hand their argument to a shell. */
export const SHELL_FUNCTIONS = new Set([
  'os.system',
  'os.popen',
  'os.popen2',
  'os.popen3',
  'os.popen4',
  'popen2.popen2',
  'popen2.popen3',
  'popen2.popen4',
  'popen2.Popen3',
  'popen2.Popen4',
  'commands.getoutput',
  'commands.getstatusoutput',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'platform.popen',
]);

const LAST_NAMES = new Set([...SHELL_FUNCTIONS].map((n) => n.slice(n.lastIndexOf('.') + 1)));
const LAST_NAMES_RE = new RegExp(`\\b(${[...LAST_NAMES].join('|')})\\b`);

export const rule: PythonRuleDef = {
  code: 'SEC004',
  name: 'shell-function-call',
  upgrade: 'U02',
  severity: 'high',
  cwe: 78,
  nosec: ['B605'],
  summary: 'Call of a function that always runs a shell (os.system, os.popen, ...)',
  fixable: 'never',
  docs: `## What it does
Flags calls of functions that always run their command through a shell:
\`os.system\`, \`os.popen\` (and \`popen2/3/4\`), \`popen2.*\`, \`commands.getoutput\`,
\`commands.getstatusoutput\`, \`subprocess.getoutput\`, \`subprocess.getstatusoutput\`,
\`platform.popen\` — however they were imported (\`import os as o\`,
\`from os import popen as p\`).

## Why is this bad?
The command string is parsed by \`/bin/sh\`; any untrusted part of it can run
other commands (CWE-78).

## Example
\`\`\`python
os.system("rm -rf " + path)
\`\`\`

## Use instead
\`\`\`python
subprocess.run(["rm", "-rf", path], check=True)
\`\`\`

## Fix safety
No automatic fix: return values and error handling differ from \`subprocess.run\`.

## References
- bandit B605; CWE-78`,
  python: {
    create(ctx): PythonHandlers {
      // the name must appear in the text, even when imported under an alias
      if (!LAST_NAMES_RE.test(ctx.file.text)) return {};
      return {
        call(node) {
          const name = calleeName(node, ctx, LAST_NAMES);
          if (name && SHELL_FUNCTIONS.has(name)) {
            ctx.report({ node, message: `${name}() runs its command through a shell; use subprocess.run([...]) with an argv list` });
          }
        },
      };
    },
  },
};
