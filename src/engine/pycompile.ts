import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Ask real Python whether code compiles: one helper, one script, for both
 * commands. `scan` confirms (with Python's own message and line) the syntax
 * errors tree-sitter reports, and downgrades to a warning a file tree-sitter
 * cannot parse that Python compiles (`compileFiles`, files on disk). `fix`
 * checks every changed file before writing it (`Compiler`, texts streamed to
 * one process while the workers are still fixing).
 *
 * The interpreter is the `python3` first on PATH, run isolated (`-I`, a
 * neutral cwd) so that a project's own `json.py` or `logging/` never shadows
 * the checker's imports. All files go to one process: starting one per file
 * would cost more than the fixing.
 */
/** `kind`: the exception's class (SyntaxError, IndentationError, TabError, ValueError…) */
export type CompileResult = { ok: true } | { ok: false; line: number; column: number; message: string; kind?: string };

export interface CompileItem {
  path: string;
  /** the new bytes, as they would be written */
  bytes: Buffer;
  original: Buffer;
}

export interface CompileVerdict {
  ok: boolean;
  /** Python's message when the new text does not compile */
  message?: string;
  /** the original did not compile either, so Python could not judge */
  unverified?: boolean;
}

/**
 * One JSON request a line on stdin, one JSON answer a line on stdout:
 * `{"p": id, "f": file}` compiles a file on disk; `{"p": id, "b": bytes, "o": original}`
 * (base64) compiles new text, and when it fails, the original too, so that
 * syntax newer than this interpreter is told apart from a broken result.
 */
const SCRIPT = String.raw`
import base64, json, sys, warnings
warnings.simplefilter("ignore")

def check(src, name):
    try:
        compile(src, name, "exec", dont_inherit=True)
        return {"ok": True}
    except SyntaxError as e:
        return {"ok": False, "kind": type(e).__name__, "line": e.lineno or 1, "column": e.offset or 1, "message": e.msg}
    except (ValueError, UnicodeError) as e:
        return {"ok": False, "kind": type(e).__name__, "line": 1, "column": 1, "message": str(e)}
    except Exception as e:  # MemoryError, RecursionError: too deeply nested to compile
        return {"ok": False, "kind": type(e).__name__, "line": 1, "column": 1, "message": str(e) or "cannot compile"}

for line in sys.stdin:
    item = json.loads(line)
    name = item["p"]
    if "f" in item:
        try:
            with open(item["f"], "rb") as fh:
                r = check(fh.read(), item["f"])
        except OSError as e:
            r = {"ok": False, "kind": "OSError", "line": 1, "column": 1, "message": "cannot read: " + (e.strerror or str(e))}
    else:
        r = check(base64.b64decode(item["b"]), name)
        if not r["ok"] and "o" in item and not check(base64.b64decode(item["o"]), name)["ok"]:
            r = {"ok": True, "unverified": True}
    r["p"] = name
    sys.stdout.write(json.dumps(r) + "\n")
    sys.stdout.flush()
`;

/** -I and a neutral cwd: the project's own modules must not shadow the checker's imports */
const ARGS = ['-I', '-c', SCRIPT];

interface Answer {
  p: string;
  ok: boolean;
  unverified?: boolean;
  kind?: string;
  line?: number;
  column?: number;
  message?: string;
}

/** The python3 first on PATH, or null (shared by scan's syntax check and fix's verification). */
export function findPython(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, 'python3');
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/** Why a checker process ended badly, in one line: the signal or exit code, and the end of its stderr. */
function describeExit(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
  const tail = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-3)
    .join(' | ');
  return tail ? `${how}: ${tail.length > 400 ? `…${tail.slice(-400)}` : tail}` : how;
}

function parseAnswers(out: string): Answer[] {
  const answers: Answer[] = [];
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    answers.push(JSON.parse(line) as Answer);
  }
  return answers;
}

/**
 * The same, without blocking: scan starts it beside the worker pool, so
 * python3's verdict on every file costs the other core's time, not the
 * run's. Null when no python3 is available or it fails.
 */
export function compileFilesAsync(paths: string[]): Promise<Map<string, CompileResult> | null> {
  if (paths.length === 0) return Promise.resolve(new Map());
  return startCompileFiles()(paths);
}

/**
 * Start python3 now and give it the files later (once): a warm scan knows
 * which files need a verdict only after its cache lookup, and the
 * interpreter's start-up (a pyenv shim is a shell script) then overlaps
 * discovery and lookup instead of following them. Until the files are given,
 * the process does not keep this one alive; given none, it just exits.
 */
export function startCompileFiles(): (paths: string[]) => Promise<Map<string, CompileResult> | null> {
  const python = findPython();
  if (!python) return () => Promise.resolve(null);
  const child = spawn(python, ARGS, { cwd: os.tmpdir(), stdio: ['pipe', 'pipe', 'ignore'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Map<string, CompileResult> | null>((resolve) => {
    child.on('error', () => resolve(null));
    child.on('close', (code) => {
      if (code !== 0) return resolve(null);
      try {
        const out = new Map<string, CompileResult>();
        for (const a of parseAnswers(Buffer.concat(chunks).toString('utf8'))) out.set(a.p, a.ok ? { ok: true } : { ok: false, line: a.line ?? 1, column: a.column ?? 1, message: a.message ?? '', ...(a.kind ? { kind: a.kind } : {}) });
        resolve(out);
      } catch {
        resolve(null);
      }
    });
  });
  child.stdin.on('error', () => undefined);
  // the pipes are sockets: they can be unref'd like the process
  const handles = [child, child.stdin, child.stdout] as unknown as Array<{ ref(): void; unref(): void }>;
  for (const h of handles) h.unref();
  let given = false;
  return (paths) => {
    if (given) throw new Error('startCompileFiles: the files are given once');
    given = true;
    if (paths.length === 0) {
      child.stdin.end();
      return Promise.resolve(new Map());
    }
    for (const h of handles) h.ref();
    child.stdin.end(paths.map((p) => JSON.stringify({ p, f: p })).join('\n') + '\n');
    return done;
  };
}

let minorCache: number | null | undefined;

/** The minor version of the python3 that judges syntax (3.11 → 11), or null without one. */
export function pythonMinor(): number | null {
  if (minorCache !== undefined) return minorCache;
  const python = findPython();
  const r = python ? spawnSync(python, ['-I', '-c', 'import sys; print(sys.version_info[1])'], { encoding: 'utf8', cwd: os.tmpdir() }) : null;
  minorCache = r && r.status === 0 ? Number(r.stdout.trim()) : null;
  return minorCache;
}

/** Compile each file with python3; null when no python3 is available or it fails. */
export function compileFiles(paths: string[]): Map<string, CompileResult> | null {
  if (paths.length === 0) return new Map();
  const python = findPython();
  if (!python) return null;
  const input = paths.map((p) => JSON.stringify({ p, f: p })).join('\n') + '\n';
  const r = spawnSync(python, ARGS, { input, encoding: 'utf8', maxBuffer: 1 << 26, cwd: os.tmpdir() });
  if (r.status !== 0) return null;
  try {
    const out = new Map<string, CompileResult>();
    for (const a of parseAnswers(r.stdout)) out.set(a.p, a.ok ? { ok: true } : { ok: false, line: a.line ?? 1, column: a.column ?? 1, message: a.message ?? '', ...(a.kind ? { kind: a.kind } : {}) });
    return out;
  } catch {
    return null;
  }
}

/**
 * A python3 process that compiles texts as they are handed to it, so the
 * check runs while the workers are still fixing; `done()` closes its input
 * and returns the verdicts. A result that fails while its original compiled
 * is rejected with Python's message; when the original did not compile either
 * (syntax newer than this interpreter), the verdict says `unverified`.
 */
export class Compiler {
  private readonly child;
  private readonly result: Promise<Map<string, CompileVerdict>>;

  constructor(python: string) {
    this.child = spawn(python, ARGS, { stdio: ['pipe', 'pipe', 'pipe'], cwd: os.tmpdir() });
    const child = this.child;
    this.result = new Promise((resolve, reject) => {
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.on('error', (e) => reject(new Error(`cannot run ${python}: ${e.message}`)));
      child.on('close', (code, signal) => {
        if (code !== 0) {
          reject(new Error(`${python} failed to check the results: ${describeExit(code, signal, Buffer.concat(err).toString())}`));
          return;
        }
        try {
          const verdicts = new Map<string, CompileVerdict>();
          for (const a of parseAnswers(Buffer.concat(out).toString())) {
            verdicts.set(a.p, a.ok ? (a.unverified ? { ok: true, unverified: true } : { ok: true }) : { ok: false, message: `${a.kind}: ${a.message} (line ${a.line})` });
          }
          resolve(verdicts);
        } catch (e) {
          reject(new Error(`${python} failed to check the results: unreadable answer (${(e as Error).message})`));
        }
      });
    });
    this.result.catch(() => undefined); // reported by done()
    child.stdin.on('error', () => undefined); // the close handler reports
  }

  /** the checker's process id (tests kill it to see the failure reported) */
  get pid(): number | undefined {
    return this.child.pid;
  }

  add(it: CompileItem): void {
    this.child.stdin.write(`${JSON.stringify({ p: it.path, b: it.bytes.toString('base64'), o: it.original.toString('base64') })}\n`);
  }

  done(): Promise<Map<string, CompileVerdict>> {
    this.child.stdin.end();
    return this.result;
  }
}

/** Compile a batch of new texts in one process; null when no python3 is available. */
export async function compileAll(items: CompileItem[], python = findPython()): Promise<Map<string, CompileVerdict> | null> {
  if (!python) return null;
  if (items.length === 0) return new Map();
  const c = new Compiler(python);
  for (const it of items) c.add(it);
  return c.done();
}
