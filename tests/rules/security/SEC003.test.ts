import fs from 'node:fs';
import path from 'node:path';
import { expectOkLinesKept, fixText } from '../../helpers/fixFixture';
import { findingsFor } from '../../helpers/ruleFixture';
import { ruleTable } from '../../helpers/ruleTable';

const fixture = path.join(__dirname, 'SEC003.py');

test('SEC003: findings and fixes of its fixture (see SEC003.snapshot)', async () => {
  await ruleTable('SEC003', __dirname);
});

test('SEC003: the unsafe fix converges and leaves ok and nofix lines alone', async () => {
  const text = fs.readFileSync(fixture, 'utf8');
  const r = await fixText(text, ['SEC003'], { unsafe: true, file: fixture });
  expect(r.converged).toBe(true);
  expect(r.rejected).toEqual([]);
  expect(r.applied.filter((a) => a.code === 'SEC003').length).toBeGreaterThan(0);
  expectOkLinesKept('SEC003', text, r.text);
  expect((await fixText(text, ['SEC003'], { file: fixture })).changed).toBe(false);
});

test('SEC003 is high where the callee runs a shell (subprocess, asyncio, os, through aliases), medium for any other callee', async () => {
  const { findings } = await findingsFor('SEC003', fixture);
  const lines = fs.readFileSync(fixture, 'utf8').split('\n');
  // `# ruleid: SEC003 medium` marks the callees that may not run a shell
  const expected = findings.map((f) => ({ line: f.line, severity: /#\s*ruleid: SEC003 medium/.test(lines[f.line - 1]) ? 'medium' : 'high' }));
  expect(findings.map((f) => ({ line: f.line, severity: f.severity }))).toEqual(expected);
  expect(expected.filter((e) => e.severity === 'medium').length).toBe(3);
  expect(expected.filter((e) => e.severity === 'high').length).toBeGreaterThan(10);
});
