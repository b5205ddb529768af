import path from 'node:path';
import { runHelper } from './python';
import { readTemplate, render } from './templates';
import type { GenContext, KindSpec, PlannedFile } from './types';

/** What templates/_helpers/env_inventory.py reports. */
export interface EnvInventory {
  variables: {
    name: string;
    defaults: string[];
    type: string;
    required: boolean;
    /** every read is in a test file */
    tests_only: boolean;
    reads: { path: string; line: number; how: string; test: boolean }[];
  }[];
  dynamic: { path: string; line: number; code: string }[];
}

/** A Markdown code span that survives backticks and table pipes in the text. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.includes('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|').replace(/\s+/g, ' ')}${pad}${fence}`;
}

function table(variables: EnvInventory['variables']): string[] {
  return variables.map((v) => {
    const dflt = v.defaults.length ? v.defaults.map(code).join(' or ') : v.required ? '**required**' : 'unset';
    const where = [...new Set(v.reads.map((r) => `${r.path}:${r.line}`))].map(code).join(', ');
    return `| ${code(v.name)} | ${dflt} | ${v.type} | ${where} |`;
  });
}

export function renderConfigDocs(title: string, inv: EnvInventory): string {
  const rows = table(inv.variables.filter((v) => !v.tests_only));
  if (!rows.length) rows.push('| *(none found)* | | | |');
  const testRows = table(inv.variables.filter((v) => v.tests_only));
  const tests = testRows.length
    ? `\nRead only by the tests:\n\n| Variable | Default | Type | Read in |\n| --- | --- | --- | --- |\n${testRows.join('\n')}\n`
    : '';
  const dynamic = inv.dynamic.length
    ? `\nAlso read, under a name computed at run time:\n\n${inv.dynamic.map((d) => `- ${code(d.code)} in ${code(`${d.path}:${d.line}`)}`).join('\n')}\n`
    : '';
  const where = 'config-docs/docs/CONFIGURATION.md';
  const text = render(readTemplate(where), { PACKAGE: title, ROWS: rows.join('\n'), TEST_ROWS: tests, DYNAMIC: dynamic }, where);
  return text.replace(/\n{3,}/g, '\n\n').replace(/\n+$/, '\n');
}

export const CONFIG_DOCS_KIND: KindSpec = {
  name: 'config-docs',
  summary: 'docs/CONFIGURATION.md: every environment variable the code reads, its default, type and where',
  upgrade: 'U15',
  plan(ctx: GenContext): PlannedFile[] {
    let title: string;
    try {
      title = ctx.package().name;
    } catch {
      title = path.basename(ctx.root);
    }
    const inv = runHelper<EnvInventory>('env_inventory.py', [ctx.root]);
    return [{ abs: path.join(ctx.root, 'docs', 'CONFIGURATION.md'), content: renderConfigDocs(title, inv) }];
  },
  next: () => ['describe each variable in docs/CONFIGURATION.md; re-run with --force when the code reads a new one'],
};
