import fs from 'node:fs';
import path from 'node:path';
import { cli, tempProject, type CliResult } from '../helpers/cli';

/**
 * Issue 24 item 4: each finding of the default text report starts with a
 * `path:line:col` that a terminal (VS Code's, iTerm) opens: the path relative
 * to the cwd, the line and column where the JSON report puts the finding.
 */
const FILES = {
  'proj/pyproject.toml': '[project]\nname = "proj"\nversion = "1"\n',
  'proj/pkg/__init__.py': '',
  'proj/pkg/runner.py': 'import subprocess\n\n\ndef run(cmd, expr):\n    """Run."""\n    label = "café"; value = eval(expr)\n    subprocess.run(cmd, shell=True)\n    print(label, value)\n',
  'proj/pkg/deep/tool.py': '"""Tool."""\n\n\ndef go(x):\n    """Go."""\n    return   eval(x)\n',
  'proj/web/package.json': '{"name": "web", "version": "1.0.0"}\n',
  'proj/web/app.ts': 'export function f(x: string): unknown {\n  console.log(x);\n  return eval(x);\n}\n',
};

interface JsonFinding {
  code: string;
  path: string;
  line: number;
  column: number;
}

/** The text report's finding lines: everything before the summary but the blank lines and the quoted source. */
function findingLines(stdout: string): string[] {
  const listing = stdout.slice(0, stdout.search(/^Found \d+ findings? in/m));
  return listing.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('    │ '));
}

describe.each([
  ['from above the project', '.', 'proj'],
  ['from a folder inside it (paths go up with ..)', 'proj/pkg', '..'],
])('text report locations, run %s', (_name, cwdRel, target) => {
  let cwd: string;
  let text: CliResult;
  let findings: JsonFinding[];
  beforeAll(() => {
    cwd = path.join(tempProject(FILES), cwdRel);
    text = cli(['scan', target, '--no-cache', '--fail-on', 'never'], { cwd });
    findings = JSON.parse(cli(['scan', target, '--no-cache', '--fail-on', 'never', '--format', 'json'], { cwd }).stdout).findings;
  });

  test('every finding line starts with path:line:col, one per finding of the JSON report', () => {
    expect(text.code).toBe(0);
    expect(findings.length).toBeGreaterThanOrEqual(5);
    const lines = findingLines(text.stdout);
    for (const l of lines) expect(l).toMatch(/^\S+:\d+:\d+ /);
    const located = lines.map((l) => {
      const m = /^(\S+):(\d+):(\d+) +\S+ +(\S+) /.exec(l)!;
      return `${m[1]}:${m[2]}:${m[3]} ${m[4]}`;
    });
    expect(located.sort()).toEqual(findings.map((f) => `${f.path}:${f.line}:${f.column} ${f.code}`).sort());
  });

  test('each location opens the file, relative to the cwd, at the finding: the line quoted under it, the column where the call starts', () => {
    const lines = text.stdout.split('\n');
    const checked = new Set<string>();
    lines.forEach((l, i) => {
      const m = /^(\S+):(\d+):(\d+) +\S+ +(\S+) /.exec(l);
      if (!m) return;
      const [, file, line, column, code] = m;
      const source = fs.readFileSync(path.resolve(cwd, file), 'utf8').split('\n')[Number(line) - 1];
      // the quoted line is the line the location names
      if (source.trim()) expect(lines[i + 1]).toBe(`    │ ${source}`);
      // columns count code points ("café" sits before the eval on its line)
      const at = [...source].slice(Number(column) - 1).join('');
      if (code === 'SEC001') expect(at).toMatch(/^eval\(/);
      if (code === 'SEC003') expect(at).toMatch(/^subprocess\.run\(/);
      checked.add(code);
    });
    expect([...checked]).toEqual(expect.arrayContaining(['SEC001', 'SEC003', 'LOG001']));
  });
});
