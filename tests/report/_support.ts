import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runScan, type ScanResult } from '../../src/engine/run';

export const ROOT = path.resolve(__dirname, '../..');
export const CI_PROJECT = path.join(ROOT, 'tests/cli/fixtures/ci-project');
export const SAMPLE_PROJECT = path.join(ROOT, 'fixtures/sample-project');

const temporary: string[] = [];

/** A temporary folder, removed after the test file's tests (RFSN_KEEP_TMP=1 keeps it). */
export function tempDir(prefix = 'rfsn-ci-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

afterAll(() => {
  if (process.env.RFSN_KEEP_TMP) return;
  for (const d of temporary.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh copy of a fixture project in a temporary folder (tests that write files use this). */
export function copyProject(src: string): string {
  const dir = tempDir();
  fs.cpSync(src, dir, { recursive: true });
  return dir;
}

/** Scan a folder in-process with the cwd set to `cwd` (paths in findings are relative to it). */
export async function scanIn(cwd: string, paths: string[] = ['.'], extra: { select?: string[] } = {}): Promise<ScanResult> {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return await runScan({ paths, select: extra.select, jobs: 1 });
  } finally {
    process.chdir(before);
  }
}

/** Run `fn` with the cwd set to `dir`. */
export function inDir<T>(dir: string, fn: () => T): T {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return fn();
  } finally {
    process.chdir(before);
  }
}

export interface ValidatorResult {
  ruleId: string;
  level: string;
  message: string;
  file: string;
}

function multitool(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bin: string = require('@microsoft/sarif-multitool');
  // npm may skip the package's postinstall chmod
  if (!(fs.statSync(bin).mode & 0o100)) fs.chmodSync(bin, 0o755);
  return bin;
}

/**
 * Validate SARIF files with Microsoft's SARIF Multitool (`sarif-multitool
 * validate`): the JSON schema plus the SARIF2xxx/SARIF1xxx rules. It exits 0
 * whatever it finds, so its own SARIF log is read back; errors and warnings
 * are returned (notes, such as "no helpUri", are not).
 */
export function validateSarif(files: string[]): ValidatorResult[] {
  const out = path.join(tempDir('rfsn-sarif-'), 'validation.sarif');
  const r = spawnSync(multitool(), ['validate', ...files, '--output', out, '--log', 'ForceOverwrite', '--level', 'Error;Warning'], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    timeout: 180_000,
  });
  if (r.status !== 0 || !fs.existsSync(out)) throw new Error(`sarif-multitool failed (${r.status}): ${r.stderr || r.stdout}`);
  const log = JSON.parse(fs.readFileSync(out, 'utf8'));
  const results: ValidatorResult[] = [];
  for (const run of log.runs ?? []) {
    for (const res of run.results ?? []) {
      const args: string[] = res.message?.arguments ?? [];
      results.push({
        ruleId: res.ruleId,
        level: res.level ?? 'warning',
        message: res.message?.text ?? `${res.message?.id ?? ''} ${args.join(' | ')}`,
        file: res.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '',
      });
    }
  }
  return results;
}

/** Parse an XML file with Python's minidom; returns the error message, or '' when it is well-formed. */
export function xmlProblem(file: string): string {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])', file], { encoding: 'utf8' });
  return r.status === 0 ? '' : r.stderr.trim().split('\n').pop() ?? 'parse failed';
}
