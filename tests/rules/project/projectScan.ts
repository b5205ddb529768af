import fs from 'node:fs';
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

/**
 * The snapshot of a project-level rule: what it reports on each of its
 * fixture projects (`tests/rules/<group>/<CODE>/<case>/`), as
 * `path:line:column message` lines under one heading per case, compared with
 * `tests/rules/<group>/<CODE>.snapshot` (written when missing outside CI,
 * rewritten with UPDATE_SNAPSHOTS=1: read it, it is the expected behaviour).
 */
export async function expectProjectSnapshot(group: string, code: string, skip: string[] = []): Promise<void> {
  const base = path.join('tests', 'rules', group, code);
  const cases = fs.readdirSync(base, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).filter((n) => !skip.includes(n)).sort();
  const out: string[] = [`# ${code} on its fixture projects (${base}/<case>/): what the rule reports`];
  for (const name of cases) {
    const dir = fixture(group, code, name);
    const { findings, errors } = await scanProject(dir, [code]);
    out.push('', `## ${name}`);
    for (const f of findings.filter((x) => x.code === code)) out.push(`${path.posix.relative(dir, f.path)}:${f.line}:${f.column} ${f.message}`);
    for (const e of errors) out.push(`error ${path.posix.relative(dir, e.path.split(path.sep).join('/'))}: ${e.message}`);
    if (out[out.length - 1] === `## ${name}`) out.push('(nothing)');
  }
  const actual = `${out.join('\n')}\n`;
  const snapshot = `${base}.snapshot`;
  if (process.env.UPDATE_SNAPSHOTS === '1' || (!fs.existsSync(snapshot) && process.env.CI !== 'true')) fs.writeFileSync(snapshot, actual);
  expect(fs.existsSync(snapshot)).toBe(true);
  expect(actual).toBe(fs.readFileSync(snapshot, 'utf8'));
}
