import { spawnSync } from 'node:child_process';

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

export function pythonInterpreter(): string | null {
  const fromEnv = process.env.RFSN_PYTHON;
  for (const candidate of [fromEnv, 'python3'].filter(Boolean) as string[]) {
    const r = spawnSync(candidate, ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() === '3') return candidate;
  }
  return null;
}

let cached: string | null | undefined;

/** Compile each file with python3; null when no python3 is available. */
export function compileFiles(paths: string[]): Map<string, CompileResult> | null {
  if (paths.length === 0) return new Map();
  if (cached === undefined) cached = pythonInterpreter();
  if (!cached) return null;
  const r = spawnSync(cached, ['-c', SCRIPT], { input: JSON.stringify(paths), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) return null;
  try {
    return new Map(Object.entries(JSON.parse(r.stdout) as Record<string, CompileResult>));
  } catch {
    return null;
  }
}
