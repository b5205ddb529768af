import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findSemgrep, runSemgrep, SemgrepFailedError, SemgrepMissingError } from '../../src/semgrep';
import { venvTool } from '../helpers/python';

/** How semgrep's failures reach us: a broken rule, an invalid config, no semgrep, a semgrep that fails. */
const SEMGREP = venvTool('semgrep');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-semgrep-err-'));
  fs.writeFileSync(path.join(dir, 'app.py'), 'import os\nos.system("ls")\neval("1")\n');
  fs.mkdirSync(path.join(dir, 'broken'));
  fs.writeFileSync(
    path.join(dir, 'broken', 'rules.yaml'),
    'rules:\n- id: unbalanced\n  languages: [python]\n  severity: WARNING\n  message: m\n  pattern: "foo(("\n- id: fine\n  languages: [python]\n  severity: ERROR\n  message: eval\n  pattern: eval(...)\n',
  );
  fs.writeFileSync(path.join(dir, 'schema.yaml'), 'rules:\n- id: no-severity\n  languages: [python]\n  message: m\n  pattern: foo()\n');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a rule that does not parse is one error line naming it; the other rules still report', async () => {
  const r = await runSemgrep({ files: ['app.py'], configs: ['broken'], cwd: dir, bin: SEMGREP });
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]).toMatchObject({ path: 'broken', internal: true });
  expect(r.errors[0].message).toMatch(/^semgrep Rule parse error in rule unbalanced: Invalid pattern for Python/);
  expect(r.errors[0].message).not.toContain('\n');
  expect(r.findings.map((f) => [f.ruleId, f.line, f.severity])).toEqual([['fine', 3, 'high']]);
}, 60_000);

test('an invalid rule file is one error at its file and line', async () => {
  const r = await runSemgrep({ files: ['app.py'], configs: ['schema.yaml'], cwd: dir, bin: SEMGREP });
  expect(r.findings).toEqual([]);
  expect(r.errors).toEqual([{ path: 'schema.yaml', message: "semgrep rule error, line 2: Invalid rule schema: One of these properties is missing: 'severity'", internal: true }]);
}, 60_000);

test('no semgrep: one line naming how to install it, before anything runs', async () => {
  expect(() => findSemgrep(undefined, { PATH: dir })).toThrow(SemgrepMissingError);
  expect(() => findSemgrep(undefined, { PATH: dir })).toThrow(/^semgrep is not installed \(not on PATH\); install it with: pip install semgrep==1\.185\.0/);
  await expect(runSemgrep({ files: ['app.py'], cwd: dir, bin: path.join(dir, 'nowhere', 'semgrep') })).rejects.toThrow(
    new SemgrepMissingError(`semgrep not found at ${path.join(dir, 'nowhere', 'semgrep')} (--semgrep-bin); install it with: pip install semgrep==1.185.0`),
  );
  // found on PATH when it is there
  expect(findSemgrep(undefined, { PATH: `${dir}${path.delimiter}${path.dirname(SEMGREP)}` })).toBe(SEMGREP);
});

test('a semgrep that fails without its JSON is a tool failure in one line', async () => {
  const fake = path.join(dir, 'fake-semgrep');
  fs.writeFileSync(fake, '#!/bin/sh\necho "starting" >&2\necho "Fatal: out of cheese" >&2\nexit 3\n', { mode: 0o755 });
  await expect(runSemgrep({ files: ['app.py'], cwd: dir, bin: fake })).rejects.toThrow(new SemgrepFailedError('semgrep failed (exit 3): Fatal: out of cheese'));
});
