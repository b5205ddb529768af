import fs from 'node:fs';
import path from 'node:path';
import { junitReporter, xmlEscape } from '../../src/report/junit';
import type { ReportResult } from '../../src/report/types';
import { CI_PROJECT, inDir, scanIn, tempDir, xmlProblem } from './_support';
import { joinChunks } from '../../src/report/stream';

function write(text: string): string {
  const file = path.join(tempDir('rfsn-junit-'), 'junit.xml');
  fs.writeFileSync(file, text);
  return file;
}

describe('JUnit XML', () => {
  test('one testcase per file read, a failure per finding, well-formed XML', async () => {
    const result = await scanIn(CI_PROJECT);
    const xml = inDir(CI_PROJECT, () => joinChunks(junitReporter({ result, color: false })));
    expect(xmlProblem(write(xml))).toBe('');
    const testcases = [...xml.matchAll(/<testcase [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    expect(testcases).toEqual(['app/__init__.py', 'app/clean.py', 'app/runner.py', 'app/strings.py', 'app/typed.py']);
    expect((xml.match(/<failure /g) ?? []).length).toBe(result.findings.length);
    expect(xml).toMatch(/<testcase classname="app.clean" name="app\/clean.py" file="app\/clean.py"\/>/);
    const failing = new Set(result.findings.map((f) => f.path)).size;
    expect(xml).toContain(`<testsuite name="rfsn-upgrade" tests="5" failures="${failing}" errors="0" skipped="0">`);
  });

  test('markup, quotes and control characters in messages are escaped; errors become <error>', () => {
    const result: ReportResult = {
      files: 2,
      findings: [{ code: 'SEC001', upgrade: 'U02', severity: 'high', message: 'a <b> & "c" \'d\' \u0001 end', path: 'x&y.py', line: 1, column: 1, endLine: 1, endColumn: 2, fix: null }],
      errors: [{ path: 'broken.py', message: 'syntax error at <EOF>' }],
    };
    const xml = joinChunks(junitReporter({ result, color: false }));
    expect(xmlProblem(write(xml))).toBe('');
    expect(xml).toContain('a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; \ufffd end');
    expect(xml).toContain('<error type="not-checked" message="syntax error at &lt;EOF&gt;">');
    expect(xmlEscape('\ud800x')).toBe('\ufffdx');
  });
});
