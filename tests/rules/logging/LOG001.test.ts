import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectFixed, expectOkLinesKept, fixText } from '../../helpers/fixFixture';
import { z } from 'zod';
import { ruleByCode } from '../../../src/rules/registry';
import { expectFixture, findingsFor } from '../../helpers/ruleFixture';
import { ruleTable } from '../../helpers/ruleTable';

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
  // and `fix` hears the same reasons (declined fixes), for its warnings and the migration report
  const r = await fixText(fs.readFileSync(fixture, 'utf8'), ['LOG001'], { unsafe: true, file: fixture });
  expect(r.unfixed).toEqual([
    { code: 'LOG001', reason: 'end="" cannot be kept (a log record always ends its line)' },
    { code: 'LOG001', reason: '*rows has no logging equivalent' },
    { code: 'LOG001', reason: 'file=out writes somewhere logging does not' },
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

describe('LOG001 in python.create form, with its own options', () => {
  it('is a python.create rule and declares the options it reads', () => {
    const r = ruleByCode('LOG001')!;
    expect(typeof r.python?.create).toBe('function');
    expect(Object.keys(r).filter((k) => ['nodeTypes', 'nodeTypesFor', 'visit', 'finish'].includes(k))).toEqual([]);
    const schema = z.object(r.options ?? {}).strict();
    expect(schema.safeParse({ 'allow-print-in': ['*/cli.py'], 'logger-factory': 'myapp.log:get_logger' }).success).toBe(true);
    expect(schema.safeParse({ 'logger-factory': 'myapp.log.get_logger' }).success).toBe(false);
    expect(schema.safeParse({ 'allow-print-in': 'cli.py' }).success).toBe(false);
  });

  it('matches its table (findings and fix snapshot)', async () => {
    await ruleTable('LOG001', __dirname);
  });
});

describe('LOG001 on user-facing output (issue 11, item 11)', () => {
  const output = path.join(__dirname, 'LOG001_output.py');
  const settings = { projectRoot: __dirname, pyprojectPath: path.join(__dirname, 'LOG001_output.toml') };
  const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('reports prints that are the program output at info, with their own message and no fix', async () => {
    const findings = await expectFixture('LOG001', output, settings);
    const text = fs.readFileSync(output, 'utf8');
    const at = (needle: string): { severity: string; message: string; fix: boolean } => {
      const f = findings.find((x) => x.line === lineOf(text, needle))!;
      return { severity: f.severity, message: f.message, fix: !!f.fix };
    };
    const output_ = (message: string): { severity: string; message: string; fix: boolean } => ({ severity: 'info', message, fix: false });
    expect(at('"running", sys.argv')).toEqual(output_('print() in the `if __name__ == "__main__":` block is the program\'s output, not a log line'));
    expect(at('usage: log001-demo')).toEqual(output_("print() in main(), the console script `log001-demo` of [project.scripts], is the program's output, not a log line"));
    expect(at('cannot read config')).toEqual(output_("print() in main(), the console script `log001-demo` of [project.scripts], is the program's output, not a log line"));
    expect(at('hello {name}')).toEqual(output_("print() in hello(), a click command, is the program's output, not a log line"));
    expect(at('"synced"')).toEqual(output_("print() in sync(), a click command, is the program's output, not a log line"));
    expect(at('"hi", name')).toEqual(output_("print() in greet(), a typer command, is the program's output, not a log line"));
    expect(at('"listing", args')).toEqual(output_("print() in cmd_list(), an argparse command (set_defaults(func=cmd_list)), is the program's output, not a log line"));
    for (const [needle, command] of [['::group::Failures', 'group'], ['::error file=', 'error'], ['::warning::', 'warning'], ['::notice title', 'notice'], ['::endgroup::', 'endgroup']]) {
      expect(at(needle)).toEqual(output_(`print() writing the GitHub workflow command ::${command}:: is the program's output, not a log line`));
    }
    // issue 22: what the __main__ block calls, directly or through one helper, is output too
    expect(at('print(render(args.format))')).toEqual(output_('print() in report(), which the `if __name__ == "__main__":` block calls, is the program\'s output, not a log line'));
    expect(at('"rendering", fmt')).toEqual(output_('print() in render(), which the `if __name__ == "__main__":` block calls through report(), is the program\'s output, not a log line'));
    // log lines stay log lines: a helper, a function no script names, a string that is no workflow command, the import-time branch, two helpers down
    for (const needle of ['helper: %d rows', 'not the entry point', ':: not a command ::', '"imported"', '"trace", fmt']) {
      expect(at(needle)).toEqual({ severity: 'low', message: 'print() call; use logging', fix: true });
    }
  });

  it('never rewrites them to logging, even with --unsafe-fixes', async () => {
    const text = fs.readFileSync(output, 'utf8');
    const r = await fixText(text, ['LOG001'], { unsafe: true, settings, file: output });
    const kept = text.split('\n').filter((l) => /^\s*print\(/.test(l) && !['helper: %d rows', 'not the entry point', ':: not a command ::', '"imported"', '"trace", fmt'].some((n) => l.includes(n)));
    expect(kept).toHaveLength(14);
    for (const line of kept) expect(r.text.split('\n')).toContain(line);
    expect(r.applied.filter((a) => a.code === 'LOG001')).toHaveLength(5);
  });

  it('without the pyproject, main() is no console script, and its prints are output because the __main__ block calls it (issue 22)', async () => {
    const { findings } = await findingsFor('LOG001', output, { projectRoot: __dirname });
    const text = fs.readFileSync(output, 'utf8');
    expect(findings.find((f) => f.line === lineOf(text, 'usage: log001-demo'))).toMatchObject({ severity: 'info', message: 'print() in main(), which the `if __name__ == "__main__":` block calls, is the program\'s output, not a log line' });
    // and what only the console script calls is a log line again
    expect(findings.find((f) => f.line === lineOf(text, 'not the entry point'))).toMatchObject({ severity: 'low', message: 'print() call; use logging' });
  });

  it('finds the console script in a src layout, and leaves `.command` decorators of other libraries alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'log001-src-'));
    try {
      fs.mkdirSync(path.join(dir, 'src', 'tool'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "tool"\nversion = "0"\n\n[project.scripts]\ntool = "tool.cli:run"\n');
      fs.writeFileSync(path.join(dir, 'src', 'tool', '__init__.py'), '');
      const cli = path.join(dir, 'src', 'tool', 'cli.py');
      fs.writeFileSync(cli, 'import bot\n\n\ndef run():\n    print("out")  # ruleid: LOG001\n\n\n@bot.command()\ndef ping():\n    print("pong")  # ruleid: LOG001\n');
      const { findings } = await findingsFor('LOG001', cli, { projectRoot: dir, pyprojectPath: path.join(dir, 'pyproject.toml') });
      expect(findings.map((f) => [f.line, f.severity])).toEqual([
        [5, 'info'],
        [10, 'low'],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('matches its table', async () => {
    await ruleTable('LOG001', __dirname, { fixture: output, settings });
  });
});

describe('LOG001 leaves the output of a CLI module alone, wherever its parser is built (issue 22)', () => {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  const { SYSTEM_PYTHON } = require('../../helpers/python') as typeof import('../../helpers/python');
  const { cli, tempProject } = require('../../helpers/cli') as typeof import('../../helpers/cli');
  // RFSN's shell_scanner: the parser is built in create_parser(), main() prints the result, and the __main__ block calls main()
  const SCANNER = [
    '"""Scan shell scripts and print what was found."""',
    'import argparse',
    'import json',
    'import sys',
    '',
    '',
    'def create_parser():',
    '    parser = argparse.ArgumentParser(prog="shell_scanner")',
    '    parser.add_argument("--format", choices=["text", "json"], default="text")',
    '    return parser',
    '',
    '',
    'def scan(paths):',
    '    return [{"path": p, "issues": len(p)} for p in paths]',
    '',
    '',
    'def emit(text):',
    '    print(text)',
    '',
    '',
    'def main():',
    '    args = create_parser().parse_args()',
    '    results = scan(["a.sh", "bb.sh"])',
    '    if args.format == "json":',
    '        output = json.dumps(results)',
    '    else:',
    '        output = "\\n".join(f"{r[\'path\']}: {r[\'issues\']}" for r in results)',
    '    print(output)',
    '    emit("2 files scanned")',
    '    return 0',
    '',
    '',
    'if __name__ == "__main__":',
    '    sys.exit(main())',
    '',
  ].join('\n');

  it('stdout of `python3 shell_scanner.py --format json` is the same after fix --unsafe-fixes', () => {
    const dir = tempProject({ 'shell_scanner.py': SCANNER });
    try {
      const run = (): string => execFileSync(SYSTEM_PYTHON, ['shell_scanner.py', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
      const before = run();
      expect(before).toBe('[{"path": "a.sh", "issues": 4}, {"path": "bb.sh", "issues": 5}]\n2 files scanned\n');
      const r = cli(['fix', '.', '--unsafe-fixes', '--select', 'LOG001', '--no-cache'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'shell_scanner.py'), 'utf8')).toBe(SCANNER);
      expect(run()).toBe(before);
      const scan = cli(['scan', '.', '--select', 'LOG001', '--format', 'json', '--fail-on', 'never', '--no-cache'], { cwd: dir });
      expect((JSON.parse(scan.stdout) as { findings: Array<{ line: number; severity: string; message: string }> }).findings.map((f) => `${f.line} ${f.severity} ${f.message}`)).toEqual([
        "18 info print() in emit(), which the `if __name__ == \"__main__\":` block calls through main(), is the program's output, not a log line",
        "28 info print() in main(), which the `if __name__ == \"__main__\":` block calls, is the program's output, not a log line",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
