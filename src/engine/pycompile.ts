import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { findPython } from '../lang/python/interpreter';
import { UsageError } from '../core/errors';

/**
 * Ask real Python whether code compiles: one helper, one script, for both
 * commands. `scan` confirms (with Python's own message and line) the syntax
 * errors tree-sitter reports, and downgrades to a warning a file tree-sitter
 * cannot parse that Python compiles (`startCompileFiles`, files on disk).
 * `fix` checks every changed file before writing it (`Compiler`, texts
 * streamed to one process while the workers are still fixing).
 *
 * The interpreter is the `python3` first on PATH, run isolated (`-I`, a
 * neutral cwd) so that a project's own `json.py` or `logging/` never shadows
 * the checker's imports. All files go to one process: starting one per file
 * would cost more than the fixing. That process may be broken: one that
 * fails, garbles its answers or runs past its time limit gives no verdict,
 * and the caller says so once (a file without a verdict is not checked, a
 * fixed text without one is not written).
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
  /** ...and not for syntax newer than this python3: the original is broken (TabError, IndentationError) */
  broken?: string;
}

/**
 * One JSON request a line on stdin, one JSON answer a line on stdout:
 * `{"p": id, "f": file}` compiles a file on disk; `{"p": id, "b": bytes, "o": original}`
 * (base64) compiles new text, and when it fails, the original too, so that
 * syntax newer than this interpreter is told apart from a broken result.
 *
 * A file on disk that CPython's own bytecode cache shows it compiled is not
 * compiled again: a `__pycache__` .pyc of this interpreter's magic number
 * that the import system would load for the file as it is (its mtime and
 * size, or its hash, recorded in the .pyc). Compiling is nearly all of the
 * verdict's cost (4.6 s of CPU over the 1,790 files of the 3.11 stdlib);
 * reading a 16-byte header is not. The trust is the import system's own: it
 * runs that bytecode instead of the source. Nothing is written.
 */
const SCRIPT = String.raw`
import base64, json, os, sys, time, warnings
from importlib.util import MAGIC_NUMBER, cache_from_source, source_hash
warnings.simplefilter("ignore")

def compiled_before(path, st, src):
    for opt in ("", 1, 2):
        try:
            with open(cache_from_source(path, optimization=opt), "rb") as fh:
                head = fh.read(16)
        except (OSError, ValueError, NotImplementedError):
            continue
        flags = int.from_bytes(head[4:8], "little")
        if len(head) < 16 or head[:4] != MAGIC_NUMBER or flags & ~3:
            continue
        if flags & 1:
            if head[8:16] == source_hash(src):
                return True
        elif head[8:12] == (int(st.st_mtime) & 0xFFFFFFFF).to_bytes(4, "little") and head[12:16] == (st.st_size & 0xFFFFFFFF).to_bytes(4, "little"):
            return True
    return False

def check(src, name):
    try:
        compile(src, name, "exec", dont_inherit=True)
        return {"ok": True}
    except SyntaxError as e:
        # the tokenizer's decoding errors say line 0 and offset -1: positions start at 1
        return {"ok": False, "kind": type(e).__name__, "line": max(e.lineno or 1, 1), "column": max(e.offset or 1, 1), "message": e.msg}
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
                src = fh.read()
                r = {"ok": True} if compiled_before(item["f"], os.fstat(fh.fileno()), src) else check(src, item["f"])
        except OSError as e:
            r = {"ok": False, "kind": "OSError", "line": 1, "column": 1, "message": "cannot read: " + (e.strerror or str(e))}
    else:
        r = check(base64.b64decode(item["b"]), name)
        if not r["ok"] and "o" in item:
            o = check(base64.b64decode(item["o"]), name)
            if not o["ok"]:
                r = {"ok": True, "unverified": True}
                # an indentation error is no syntax a newer Python accepts: the original is broken, not new
                if o["kind"] in ("IndentationError", "TabError"):
                    r["broken"] = "%s: %s (line %d)" % (o["kind"], o["message"], o["line"])
    r["p"] = name
    sys.stdout.write(json.dumps(r) + "\n")
    sys.stdout.flush()

sys.stderr.write("rfsn-cpu %.3f\n" % time.process_time())
`;

/** -I and a neutral cwd: the project's own modules must not shadow the checker's imports */
const ARGS = ['-I', '-c', SCRIPT];

interface Answer {
  p: string;
  ok: boolean;
  unverified?: boolean;
  broken?: string;
  kind?: string;
  line?: number;
  column?: number;
  message?: string;
}

/** Seconds the checker gets for one file, before its share per byte (RFSN_UPGRADE_PYTHON_TIMEOUT overrides it). */
const BASE_SECONDS = 60;
/**
 * ...and its share per byte: 30 s a megabyte. CPython's compile is
 * superlinear in a module's size (3.11: 1.3 MB of small functions in 9 s,
 * 3.3 MB in 88 s), and a slow machine must not turn a big file into an
 * unchecked one; a hung interpreter is still found within a minute or so.
 */
const SECONDS_PER_BYTE = 30 / 1e6;

/** The base of the checker's time limit, in ms: RFSN_UPGRADE_PYTHON_TIMEOUT (seconds) or 60 s; a bad value is a usage error. */
export function checkerBaseMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RFSN_UPGRADE_PYTHON_TIMEOUT;
  if (raw === undefined || raw === '') return BASE_SECONDS * 1000;
  const s = Number(raw);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(raw) || !(s > 0)) throw new UsageError(`RFSN_UPGRADE_PYTHON_TIMEOUT=${JSON.stringify(raw)}: expected a number of seconds greater than 0`);
  return s * 1000;
}

/** The time python3 gets for `bytes` of source, in whole ms (a timer's unit; a longer one than 2^31-1 ms fires at once). */
function limitMs(baseMs: number, bytes: number): number {
  return Math.min(Math.ceil(baseMs + bytes * SECONDS_PER_BYTE * 1000), 2 ** 31 - 1);
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

/** What a checker process gave: the answers it sent, and why it stopped short (one line naming the interpreter). */
interface Outcome {
  answers: Map<string, Answer>;
  failure?: string;
  /** the CPU ms python3 says it used (the script's last line on stderr), for --timings */
  cpuMs?: number;
}

/**
 * One checker process: requests written as they come, answers read as
 * python3 flushes them (in request order), and a deadline whenever it owes
 * something: the file it is on (the base plus its share per byte, from its
 * previous answer) or, once its input is closed, its exit. A failed, silent
 * or garbled checker settles with the answers it gave and the reason; its
 * whole process group is killed (a pyenv shim or a wrapper script runs
 * python3 as a child, which would keep the pipes open).
 */
class Checker {
  readonly outcome: Promise<Outcome>;
  private readonly child: ChildProcess;
  /** requests not answered yet, oldest first */
  private readonly owed: Array<{ p: string; bytes: number }> = [];
  private readonly answers = new Map<string, Answer>();
  private asked = 0;
  private pending = '';
  private stderr = '';
  private ended = false;
  private timer: NodeJS.Timeout | null = null;
  private settle!: (o: Outcome) => void;
  private settled = false;

  constructor(
    readonly python: string,
    /** what it checks, for the messages: "the files", "the results" */
    private readonly what: string,
    private readonly baseMs: number,
  ) {
    this.outcome = new Promise((resolve) => (this.settle = resolve));
    // its own process group, so that a timeout can end the interpreter and whatever it started
    this.child = spawn(python, ARGS, { cwd: os.tmpdir(), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child.on('error', (e) => this.fail(`cannot run ${python}: ${e.message}`));
    this.child.stdin!.on('error', () => undefined); // the close handler reports
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => this.read(d));
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr = (this.stderr + d).slice(-4000)));
    this.child.on('close', (code, signal) => {
      if (this.settled) return;
      this.read('', true);
      if (code !== 0 || signal) this.fail(`${python} failed to check ${this.what}: ${describeExit(code, signal, this.stderr)}`);
      else if (this.owed.length) this.fail(`${python} failed to check ${this.what}: it answered ${this.asked - this.owed.length} of ${this.asked} and exited`);
      else this.finish();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get process(): ChildProcess {
    return this.child;
  }

  /** The pipes and the process, so that a checker given nothing yet does not keep this process alive. */
  private get handles(): Array<{ ref(): void; unref(): void }> {
    return [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as unknown as Array<{ ref(): void; unref(): void }>;
  }

  unref(): void {
    for (const h of this.handles) h.unref();
  }

  ref(): void {
    for (const h of this.handles) h.ref();
  }

  ask(p: string, request: object, bytes: number): void {
    if (this.settled) return;
    this.owed.push({ p, bytes });
    this.asked++;
    this.child.stdin!.write(`${JSON.stringify(request)}\n`);
    if (this.owed.length === 1) this.arm();
  }

  /** No more requests: the answers, once every one is given and python3 has exited. */
  end(): Promise<Outcome> {
    this.ended = true;
    this.child.stdin!.end();
    if (!this.owed.length) this.arm();
    return this.outcome;
  }

  /** Not needed after all: end it and anything it started. */
  abandon(): void {
    this.ended = true;
    this.child.stdin!.end();
    this.finish();
  }

  private read(chunk: string, last = false): void {
    if (this.settled) return;
    this.pending += chunk;
    const lines = this.pending.split('\n');
    this.pending = last ? '' : lines.pop()!;
    for (const line of lines) {
      if (!line.trim()) continue;
      const head = this.owed[0];
      let a: Answer | null = null;
      try {
        a = JSON.parse(line) as Answer;
      } catch {
        // below
      }
      if (!head || !a || typeof a !== 'object' || a.p !== head.p || typeof a.ok !== 'boolean') {
        const shown = line.length > 80 ? `${line.slice(0, 80)}…` : line;
        this.fail(`${this.python} failed to check ${this.what}: unreadable answer (${JSON.stringify(shown)})`);
        return;
      }
      this.answers.set(a.p, a);
      this.owed.shift();
      this.arm();
    }
  }

  /** The deadline for what python3 owes now: the file it is on, or its exit. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const head = this.owed[0];
    if (!head && !this.ended) return; // idle, waiting for work: not late
    const ms = limitMs(this.baseMs, head ? head.bytes : 0);
    this.timer = setTimeout(() => {
      const on = head ? `on ${head.p}` : 'to exit';
      this.fail(`${this.python} failed to check ${this.what}: no answer within ${Math.round(ms / 100) / 10} s (${on}); killed. RFSN_UPGRADE_PYTHON_TIMEOUT sets the limit's base, now ${this.baseMs / 1000} s`);
    }, ms);
    this.timer.unref();
  }

  private fail(why: string): void {
    this.finish(why);
  }

  private finish(failure?: string): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    if (failure !== undefined || this.child.exitCode === null) {
      // the whole group: the interpreter and anything it started
      try {
        if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      this.child.stdout?.destroy();
      this.child.stderr?.destroy();
      this.child.stdin?.destroy();
    }
    const cpu = /^rfsn-cpu ([\d.]+)$/m.exec(this.stderr);
    this.settle({ answers: this.answers, ...(failure !== undefined ? { failure } : {}), ...(cpu ? { cpuMs: Number(cpu[1]) * 1000 } : {}) });
  }
}

function resultOf(a: Answer): CompileResult {
  const at = (n: number | undefined): number => (Number.isInteger(n) && n! >= 1 ? n! : 1);
  return a.ok ? { ok: true } : { ok: false, line: at(a.line), column: at(a.column), message: a.message ?? '', ...(a.kind ? { kind: a.kind } : {}) };
}

/** python3's verdicts on files, and, when it failed or ran past its time limit, why (one line naming it); files without a verdict were not checked. */
export interface Judged {
  verdicts: Map<string, CompileResult>;
  failure?: string;
  /** python3's own CPU ms, when it said */
  cpuMs?: number;
}

/**
 * The same, without blocking: scan starts it beside the worker pool, so
 * python3's verdict on every file costs the other core's time, not the
 * run's. Null when no python3 is on PATH.
 */
export function compileFilesAsync(paths: string[]): Promise<Judged | null> {
  if (paths.length === 0) return Promise.resolve({ verdicts: new Map() });
  return startCompileFiles()(paths);
}

/**
 * Start python3 now and give it the files later (once): a warm scan knows
 * which files need a verdict only after its cache lookup, and the
 * interpreter's start-up (a pyenv shim is a shell script) then overlaps
 * discovery and lookup instead of following them. Until the files are given,
 * the process does not keep this one alive; given none, it is ended.
 */
export function startCompileFiles(): (paths: string[]) => Promise<Judged | null> {
  const python = findPython();
  if (!python) return () => Promise.resolve(null);
  const checker = new Checker(python, 'the files', checkerBaseMs());
  checker.unref();
  let given = false;
  return async (paths) => {
    if (given) throw new Error('startCompileFiles: the files are given once');
    given = true;
    if (paths.length === 0) {
      checker.abandon();
      return { verdicts: new Map() };
    }
    checker.ref();
    for (const p of paths) checker.ask(p, { p, f: p }, sizeOf(p));
    const o = await checker.end();
    return { verdicts: new Map([...o.answers].map(([p, a]) => [p, resultOf(a)])), ...(o.failure !== undefined ? { failure: o.failure } : {}), ...(o.cpuMs !== undefined ? { cpuMs: o.cpuMs } : {}) };
  };
}

function sizeOf(p: string): number {
  try {
    return fs.statSync(p).size;
  } catch {
    return 0;
  }
}

let minorCache: number | null | undefined;

/** The minor version of the python3 that judges syntax (3.11 → 11), or null without one (or one that does not say in time). */
export function pythonMinor(): number | null {
  if (minorCache !== undefined) return minorCache;
  const python = findPython();
  const r = python ? spawnSync(python, ['-I', '-c', 'import sys; print(sys.version_info[1])'], { encoding: 'utf8', cwd: os.tmpdir(), timeout: limitMs(checkerBaseMs(), 0), killSignal: 'SIGKILL' }) : null;
  const minor = r && r.status === 0 ? Number(r.stdout.trim()) : NaN;
  minorCache = Number.isInteger(minor) ? minor : null;
  return minorCache;
}

/**
 * Compile each file with python3, blocking (for callers that cannot await);
 * null when no python3 is available, or it fails or runs past its time limit.
 */
export function compileFiles(paths: string[]): Map<string, CompileResult> | null {
  if (paths.length === 0) return new Map();
  const python = findPython();
  if (!python) return null;
  const input = paths.map((p) => JSON.stringify({ p, f: p })).join('\n') + '\n';
  const bytes = paths.reduce((n, p) => n + sizeOf(p), 0);
  const timeout = limitMs(checkerBaseMs(), bytes);
  const r = spawnSync(python, ARGS, { input, encoding: 'utf8', maxBuffer: 1 << 26, cwd: os.tmpdir(), timeout, killSignal: 'SIGKILL' });
  if (r.status !== 0) return null;
  try {
    const out = new Map<string, CompileResult>();
    for (const line of r.stdout.split('\n')) {
      if (!line.trim()) continue;
      const a = JSON.parse(line) as Answer;
      out.set(a.p, resultOf(a));
    }
    return paths.every((p) => out.has(p)) ? out : null;
  } catch {
    return null;
  }
}

/**
 * A python3 process that compiles texts as they are handed to it, so the
 * check runs while the workers are still fixing; `done()` closes its input
 * and returns the verdicts, one for every text. A result that fails while its
 * original compiled is rejected with Python's message; when the original did
 * not compile either (syntax newer than this interpreter), the verdict says
 * `unverified`. A checker that fails, garbles, stops short or runs past its
 * time limit rejects with one line naming the interpreter: then nothing it
 * was asked about is confirmed.
 */
export class Compiler {
  private readonly checker: Checker;
  private count = 0;

  constructor(python: string) {
    this.checker = new Checker(python, 'the results', checkerBaseMs());
  }

  /** the checker's process id (tests kill it to see the failure reported) */
  get pid(): number | undefined {
    return this.checker.pid;
  }

  /** the checker's process (tests write to its stdin directly) */
  get child(): ChildProcess {
    return this.checker.process;
  }

  add(it: CompileItem): void {
    this.count++;
    this.checker.ask(it.path, { p: it.path, b: it.bytes.toString('base64'), o: it.original.toString('base64') }, it.bytes.length + it.original.length);
  }

  /** how many texts were added */
  get added(): number {
    return this.count;
  }

  /** Nothing was added after all: end the interpreter without waiting for it (a hung one costs nothing). */
  cancel(): void {
    this.checker.abandon();
  }

  async done(): Promise<Map<string, CompileVerdict>> {
    const o = await this.checker.end();
    if (o.failure !== undefined) throw new Error(o.failure);
    const verdicts = new Map<string, CompileVerdict>();
    for (const a of o.answers.values()) verdicts.set(a.p, a.ok ? (a.unverified ? { ok: true, unverified: true, ...(typeof a.broken === 'string' ? { broken: a.broken } : {}) } : { ok: true }) : { ok: false, message: `${a.kind}: ${a.message} (line ${a.line})` });
    return verdicts;
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
