import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { ruleByCode } from '../../../src/rules/registry';
import type { ProjectContext } from '../../../src/core/rule';
import { runScan } from '../../../src/engine/run';
import { planCliFixes, type CliFixPlan } from '../../../src/rules/cli/_fix';
import { barePython, SYSTEM_PYTHON, VENV_PYTHON } from '../../helpers/python';

/**
 * CLI001's --version codemod on a real project (tests/rules/cli/fix/proj):
 * planned from the project context CLI001 reports from, written to a copy,
 * and the CLIs run with real Python: `--version` prints the package's
 * version and exits 0, and the CLI still parses its other options.
 */
const SRC = path.join(__dirname, 'fix', 'proj');

async function planFor(dir: string): Promise<CliFixPlan> {
  const rule = ruleByCode('CLI001')!;
  const own = rule.project!;
  let plan: Promise<CliFixPlan> | null = null;
  rule.project = (ctx: ProjectContext) => {
    own(ctx);
    plan = planCliFixes(ctx);
  };
  try {
    await runScan({ paths: [dir], select: ['CLI001'], jobs: 1 });
  } finally {
    rule.project = own;
  }
  if (!plan) throw new Error('CLI001 did not run');
  return plan;
}

function py(dir: string, code: string, python = barePython()): { status: number | null; out: string } {
  const r = spawnSync(python, ['-c', code], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}`.trim() };
}

describe('CLI001 --version fix', () => {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli001-'));
    fs.cpSync(SRC, dir, { recursive: true });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('adds --version, runs with real Python, and a second plan changes nothing', async () => {
    expect(py(dir, "from app.cli import main; main(['--version'])").status).toBe(2); // before: unknown option
    const plan = await planFor(dir);
    const out: string[] = ['# CLI001 fix on tests/rules/cli/fix/proj'];
    for (const d of plan.declined) out.push(`declined ${path.relative(dir, path.resolve(d.path))}: ${d.reason}`);
    for (const f of plan.fixes) {
      const rel = path.relative(dir, f.path);
      for (const c of f.changes) out.push(`${c.code} (${c.safety}) ${rel}:${c.line}: ${c.description}`);
      out.push(createTwoFilesPatch(rel, rel, f.before, f.after, '', '', { context: 1 }).split('\n').slice(2).join('\n').replace(/\t$/gm, '').trimEnd());
      fs.writeFileSync(f.path, f.after);
      execFileSync(SYSTEM_PYTHON, ['-m', 'py_compile', f.path]);
    }
    const actual = `${out.join('\n')}\n`;
    const snapshot = path.join(__dirname, 'CLI001-fix.snapshot');
    if (process.env.UPDATE_SNAPSHOTS === '1' || (!fs.existsSync(snapshot) && process.env.CI !== 'true')) fs.writeFileSync(snapshot, actual);
    expect(actual).toBe(fs.readFileSync(snapshot, 'utf8'));

    expect(py(dir, "from app.cli import main; main(['--version'])")).toEqual({ status: 0, out: 'app 1.2.3' });
    expect(py(dir, "from app.cli import main; print(main(['-v', 'x']))")).toEqual({ status: 0, out: 'x' });
    const click = py(dir, "from app.clicky import cli; cli(['--version'])", VENV_PYTHON);
    expect(click.status).toBe(0);
    expect(click.out).toMatch(/version 1\.2\.3$/);
    expect(py(dir, "from app.clicky import cli; cli(['sync'])", VENV_PYTHON)).toEqual({ status: 0, out: 'synced' });
    // --verbose wired to logging where the module logs: DEBUG with the flag, and the debug line shown (issue 22); the level as it was without
    expect(py(dir, "from app.quiet import main; print(main(['--verbose', 'x']))")).toEqual({ status: 0, out: '10\nDEBUG:app.quiet:hello x' });
    expect(py(dir, "from app.quiet import main; print(main(['x']))")).toEqual({ status: 0, out: '30' });
    expect(py(dir, "from app.quiet import main; main(['--version'])")).toEqual({ status: 0, out: 'quiet 1.2.3' });
    expect((await planFor(dir)).fixes).toEqual([]);
  });
});

describe('CLI001 --verbose shows the logs (issue 22): a CLI module fixed through the built CLI, run with python3', () => {
  const { cli, tempProject } = require('../../helpers/cli') as typeof import('../../helpers/cli');
  const run = (dir: string, args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(SYSTEM_PYTHON, ['-m', 'tool.main', ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const project = (main: string): string =>
    tempProject({
      'pyproject.toml': '[project]\nname = "tool"\nversion = "1.0"\n\n[project.scripts]\ntool = "tool.main:main"\n',
      'tool/__init__.py': '__version__ = "1.0"\n',
      'tool/main.py': main,
    });
  const fixAndRead = (dir: string): string => {
    const r = cli(['fix', '.', '--unsafe-fixes', '--select', 'CLI001', '--no-cache'], { cwd: dir });
    expect(r.code).toBe(0);
    return fs.readFileSync(path.join(dir, 'tool', 'main.py'), 'utf8');
  };
  const body = [
    'def main(argv=None):',
    '    parser = argparse.ArgumentParser(prog="tool")',
    '    parser.add_argument("name")',
    '    args = parser.parse_args(argv)',
    '    log.info("starting %s", args.name)',
    '    log.debug("details of %s", args.name)',
    '    print(f"hello {args.name}")',
    '    return 0',
    '',
    '',
    'if __name__ == "__main__":',
    '    raise SystemExit(main())',
    '',
  ];

  it('no handler configured: -v prints the debug and info lines on stderr; stdout and the run without -v unchanged', () => {
    const dir = project(['import argparse', 'import logging', '', 'log = logging.getLogger(__name__)', '', '', ...body].join('\n'));
    try {
      const before = run(dir, ['world']);
      expect(before).toEqual({ status: 0, stdout: 'hello world\n', stderr: '' });
      const text = fixAndRead(dir);
      expect(text).toContain('    if args.verbose:\n        logging.basicConfig()\n        logging.getLogger().setLevel(logging.DEBUG)\n');
      expect(run(dir, ['world'])).toEqual(before);
      expect(run(dir, ['-v', 'world'])).toEqual({ status: 0, stdout: 'hello world\n', stderr: 'INFO:__main__:starting world\nDEBUG:__main__:details of world\n' });
      // a second fix changes nothing
      expect(fixAndRead(dir)).toBe(text);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a handler the program configured itself: -v shows each line once, in its format', () => {
    const dir = project(['import argparse', 'import logging', '', 'log = logging.getLogger(__name__)', 'logging.basicConfig(format="[%(levelname)s] %(message)s")', '', '', ...body].join('\n'));
    try {
      fixAndRead(dir);
      expect(run(dir, ['-v', 'world'])).toEqual({ status: 0, stdout: 'hello world\n', stderr: '[INFO] starting world\n[DEBUG] details of world\n' });
      expect(run(dir, ['world'])).toEqual({ status: 0, stdout: 'hello world\n', stderr: '' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
