import { escapeData, escapeProperty, githubReporter } from '../../src/report/github';
import type { ReportResult } from '../../src/report/types';
import type { Finding } from '../../src/core/finding';
import { CI_PROJECT, scanIn } from './_support';

interface Annotation {
  level: string;
  props: Record<string, string>;
  message: string;
}

const unescape = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

/** Read workflow-command lines back the way the Actions runner does. */
function parse(output: string): Annotation[] {
  return output
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
      if (!m) throw new Error(`not a workflow command: ${line}`);
      const props: Record<string, string> = {};
      for (const kv of m[2].split(',')) {
        const at = kv.indexOf('=');
        props[kv.slice(0, at)] = unescape(kv.slice(at + 1));
      }
      return { level: m[1], props, message: unescape(m[3]) };
    });
}

function finding(over: Partial<Finding>): Finding {
  return { code: 'SEC001', upgrade: 'U02', severity: 'high', message: 'm', path: 'a.py', line: 1, column: 1, endLine: 1, endColumn: 2, fix: null, ...over };
}

describe('GitHub annotations', () => {
  test("escaping follows the runner: %, CR and LF in the message; also ':' and ',' in properties", () => {
    expect(escapeData('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext: a, b');
    expect(escapeProperty('dir,with:odd%name\n')).toBe('dir%2Cwith%3Aodd%25name%0A');
  });

  test('awkward messages and paths survive a round trip', () => {
    const tricky = finding({ message: 'value is 100% wrong:\nsee a, b', path: 'we,ird:dir/mod %1.py', line: 3, column: 5, endLine: 4, endColumn: 2, severity: 'medium' });
    const result: ReportResult = { files: 1, findings: [tricky], errors: [{ path: 'bad,file.py', message: 'syntax error\nat line 2' }] };
    const parsed = parse(githubReporter({ result, color: false, root: process.cwd() }));
    const a = parsed.find((x) => x.level === 'warning');
    const e = parsed.find((x) => x.level === 'error');
    expect(a).toEqual({ level: 'warning', props: { file: tricky.path, line: '3', col: '5', endLine: '4', title: 'SEC001' }, message: `${tricky.message} [SEC001]` });
    expect(e).toEqual({ level: 'error', props: { file: 'bad,file.py', title: 'rfsn-upgrade: file not checked' }, message: 'syntax error\nat line 2' });
  });

  test('a real scan: the worst findings as annotations, at most 10 per level, parsed back to the same positions; one notice counts the rest', async () => {
    const result = await scanIn(CI_PROJECT);
    const lines = parse(githubReporter({ result, color: false, root: CI_PROJECT }));
    const level = { high: 'error', medium: 'warning', low: 'notice', info: 'notice' } as const;
    const byLevel = (l: string) => result.findings.filter((f) => level[f.severity] === l);
    for (const l of ['error', 'warning']) expect(lines.filter((a) => a.level === l)).toHaveLength(Math.min(10, byLevel(l).length));
    const annotated = lines.filter((a) => a.props.title !== 'rfsn-upgrade: more findings');
    for (const a of annotated) {
      const f = result.findings.find((x) => x.path === a.props.file && String(x.line) === a.props.line && String(x.column) === a.props.col && x.code === a.props.title)!;
      expect(f).toBeDefined();
      expect(a.level).toBe(level[f.severity]);
      if (f.endLine === f.line) expect(a.props.endColumn).toBe(String(f.endColumn));
      expect(a.message).toBe(`${f.message} [${f.code}]`);
    }
    const rest = result.findings.length - annotated.length;
    const more = lines.filter((a) => a.props.title === 'rfsn-upgrade: more findings');
    expect(more).toHaveLength(rest > 0 ? 1 : 0);
    if (rest) expect(more[0].message).toMatch(new RegExp(`^${rest} more not shown as annotations`));
  });

  test('GitHub shows 10 annotations a level per step: high first, findings on changed lines before others, then one notice for the rest', () => {
    const many = [
      ...Array.from({ length: 14 }, (_, i) => finding({ severity: 'low', code: 'TYP001', line: i + 1 })),
      ...Array.from({ length: 12 }, (_, i) => finding({ severity: 'high', line: 100 + i })),
    ];
    const changed = (_: string, line: number) => line === 111 || line === 14;
    const lines = parse(githubReporter({ result: { files: 1, findings: many, errors: [] }, color: false, root: process.cwd(), view: { changedLines: changed } }));
    const errors = lines.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(10);
    expect(errors[0].props.line).toBe('111'); // the changed line first
    const notices = lines.filter((a) => a.level === 'notice');
    expect(notices).toHaveLength(10); // 9 findings and the count of the rest
    expect(notices[0].props.line).toBe('14');
    expect(notices[9].message).toMatch(/^7 more not shown as annotations .*: 2 high, 5 low/);
  });
});
