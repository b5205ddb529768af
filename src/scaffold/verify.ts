import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkerBaseMs } from '../engine/pycompile';
import { templatePath } from './templates';
import { readPyproject, sourceRoots } from '../lang/python/pyproject';

/**
 * What `scaffold` and `instrument` write must compile AND import in the
 * project, with the project's own interpreter (issue 23: an instrumentation
 * module that imported names the project's own metrics.py lacks left four
 * modules unimportable, and the command exited 0). The written files are
 * journaled first; when a written module, or a project module importing it,
 * fails to import after the write (and did not fail that way before), every
 * file is put back and the command exits 1.
 */

/** The generated code is wrong for this project: the CLI prints it and exits 1 (not a usage error). */
export class GeneratedCodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeneratedCodeError';
  }
}

/** What a file was before this command touched it, to put it back exactly. */
type Saved = { abs: string; bytes: Buffer; mode: number } | { abs: string; created: true };

/** Every file and folder a command writes, recorded before the write. */
export class WriteJournal {
  private readonly saved: Saved[] = [];
  private readonly dirs: string[] = [];

  /** Record `abs` as it is now (call before writing it). */
  record(abs: string): void {
    if (this.saved.some((s) => s.abs === abs)) return;
    const st = fs.lstatSync(abs, { throwIfNoEntry: false });
    this.saved.push(st ? { abs, bytes: fs.readFileSync(abs), mode: st.mode & 0o7777 } : { abs, created: true });
  }

  /** mkdir -p, remembering the folders it created (deepest last). */
  mkdirs(dir: string): void {
    const missing: string[] = [];
    for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) missing.unshift(d);
    fs.mkdirSync(dir, { recursive: true });
    this.dirs.push(...missing);
  }

  get files(): string[] {
    return this.saved.map((s) => s.abs);
  }

  /** Put every file back (bytes and mode), remove created files, then created folders left empty. */
  restore(): void {
    for (const s of [...this.saved].reverse()) {
      if ('created' in s) fs.rmSync(s.abs, { force: true });
      else {
        fs.writeFileSync(s.abs, s.bytes);
        fs.chmodSync(s.abs, s.mode);
      }
    }
    for (const d of [...this.dirs].reverse()) {
      try {
        fs.rmdirSync(d);
      } catch {
        // not empty: something else is in it now
      }
    }
  }
}

interface CheckResult {
  module: string;
  file: string;
  status: 'ok' | 'missing' | 'error';
  message?: string;
}

export interface ImportCheck {
  python: string | null;
  results: CheckResult[];
  /** why the check itself did not run to the end (the interpreter crashed, hung, or a module ended it) */
  failure?: string;
}

/**
 * One fresh interpreter imports the written modules (those that exist now)
 * and every project module importing them. Not isolated (-I): the project's
 * environment is the point; no bytecode is written into the project.
 */
export function runImportCheck(root: string, written: string[], python: string | null): ImportCheck {
  if (!python) return { python, results: [], failure: 'no Python interpreter found' };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-import-'));
  try {
    const req = path.join(tmp, 'request.json');
    // imported from where the project's own modules live: the root, src/, and what setuptools or Poetry name
    const manifest = path.join(root, 'pyproject.toml');
    const doc = readPyproject({ projectRoot: root, pyprojectPath: fs.existsSync(manifest) ? manifest : null })?.doc ?? null;
    fs.writeFileSync(req, JSON.stringify({ root, paths: sourceRoots(root, doc), written: written.filter((f) => f.endsWith('.py')) }));
    const run = spawnSync(python, [templatePath('_helpers/import_check.py'), req], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      timeout: checkerBaseMs(),
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    });
    const line = run.stdout?.trim().split('\n').pop() ?? '';
    try {
      return { python, results: (JSON.parse(line) as { results: CheckResult[] }).results };
    } catch {
      const why = run.error ? run.error.message : run.signal ? `killed by ${run.signal}` : `exit ${run.status}: ${(run.stderr ?? '').trim().split('\n').slice(-1)[0]}`;
      return { python, results: [], failure: `the import check with ${python} did not finish (${why})` };
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Display a path relative to the working directory. */
function rel(abs: string): string {
  return path.relative(process.cwd(), abs) || abs;
}

/**
 * After the write: import what was written; on a new failure put every file
 * back and throw. `before` is the check made before writing: a module that
 * failed the same way then is not the generated code's fault. Returns the
 * "not checked" lines to print.
 */
export function verifyWritten(root: string, journal: WriteJournal, before: ImportCheck): string[] {
  const after = runImportCheck(root, journal.files, before.python);
  const old = new Set(before.results.filter((r) => r.status === 'error').map((r) => `${r.file}\0${r.message}`));
  const failed = after.results.filter((r) => r.status === 'error' && !old.has(`${r.file}\0${r.message}`));
  // a written module that needs a package this interpreter lacks does not import here either (RFSN's
  // async_cache.py without aiosqlite): the project installs it first, then the scaffold runs again
  const written = new Set(journal.files.map((f) => path.resolve(f)));
  for (const r of after.results) {
    if (r.status === 'missing' && written.has(path.resolve(r.file))) failed.push({ ...r, status: 'error', message: `needs '${r.message}', which is not installed there: install the package that provides it (e.g. \`${after.python} -m pip install ${r.message}\`), declare it, and run this again` });
  }
  if (after.failure && after.python) failed.push({ module: '(import check)', file: '', status: 'error', message: after.failure });
  if (failed.length) {
    journal.restore();
    const lines = failed.map((r) => `${r.module}${r.file ? ` (${rel(r.file)})` : ''}: ${r.message}`);
    throw new GeneratedCodeError(`the generated code does not import in this project with ${after.python}; nothing written:\n${lines.join('\n')}`);
  }
  const notes: string[] = [];
  if (!after.python) notes.push('not checked: no Python interpreter found to import the generated code');
  for (const r of after.results) {
    if (r.status === 'missing') notes.push(`not checked: ${r.module}: ${r.message} is not installed in ${after.python}`);
    else if (r.status === 'error') notes.push(`not checked: ${r.module}: it already failed to import before this change (${r.message})`);
  }
  return notes;
}
