import path from 'node:path';
import type { Rule } from '../core/rule';
import { rel } from './config';
import { perFileIgnores } from './finish';
import { excludedByConfig } from './discover';
import type { DecodedBytes } from './read';
import { adapterFor } from './languages';
import { checkText, settingsOfFile, type PreparedRun, type ScanOptions, type ScanResult } from './run';
import { initParser } from '../lang/python/parser';
import { matchesSelector } from '../rules/registry';

/**
 * `scan - --stdin-filename PATH` (and `fix -`): the text read from stdin,
 * judged as the file PATH would be: the settings of PATH's own project root,
 * its per-file-ignores, its language by extension. Project-level rules need
 * every file of a project, so they do not run on one text.
 */
export interface StdinInput {
  abs: string;
  display: string;
  settings: PreparedRun & { root: string };
  /** the rules for this file: per-file-ignores taken out */
  rules: Rule[];
  decoded: DecodedBytes;
  /** config `exclude` leaves the file out: the text is not checked (nor fixed), as scan leaves out the file named */
  excluded: string | null;
}

export function stdinInput(bytes: Buffer, stdinFilename: string, opts: Pick<ScanOptions, 'select' | 'ignore' | 'targetVersion' | 'configFile'>): StdinInput {
  const abs = path.resolve(stdinFilename);
  const settings = settingsOfFile(abs, opts);
  const ignored = perFileIgnores(settings.loaded.config['per-file-ignores'], settings.root)(abs);
  const rules = ignored.length ? settings.rules.filter((r) => !ignored.some((c) => matchesSelector(r.code, c))) : settings.rules;
  const display = rel(abs);
  const excluded = excludedByConfig(abs, settings.loaded.config.exclude, settings.root) ? `${display}: excluded by the configuration (exclude); not checked` : null;
  return { abs, display, settings, rules, decoded: adapterFor(abs).decode(bytes, settings.maxFileSize), excluded };
}

export async function scanStdin(bytes: Buffer, stdinFilename: string, opts: Pick<ScanOptions, 'select' | 'ignore' | 'targetVersion' | 'configFile'>): Promise<ScanResult> {
  const input = stdinInput(bytes, stdinFilename, opts);
  const { settings, display } = input;
  const base = { rules: settings.rules, loaded: settings.loaded, targetVersion: settings.targetVersion, options: settings.options, scanned: [input.abs], warnings: [] as string[] };
  if (input.excluded) return { ...base, files: 0, lines: 0, findings: [], errors: [...settings.loaded.errors], warnings: [input.excluded, ...(settings.loaded.warnings ?? [])], facts: new Map() };
  if (!input.decoded.ok) return { ...base, files: 1, lines: 0, findings: [], errors: [...settings.loaded.errors, { path: display, message: input.decoded.message }], facts: new Map() };
  await initParser();
  const result = checkText(input.decoded.text, input.abs, input.rules, settings.options);
  // tree-sitter's verdict (python3 is not asked about a text on stdin)
  const errors = [...settings.loaded.errors, ...result.errors];
  if (result.syntaxError) errors.push({ path: display, message: result.syntaxError.message });
  return {
    ...base,
    files: 1,
    lines: result.lines,
    findings: result.findings,
    errors,
    warnings: [...result.warnings, ...(settings.loaded.warnings ?? [])],
    facts: new Map([[display, result.facts]]),
    roots: [{ root: settings.root, files: 1, rules: settings.rules.map((r) => r.code) }],
    texts: new Map([[display, input.decoded.text]]),
  };
}
