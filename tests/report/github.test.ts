import { escapeData, escapeProperty, githubReporter } from '../../src/report/github';
import type { ReportResult } from '../../src/report/types';
import type { Finding } from '../../src/rules/types';
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
    const [a, e] = parse(githubReporter({ result, color: false, root: process.cwd() }));
    expect(a).toEqual({ level: 'warning', props: { file: tricky.path, line: '3', col: '5', endLine: '4', title: 'SEC001' }, message: `${tricky.message} [SEC001]` });
    expect(e).toEqual({ level: 'error', props: { file: 'bad,file.py', title: 'rfsn-upgrade: file not checked' }, message: 'syntax error\nat line 2' });
  });

  test('one line per finding of a real scan, level from severity, parsed back to the same positions', async () => {
    const result = await scanIn(CI_PROJECT);
    const lines = parse(githubReporter({ result, color: false, root: CI_PROJECT }));
    expect(lines).toHaveLength(result.findings.length);
    const level = { high: 'error', medium: 'warning', low: 'notice', info: 'notice' } as const;
    lines.forEach((a, i) => {
      const f = result.findings[i];
      expect(a.level).toBe(level[f.severity]);
      expect(a.props).toMatchObject({ file: f.path, line: String(f.line), col: String(f.column), title: f.code });
      if (f.endLine === f.line) expect(a.props.endColumn).toBe(String(f.endColumn));
      expect(a.message).toBe(`${f.message} [${f.code}]`);
    });
  });
});
