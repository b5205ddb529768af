import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Ask real Python whether files compile, all in one process. tree-sitter is
 * error-tolerant and its grammar differs from CPython's in corners, so a
 * syntax error it reports is confirmed here (with Python's own message and
 * line), and a file it cannot parse that Python compiles is only a warning.
 */
export type CompileResult = { ok: true } | { ok: false; line: number; column: number; message: string };

const SCRIPT = String.raw`
import json, sys, warnings
warnings.simplefilter("ignore")
out = {}
for path in json.load(sys.stdin):
    try:
        with open(path, "rb") as fh:
            compile(fh.read(), path, "exec", dont_inherit=True)
        out[path] = {"ok": True}
    except SyntaxError as e:
        out[path] = {"ok": False, "line": e.lineno or 1, "column": e.offset or 1, "message": e.msg}
    except (ValueError, UnicodeError) as e:
        out[path] = {"ok": False, "line": 1, "column": 1, "message": str(e)}
    except Exception as e:
        out[path] = {"ok": False, "line": 1, "column": 1, "message": type(e).__name__ + ": " + str(e)}
json.dump(out, sys.stdout)
`;

/** The python3 first on PATH, or null (shared with fix's verification). */
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

/** Compile each file with python3; null when no python3 is available. */
export function compileFiles(paths: string[]): Map<string, CompileResult> | null {
  if (paths.length === 0) return new Map();
  const python = findPython();
  if (!python) return null;
  // -I and a neutral cwd: the project's own modules (a `json.py`) must not shadow the checker's imports
  const r = spawnSync(python, ['-I', '-c', SCRIPT], { input: JSON.stringify(paths), encoding: 'utf8', maxBuffer: 1 << 26, cwd: os.tmpdir() });
  if (r.status !== 0) return null;
  try {
    return new Map(Object.entries(JSON.parse(r.stdout) as Record<string, CompileResult>));
  } catch {
    return null;
  }
}
