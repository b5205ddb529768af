import fs from 'node:fs';
import path from 'node:path';
import { relPosix } from '../core/paths';

/**
 * The Python the scaffolds write lives in real files under templates/, so it
 * can be read, linted and run as Python. Resolved from the source tree: the
 * same relative path works from src/scaffold/ (tests) and dist/scaffold/
 * (the built CLI), and the npm package ships src/scaffold/templates.
 */
export const TEMPLATES_DIR = path.join(__dirname, '../../src/scaffold/templates');

export function templatePath(rel: string): string {
  return path.join(TEMPLATES_DIR, rel);
}

export function readTemplate(rel: string): string {
  return fs.readFileSync(templatePath(rel), 'utf8');
}

/** Every file of a template folder, as paths relative to that folder with `/` separators. */
export function listTemplateFiles(dirRel: string): string[] {
  const root = templatePath(dirRel);
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '__pycache__' || entry.name.endsWith('.pyc')) continue;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else out.push(relPosix(root, abs));
    }
  };
  walk(root);
  return out;
}

/** Our placeholders are upper-case dunder words; Python's own dunders are lower-case. */
const TOKEN = /__[A-Z][A-Z_]*[A-Z]__/g;

/**
 * Replace `__TOKEN__` placeholders in one pass, so values that happen to look
 * like placeholders are left alone. A placeholder without a value is a bug in
 * a template or a generator: throw rather than write it.
 */
export function render(text: string, tokens: Record<string, string>, where: string): string {
  const has = (name: string): boolean => Object.prototype.hasOwnProperty.call(tokens, name);
  const missing = [...new Set(text.match(TOKEN) ?? [])].filter((m) => !has(m.slice(2, -2)));
  if (missing.length) throw new Error(`template ${where}: no value for ${missing.join(', ')}`);
  return text.replace(TOKEN, (m) => tokens[m.slice(2, -2)]);
}

/** Split a template of blocks, each starting with a line `# block: NAME`. */
export function parseBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  let name: string | null = null;
  let lines: string[] = [];
  const flush = (): void => {
    if (name) blocks.set(name, lines.join('\n').replace(/\n*$/, '\n'));
  };
  for (const line of text.split('\n')) {
    const m = /^# block: ([a-z_]+)\s*$/.exec(line);
    if (m) {
      flush();
      name = m[1];
      lines = [];
    } else if (name) lines.push(line);
  }
  flush();
  return blocks;
}
