import { spawn } from 'node:child_process';
import { findPython } from '../engine/pycompile';
import os from 'node:os';

/**
 * The last check before a write: every changed file must compile with the
 * `python3` first on PATH. All files go to one python3 process (starting one
 * per file would cost more than the fixing). A result that fails while its
 * original compiled is rejected with Python's message; when the original did
 * not compile either (syntax newer than this interpreter), tree-sitter's parse
 * check is all we can offer, and the file is let through.
 */
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

const SCRIPT = String.raw`
import base64, json, sys, warnings
warnings.simplefilter('ignore')
out = {}
for line in sys.stdin:
    item = json.loads(line)
    try:
        compile(base64.b64decode(item['b']), item['p'], 'exec', dont_inherit=True)
        out[item['p']] = {'ok': True}
    except (SyntaxError, ValueError, UnicodeError) as e:
        msg = '%s: %s (line %s)' % (type(e).__name__, getattr(e, 'msg', str(e)), getattr(e, 'lineno', '?'))
        try:
            compile(base64.b64decode(item['o']), item['p'], 'exec', dont_inherit=True)
            out[item['p']] = {'ok': False, 'message': msg}
        except Exception:
            out[item['p']] = {'ok': True, 'unverified': True}
json.dump(out, sys.stdout)
`;

/**
 * A python3 process that compiles files as they are handed to it, so the
 * check runs while the workers are still fixing; `done()` closes its input
 * and returns the verdicts.
 */
export class Compiler {
  private readonly child;
  private readonly result: Promise<Map<string, CompileVerdict>>;

  constructor(python: string) {
    // -I: the project's own modules (a `logging/` or `json/` package) must not shadow the checker's imports
    this.child = spawn(python, ['-I', '-c', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'], cwd: os.tmpdir() });
    const child = this.child;
    this.result = new Promise((resolve, reject) => {
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.on('error', (e) => reject(new Error(`cannot run ${python}: ${e.message}`)));
      child.on('close', (code) => {
        if (code !== 0) {
          reject(new Error(`${python} failed to check the results: ${Buffer.concat(err).toString().trim().split('\n').pop()}`));
          return;
        }
        const parsed = JSON.parse(Buffer.concat(out).toString() || '{}') as Record<string, CompileVerdict>;
        resolve(new Map(Object.entries(parsed)));
      });
    });
    this.result.catch(() => undefined); // reported by done()
    child.stdin.on('error', () => undefined); // the close handler reports
  }

  add(it: CompileItem): void {
    this.child.stdin.write(`${JSON.stringify({ p: it.path, b: it.bytes.toString('base64'), o: it.original.toString('base64') })}\n`);
  }

  done(): Promise<Map<string, CompileVerdict>> {
    this.child.stdin.end();
    return this.result;
  }
}

export async function compileAll(items: CompileItem[], python = findPython()): Promise<Map<string, CompileVerdict> | null> {
  if (!python) return null;
  if (items.length === 0) return new Map();
  const c = new Compiler(python);
  for (const it of items) c.add(it);
  return c.done();
}
