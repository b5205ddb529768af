import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const BIN = path.join(ROOT, 'bin', 'rfsn-upgrade.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built CLI (npm test builds dist/ first) as a user would. */
/** `input`: what the CLI reads on stdin (`scan -`). */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string | Buffer } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    ...(opts.input !== undefined ? { input: opts.input } : {}),
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...(opts.env ?? {}) },
    maxBuffer: 64 * 1024 * 1024,
    // a CLI that hangs must fail its test, not block jest (a synchronous spawn cannot be interrupted by testTimeout)
    timeout: 180_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary folder filled with the given files (text or raw bytes). */
export function tempProject(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-'));
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}
