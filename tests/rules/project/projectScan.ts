import path from 'node:path';
import { runScan } from '../../../src/engine/run';

/**
 * Project-level rules are tested on small real projects: a folder with a
 * pyproject.toml and a few modules under tests/rules/<group>/<CODE>/<case>/,
 * scanned like the CLI does, with only the rule under test selected.
 */
export function fixture(group: string, code: string, name: string): string {
  return path.join('tests', 'rules', group, code, name).split(path.sep).join('/');
}

export interface Seen {
  path: string;
  line: number;
  message: string;
}

export async function scanProject(dir: string, select: string[]): Promise<{ findings: Array<Seen & { code: string; column: number }>; errors: Array<{ path: string; message: string }> }> {
  const result = await runScan({ paths: [dir], select, jobs: 1 });
  return {
    findings: result.findings.map((f) => ({ code: f.code, path: f.path, line: f.line, column: f.column, message: f.message })),
    errors: result.errors,
  };
}

/** Findings of one code as {path (relative to the fixture), line, message}. */
export async function findingsOf(group: string, code: string, name: string, select: string[] = [code]): Promise<Seen[]> {
  const dir = fixture(group, code, name);
  const { findings, errors } = await scanProject(dir, select);
  expect(errors).toEqual([]);
  return findings.filter((f) => f.code === code).map((f) => ({ path: path.posix.relative(dir, f.path), line: f.line, message: f.message }));
}
