import path from 'node:path';
import chalk from 'chalk';
import type { Command } from 'commander';
import { parseSize } from '../engine/config';
import { UsageError } from '../engine/errors';
import { readSource } from '../engine/read';
import type { ScanResult } from '../engine/run';
import { moduleFacts, type ModuleFacts } from '../python/modules';
import { initParser } from '../python/parser';
import { PRIORITIES, UPGRADES, upgradeStatuses, type ProjectView, type UpgradeStatus } from '../upgrades';
import { collect, parseJobs, useColor } from './options';
import { scanWithProgress } from './scan';

/** Rules whose facts are the shared module facts (imports, definitions) that scaffold detection reads. */
const SHARED_FACT_CODES = ['INT001', 'TST001', 'DEP001', 'DEP002', 'DEP003', 'OBS001', 'OBS002', 'BEN001'];

export interface StatusFlags {
  format?: string;
  config?: string;
  jobs?: number;
  targetVersion?: string;
  ignore?: string[];
  progress?: boolean;
}

/** Scan with every rule (config `ignore` still applies) for `status` and `plan`. */
export function scanAll(paths: string[], flags: StatusFlags, label: string): Promise<ScanResult> {
  return scanWithProgress(paths, { select: ['ALL'], ignore: flags.ignore, config: flags.config, jobs: flags.jobs, targetVersion: flags.targetVersion, progress: flags.progress }, label);
}

/**
 * The project's files with their module facts, taken from the scan when a
 * rule that gathers them ran; files without them (all those rules ignored)
 * are read again here.
 */
export async function projectView(result: ScanResult): Promise<ProjectView> {
  const absOf = new Map<string, string>();
  for (const abs of result.scanned) absOf.set(displayOf(abs), abs);
  const files: ProjectView['files'] = [];
  const maxSize = parseSize(result.loaded.config['max-file-size']);
  for (const [p, byCode] of result.facts) {
    let facts: ModuleFacts | undefined;
    for (const code of SHARED_FACT_CODES) {
      const f = byCode[code] as ModuleFacts | undefined;
      if (f && Array.isArray(f.imports)) {
        facts = f;
        break;
      }
    }
    if (!facts && absOf.has(p)) {
      await initParser();
      const read = readSource(absOf.get(p)!, p, maxSize);
      if (read.ok) {
        try {
          facts = moduleFacts(read.file);
        } finally {
          read.file.dispose();
        }
      }
    }
    files.push({ path: p, facts });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root: result.loaded.projectRoot, files };
}

function displayOf(abs: string): string {
  return path.relative(process.cwd(), abs).split(path.sep).join('/') || '.';
}

export async function statusOf(result: ScanResult): Promise<UpgradeStatus[]> {
  const ran = new Set(result.rules.map((r) => r.code));
  return upgradeStatuses(result.findings, ran, await projectView(result));
}

export function doneCount(statuses: UpgradeStatus[]): number {
  return statuses.filter((s) => s.state === 'done').length;
}

export function progressLine(statuses: UpgradeStatus[]): string {
  const done = doneCount(statuses);
  return `Overall progress: ${done}/${UPGRADES.length} upgrades complete (${Math.round((done / UPGRADES.length) * 100)}%)`;
}

export function statusJson(statuses: UpgradeStatus[]): string {
  const obj = {
    upgrades: statuses.map((s) => ({ id: s.upgrade.id, title: s.upgrade.title, priority: s.upgrade.priority, state: s.state, findings: s.findings, files: s.files })),
    done: doneCount(statuses),
    total: UPGRADES.length,
  };
  return `${JSON.stringify(obj, null, 2)}\n`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function statusText(statuses: UpgradeStatus[], color: boolean): string {
  const c = new chalk.Instance({ level: color ? 1 : 0 });
  const paint = { done: c.green, partial: c.yellow, todo: c.red } as const;
  const titleWidth = Math.max(...statuses.map((s) => s.upgrade.title.length));
  const lines: string[] = [];
  for (const prio of PRIORITIES) {
    const group = statuses.filter((s) => s.upgrade.priority === prio);
    if (!group.length) continue;
    lines.push(c.bold(`${prio[0].toUpperCase()}${prio.slice(1)} priority`));
    for (const s of group) {
      const detail = !s.checked
        ? 'not checked: its rules did not run'
        : s.findings
          ? `${plural(s.findings, 'finding')} in ${plural(s.files.length, 'file')}`
          : 'no findings';
      lines.push(`  ${s.upgrade.id}  ${s.upgrade.title.padEnd(titleWidth)}  ${paint[s.state](s.state.padEnd(7))}  ${detail}`);
      for (const sc of s.scaffolds) lines.push(c.dim(`        scaffold ${sc.kind}: ${sc.at ?? 'not found'}`));
    }
    lines.push('');
  }
  lines.push(c.bold(progressLine(statuses)));
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('status')
    .description('the 19 upgrades of the catalog: todo, partial or done, with finding counts')
    .argument('[paths...]', 'files or folders (default: .)')
    .option('--format <name>', 'text or json', 'text')
    .option('--ignore <codes>', 'rule codes or prefixes to skip', collect)
    .option('--target-version <ver>', 'Python version to target: py38 .. py314')
    .option('--config <file>', 'read settings from this TOML file instead of the nearest pyproject.toml')
    .option('--jobs <n>', 'worker threads (default: number of CPUs)', parseJobs)
    .option('--no-progress', 'no progress spinner on stderr')
    .action(async (paths: string[], flags: StatusFlags) => {
      if (flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`--format must be text or json, not '${flags.format}'`);
      const result = await scanAll(paths, flags, 'Checking upgrades');
      const statuses = await statusOf(result);
      process.stdout.write(flags.format === 'json' ? statusJson(statuses) : statusText(statuses, useColor(process.stdout, false)));
      for (const e of result.errors) process.stderr.write(`error: ${e.path}: ${e.message}\n`);
      process.exitCode = result.errors.length ? 2 : 0;
    });
}
