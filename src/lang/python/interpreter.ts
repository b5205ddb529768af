import fs from 'node:fs';
import path from 'node:path';

function executable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The python3 first on PATH, or null (scan's syntax check, fix's verification, the fallback of projectPython). */
export function findPython(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, 'python3'))) return path.join(dir, 'python3');
  }
  return null;
}

/**
 * The interpreter the project would use: its virtual environment (.venv,
 * venv, $VIRTUAL_ENV), else python3 on PATH. What the tool writes into a
 * project is checked with it, and DEP001 reads installed versions from it.
 */
export function projectPython(root: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [path.join(root, '.venv', 'bin', 'python'), path.join(root, 'venv', 'bin', 'python')];
  if (env.VIRTUAL_ENV) candidates.push(path.join(env.VIRTUAL_ENV, 'bin', 'python'));
  return candidates.find(executable) ?? findPython(env);
}
