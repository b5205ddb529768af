import fs from 'node:fs';
import path from 'node:path';

/**
 * The two interpreters the tests use, picked explicitly:
 * - VENV_PYTHON: the project's virtual environment (.venv, built by
 *   scripts/python-deps.sh from requirements-test.txt with the first python3
 *   on PATH): pytest, the scaffolds' runtime packages, semgrep and the oracles
 *   (pyupgrade, bandit, ruff, pydocstyle, interrogate), pinned.
 * - SYSTEM_PYTHON: Debian's /usr/bin/python3, bare, on which generated code
 *   must also run.
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
