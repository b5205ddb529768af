import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The two interpreters the tests use, picked explicitly:
 * - VENV_PYTHON: the project's virtual environment (.venv, built by
 *   scripts/python-deps.sh from requirements-test.txt with the first python3
 *   on PATH): pytest, the scaffolds' runtime packages, semgrep and the oracles
 *   (pyupgrade, bandit, ruff, pydocstyle, interrogate), pinned.
 * - SYSTEM_PYTHON: Debian's /usr/bin/python3, for what only the standard
 *   library decides (compiling, tomllib). It is not bare: Debian packages
 *   (python3-pytest, python3-prometheus-client, …) land in its dist-packages.
 * and, for code that must run without any optional package, barePython(): a
 * venv of SYSTEM_PYTHON without system site packages, bare by construction.
 */
export const ROOT = path.resolve(__dirname, '..', '..');
export const VENV = process.env.RFSN_TEST_VENV ?? path.join(ROOT, '.venv');
export const VENV_PYTHON = path.join(VENV, 'bin', 'python');
export const VENV_BIN = path.join(VENV, 'bin');
export const SYSTEM_PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** A tool installed in the venv (semgrep, ruff, pyupgrade, bandit, …). */
export function venvTool(name: string): string {
  return path.join(VENV_BIN, name);
}

let bare: string | undefined;

/**
 * An interpreter with nothing but the standard library whatever the machine
 * has installed: a fresh `venv --without-pip` of SYSTEM_PYTHON (no system
 * site packages, no pip), made once per test process and removed at its exit.
 */
export function barePython(): string {
  if (bare) return bare;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-bare-python-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  execFileSync(SYSTEM_PYTHON, ['-m', 'venv', '--without-pip', dir], { stdio: 'pipe', timeout: 60_000 });
  return (bare = path.join(dir, 'bin', 'python'));
}
