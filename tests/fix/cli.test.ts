import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `rfsn-upgrade fix` end to end, through the built binary (`npx tsc -p .` first). */
const BIN = path.join(__dirname, '..', '..', 'bin', 'rfsn-upgrade.js');

function run(cwd: string, ...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, 'fix', '--no-progress', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const APP = `"""App."""
import sys
from typing import Dict, List, Optional


def connect() -> str:
    password = "hunter2"
    return password


def load(names: List[str], default: Optional[str] = None) -> Dict[str, str]:
    print("loading", len(names))
    return {n: "%s!" % (n,) for n in names}
`;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-fix-cli-'));
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "app"\nrequires-python = ">=3.10"\n');
  fs.mkdirSync(path.join(dir, 'app'));
  fs.writeFileSync(path.join(dir, 'app', 'main.py'), APP);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('--diff prints a unified diff, writes nothing, exits 1', () => {
  const r = run(dir, '--diff', '.');
  expect(r.code).toBe(1);
  expect(r.out).toContain('--- a/app/main.py\n+++ b/app/main.py\n');
  expect(r.out).toContain('-def load(names: List[str], default: Optional[str] = None) -> Dict[str, str]:\n+def load(names: list[str], default: str | None = None) -> dict[str, str]:');
  expect(r.err).toContain('8 fixes would be applied in 1 file (2 unsafe fixes not applied: use --unsafe-fixes).');
  expect(fs.readFileSync(path.join(dir, 'app', 'main.py'), 'utf8')).toBe(APP);
});

test('fix writes safe fixes, reports the rest, and a second run changes nothing', () => {
  const r = run(dir, '.');
  expect(r.out.split('\n')[0]).toBe('8 fixes in 1 file (2 unsafe fixes not applied: use --unsafe-fixes).');
  expect(r.out).toContain('LOG001');
  expect(r.out).toContain('SEC006');
  const fixed = fs.readFileSync(path.join(dir, 'app', 'main.py'), 'utf8');
  expect(fixed).toBe(`"""App."""
import sys


def connect() -> str:
    password = "hunter2"
    return password


def load(names: list[str], default: str | None = None) -> dict[str, str]:
    print("loading", len(names))
    return {n: f"{n}!" for n in names}
`);
  const again = run(dir, '.');
  expect(again.out.split('\n')[0]).toBe('0 fixes in 0 files (2 unsafe fixes not applied: use --unsafe-fixes).');
  expect(run(dir, '--diff', '.').code).toBe(0);
});

test('--unsafe-fixes and --report: the migration guide names what changed and what to do next', () => {
  const report = path.join(dir, 'MIGRATION.md');
  const r = run(dir, '--unsafe-fixes', '--report', report, '.');
  expect(r.out.split('\n')[0]).toBe('10 fixes in 1 file.');
  const fixed = fs.readFileSync(path.join(dir, 'app', 'main.py'), 'utf8');
  expect(fixed).toContain('import logging\nimport os\nimport sys\n\nlogger = logging.getLogger(__name__)\n');
  expect(fixed).toContain('    password = os.environ["PASSWORD"]');
  expect(fixed).toContain('    logger.info("loading %s", len(names))');
  const md = fs.readFileSync(report, 'utf8');
  expect(md).toContain('# Migration guide');
  expect(md).toContain('## U12 Modernise type hints');
  expect(md).toContain('### LOG001 print-call');
  expect(md).toContain('| `PASSWORD` | `app/main.py` |');
  expect(md).toContain('logging.basicConfig');
  // each example is a hunk of the diff as applied (tests/fix/report.test.ts checks it against --diff)
  expect(md).toMatch(/```diff\n(?:[ +-].*\n)*-.*\n(?:[ +-].*\n)*\+.*\n(?:[ +-].*\n)*```/);
});

test('--select limits the rules; unknown codes are a usage error', () => {
  const r = run(dir, '--select', 'TYP001', '.');
  expect(r.out.split('\n')[0]).toBe('2 fixes in 1 file.');
  expect(run(dir, '--select', 'NOPE1', '.').code).toBe(2);
});

test('line endings, BOM, coding cookie and file mode survive', () => {
  const crlf = path.join(dir, 'app', 'crlf.py');
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  fs.writeFileSync(crlf, Buffer.concat([bom, Buffer.from('from typing import List\r\nx: List[int] = []\r\n')]));
  fs.chmodSync(crlf, 0o755);
  const latin = path.join(dir, 'app', 'latin.py');
  fs.writeFileSync(latin, Buffer.from('# -*- coding: latin-1 -*-\nfrom typing import List\nname: List[str] = ["caf\xe9"]\n', 'latin1'));
  run(dir, '--select', 'TYP', '.');
  expect(fs.readFileSync(crlf)).toEqual(Buffer.concat([bom, Buffer.from('x: list[int] = []\r\n')]));
  expect(fs.statSync(crlf).mode & 0o777).toBe(0o755);
  expect(fs.readFileSync(latin)).toEqual(Buffer.from('# -*- coding: latin-1 -*-\nname: list[str] = ["caf\xe9"]\n', 'latin1'));
});

test('per-file-ignores switch fixes off for the files they name', () => {
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "app"\nrequires-python = ">=3.10"\n\n[tool.rfsn-upgrade]\nper-file-ignores = { "app/legacy.py" = ["TYP"] }\n');
  const legacy = 'from typing import List\nx: List[int] = []\n';
  fs.writeFileSync(path.join(dir, 'app', 'legacy.py'), legacy);
  fs.writeFileSync(path.join(dir, 'app', 'new.py'), legacy);
  run(dir, '--select', 'TYP', '.');
  expect(fs.readFileSync(path.join(dir, 'app', 'legacy.py'), 'utf8')).toBe(legacy);
  expect(fs.readFileSync(path.join(dir, 'app', 'new.py'), 'utf8')).toBe('x: list[int] = []\n');
});

test('a file with syntax errors is never rewritten', () => {
  const broken = 'from typing import List\nx: List[int] = [\ndef f(:\n';
  fs.writeFileSync(path.join(dir, 'app', 'broken.py'), broken);
  const r = run(dir, '--select', 'TYP', '.');
  expect(fs.readFileSync(path.join(dir, 'app', 'broken.py'), 'utf8')).toBe(broken);
  // an input that could not be checked: 1 (2 is for usage, configuration and internal errors)
  expect(r.code).toBe(1);
  expect(r.out).toMatch(/app\/broken\.py.*syntax error at line 3/s);
});

test("the project's own modules never shadow the python3 checker (a json.py or logging/ of its own)", () => {
  fs.writeFileSync(path.join(dir, 'json.py'), 'raise SystemExit("shadowed json imported")\n');
  fs.writeFileSync(path.join(dir, 'base64.py'), 'raise SystemExit("shadowed base64 imported")\n');
  const r = run(dir, '--select', 'TYP001', '.');
  expect(r.err).not.toContain('internal error');
  expect(r.out.split('\n')[0]).toBe('2 fixes in 1 file.');
});

describe('exit codes (Ruff and ESLint): 0 clean, 1 findings or an input not checked or written, 2 usage, configuration, internal', () => {
  const TYPED = 'from typing import List\n\nx: List[int] = []\n';

  test('a file fix cannot write (read-only) fails the run; --fail-on never still prints it and exits 0', () => {
    const f = path.join(dir, 'app', 'ro.py');
    fs.writeFileSync(f, TYPED);
    fs.chmodSync(f, 0o444);
    const r = run(dir, '--select', 'TYP001', '.');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/app\/ro\.py.*it is read-only \(mode 0444\); not fixed/s);
    expect(fs.readFileSync(f, 'utf8')).toBe(TYPED);
    const lenient = run(dir, '--select', 'TYP001', '--fail-on', 'never', '.');
    expect(lenient.code).toBe(0);
    expect(lenient.out).toContain('read-only');
    fs.chmodSync(f, 0o644);
  });

  test('a broken file with nothing to fix is reported and fails the run', () => {
    fs.writeFileSync(path.join(dir, 'app', 'main.py'), 'x = 1\n');
    fs.writeFileSync(path.join(dir, 'app', 'broken.py'), 'def f(:\n    pass\n');
    const r = run(dir, '--select', 'TYP001', '.');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/app\/broken\.py.*syntax error at line 1/s);
    expect(run(dir, '--select', 'TYP001', '--fail-on', 'never', '.').code).toBe(0);
  });

  test('clean: 0; --diff with changes: 1, with --fail-on never 0; a bad --fail-on or configuration: 2', () => {
    fs.writeFileSync(path.join(dir, 'app', 'main.py'), 'x = 1\n');
    expect(run(dir, '--select', 'TYP001', '.').code).toBe(0);
    fs.writeFileSync(path.join(dir, 'app', 'main.py'), TYPED);
    expect(run(dir, '--select', 'TYP001', '--diff', '.').code).toBe(1);
    expect(run(dir, '--select', 'TYP001', '--diff', '--fail-on', 'never', '.').code).toBe(0);
    expect(run(dir, '--fail-on', 'sometimes', '.').code).toBe(2);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.rfsn-upgrade\n');
    const bad = run(dir, '.');
    expect(bad.code).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'app', 'main.py'), 'utf8')).toBe(TYPED);
  });

  test('safe mode says nothing about declined unsafe fixes (DB001), --unsafe-fixes explains them', () => {
    fs.writeFileSync(path.join(dir, 'app', 'db.py'), 'import sqlite3\n\n\ndef load(path):\n    conn = sqlite3.connect(path)\n    return conn.execute("select 1").fetchall()\n');
    expect(run(dir, '--select', 'DB001', '--diff', '.').err).not.toContain('DB001');
    expect(run(dir, '--select', 'DB001', '.').err).not.toContain('DB001');
    expect(run(dir, '--select', 'DB001', '--unsafe-fixes', '--diff', '.').err).toMatch(/warning: app\/db\.py: DB001 not fixed: /);
  });
});
