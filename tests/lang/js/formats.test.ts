import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, ROOT } from '../../helpers/cli';
import { validateSarif } from '../../report/_support';

/**
 * A mixed project in every format: one run over the sample project (Python
 * plus `ui/`'s JS/TS) writes each report to a file, and each must carry a
 * JS/TS finding and a Python one. The findings are picked from the JSON
 * report (by `language`), with messages free of characters a format would
 * escape, and looked for in the others by message and path.
 */
const SAMPLE = path.join(ROOT, 'fixtures/sample-project');
const FORMATS = ['text', 'json', 'sarif', 'github', 'markdown', 'junit', 'gitlab', 'html'];

interface JsonFinding {
  code: string;
  path: string;
  message: string;
  language: string;
}

describe('a scan of the sample project (Python + JS/TS)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-formats-'));
  const file = (f: string): string => path.join(dir, `report.${f}`);
  let out: Record<string, string> = {};
  let json: { findings: JsonFinding[] };

  beforeAll(() => {
    const r = cli(['scan', '.', '--no-cache', '--fail-on', 'never', ...FORMATS.map((f) => `--format=${f}:${file(f)}`)], { cwd: SAMPLE });
    expect({ code: r.code, stderr: r.stderr.split('\n').filter((l) => /error/i.test(l)) }).toEqual({ code: 0, stderr: [] });
    out = Object.fromEntries(FORMATS.map((f) => [f, fs.readFileSync(file(f), 'utf8')]));
    json = JSON.parse(out.json);
    // GitHub shows 10 annotations per level: its run selects the rules whose findings fit (SEC001, SEC004: 3 Python, 3 JS, all high)
    const gh = cli(['scan', '.', '--no-cache', '--fail-on', 'never', '--select', 'SEC001,SEC004', `--format=github:${file('github')}`], { cwd: SAMPLE });
    expect(gh.code).toBe(0);
    out.github = fs.readFileSync(file('github'), 'utf8');
  });

  const plain = (f: JsonFinding): boolean => /^[\w\s().,;:/=-]+$/.test(f.message);

  test('the JSON report has findings of both languages, JS/TS ones only in JS/TS files', () => {
    const js = json.findings.filter((f) => f.language === 'js');
    const py = json.findings.filter((f) => f.language === 'python');
    expect(js.length).toBeGreaterThan(0);
    expect(py.length).toBeGreaterThan(0);
    expect(js.filter((f) => !/\.(m|c)?(j|t)sx?$|package\.json$/.test(f.path))).toEqual([]);
    expect(py.filter((f) => !f.path.endsWith('.py') && !f.path.endsWith('.toml') && !f.path.endsWith('.md') && f.path !== '.')).toEqual([]);
    // the same code in both languages (SEC001, LOG001, DOC003, TYP004…)
    const shared = [...new Set(js.map((f) => f.code))].filter((c) => py.some((f) => f.code === c));
    expect(shared.length).toBeGreaterThan(2);
  });

  test.each(FORMATS.filter((f) => f !== 'json'))('%s carries a JS/TS finding and a Python one', (format) => {
    const text = out[format];
    for (const language of ['js', 'python']) {
      const candidates = json.findings.filter((f) => f.language === language && plain(f) && (format !== 'github' || ['SEC001', 'SEC004'].includes(f.code)));
      expect({ language, candidates: candidates.length > 0 }).toEqual({ language, candidates: true });
      const found = candidates.find((f) => text.includes(f.message) && text.includes(format === 'text' ? path.basename(f.path) : f.path));
      expect({ format, language, found: !!found }).toEqual({ format, language, found: true });
    }
  });

  test('each SARIF result says its language in its properties', () => {
    const results: Array<{ properties: { language: string } }> = JSON.parse(out.sarif).runs[0].results;
    expect(new Set(results.map((r) => r.properties.language))).toEqual(new Set(['python', 'js']));
  });

  test('the SARIF report is valid (sarif-multitool)', () => {
    const errors = validateSarif([file('sarif')]).filter((r) => r.level === 'error');
    expect(errors).toEqual([]);
  });
});
