import { cell, markdownReporter, MAX_ROWS_PER_UPGRADE } from '../../src/report/markdown';
import type { ReportResult } from '../../src/report/types';
import type { Finding } from '../../src/core/finding';
import { CI_PROJECT, scanIn } from './_support';

describe('Markdown PR comment', () => {
  test('totals, a table per upgrade and the top files of a real scan', async () => {
    const result = await scanIn(CI_PROJECT);
    const md = markdownReporter({ result, color: false, notes: ['3 findings hidden by baseline (.rfsn-baseline.json).'] });
    expect(md).toMatch(/^## rfsn-upgrade: 12 findings in 3 of 5 files\n/);
    expect(md).toContain('| high | 8 |');
    expect(md).toContain('### U02 Fix security issues (8)');
    expect(md).toContain('### U12 Modernise type hints (4)');
    expect(md).toContain('| high | SEC003 | `app/runner.py:8:12` |');
    expect(md).toContain('### Top files');
    expect(md).toMatch(/\| `app\/strings.py` \| 5 \| 5 \| 0 \| 0 \|/);
    expect(md).toContain('3 findings hidden by baseline');
    // every table row has the same number of cells as its header
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) expect(line.replace(/\\\|/g, '').split('|').length).toBeGreaterThanOrEqual(4);
  });

  test('cells cannot break the table or inject HTML; long tables are cut', () => {
    expect(cell('a | b\nc <script>')).toBe('a \\| b c &lt;script&gt;');
    const many: Finding[] = Array.from({ length: MAX_ROWS_PER_UPGRADE + 7 }, (_, i) => ({ code: 'SEC001', upgrade: 'U02', severity: 'high', message: `m${i}`, path: 'a.py', line: i + 1, column: 1, endLine: i + 1, endColumn: 2, fix: null }));
    const result: ReportResult = { files: 1, findings: many, errors: [] };
    const md = markdownReporter({ result, color: false });
    expect(md).toContain('…and 7 more');
    expect(md.split('\n').filter((l) => l.startsWith('| high | SEC001'))).toHaveLength(MAX_ROWS_PER_UPGRADE);
  });

  test('no findings says so', () => {
    expect(markdownReporter({ result: { files: 4, findings: [], errors: [] }, color: false })).toBe('## rfsn-upgrade: no findings in 4 files\n');
  });
});
