import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectFixed, expectOkLinesKept, fixText } from '../../helpers/fixFixture';
import { expectFixture, findingsFor } from '../../helpers/ruleFixture';

const fixture = path.join(__dirname, 'LOG001.py');

test('LOG001 fires on the builtin print only', async () => {
  await expectFixture('LOG001', fixture);
});

test('LOG001 is unsafe: nothing changes without --unsafe-fixes', async () => {
  const r = await fixText(fs.readFileSync(fixture, 'utf8'), ['LOG001']);
  expect(r.changed).toBe(false);
  expect(r.unsafeSkipped).toBe(10);
});

test('LOG001 unsafe fix: lazy logging calls, a module logger after the imports', async () => {
  const r = await expectFixed('LOG001', fixture, { unsafe: true });
  expectOkLinesKept('LOG001', r.original, r.text);
});

test('LOG001 refusals carry their reason', async () => {
  const { findings } = await findingsFor('LOG001', fixture);
  const refused = findings.filter((f) => !f.fix).map((f) => f.message);
  expect(refused).toEqual([
    "print() call; use logging (no automatic fix: end=\"\" cannot be kept (a log record always ends its line))",
    'print() call; use logging (no automatic fix: *rows has no logging equivalent)',
    'print() call; use logging (no automatic fix: file=out writes somewhere logging does not)',
  ]);
});

test('LOG001 reuses an existing module logger', async () => {
  await expectFixed('LOG001', path.join(__dirname, 'LOG001_existing.py'), { unsafe: true });
});

test('LOG001 with logger-factory imports and calls the factory', async () => {
  const src = 'import os\n\n\ndef f():\n    print("hi", os.sep)\n';
  const r = await fixText(src, ['LOG001'], { unsafe: true, settings: { 'logger-factory': 'myapp.log:get_logger' } });
  expect(r.text).toBe('import os\nfrom myapp.log import get_logger\n\nlogger = get_logger(__name__)\n\n\ndef f():\n    logger.info("hi %s", os.sep)\n');
});

test('LOG001 in a file without imports puts the import and the logger after the docstring', async () => {
  const r = await fixText('"""Doc."""\n\n\ndef f():\n    print("x")\n', ['LOG001'], { unsafe: true });
  expect(r.text).toBe('"""Doc."""\n\nimport logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef f():\n    logger.info("x")\n');
});

test('allow-print-in silences files matching its globs', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'log001-'));
  const cli = path.join(dir, 'cli.py');
  fs.writeFileSync(cli, 'print("usage")  # ok: LOG001\nx = 1  # ok: LOG001\n');
  const { findings } = await findingsFor('LOG001', cli, { 'allow-print-in': ['cli.py'], projectRoot: dir });
  expect(findings).toEqual([]);
  const other = await findingsFor('LOG001', cli, { 'allow-print-in': ['scripts/*'], projectRoot: dir });
  expect(other.findings.length).toBe(1);
  fs.rmSync(dir, { recursive: true, force: true });
});
