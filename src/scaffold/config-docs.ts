import fs from 'node:fs';
import path from 'node:path';
import execa from 'execa';
import { UsageError } from '../core/errors';
import type { EnvInventory } from '../core/rule';
import { inventoryRule } from '../rules/registry';
import { readTemplate, render } from './templates';
import type { GenContext, KindSpec, PlannedFile } from './types';

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

// runs in a child node process: the scaffold's plan is synchronous, the engine's scan is not
const SCAN_SCRIPT = `
const [run, code] = process.argv.slice(1);
require(run).runScan({ paths: ['.'], select: [code], jobs: 1, projectRules: false, cacheDir: null, pythonCheck: false }).then((r) => {
  const facts = {};
  for (const [p, f] of r.facts) if (f[code] !== undefined) facts[p] = f[code];
  process.stdout.write(JSON.stringify(facts));
}, (e) => { process.stderr.write(String((e && e.message) || e) + '\\n'); process.exit(2); });
`;

/**
 * The environment variables the Python files under \`root\` read: the
 * inventory of the rule that keeps it (the registry names it), from that
 * rule's facts in a scan of the project (its excludes and .gitignore
 * honoured), so that the docs and the rule share one inventory.
 */
function environmentVariables(root: string): EnvInventory {
  const source = inventoryRule('environment variables');
  if (!source) throw new Error('internal error: no rule keeps the inventory of environment variables');
  // built: dist/scaffold -> dist/engine; from the sources (tests): the build next to them
  const run = [path.join(__dirname, '..', 'engine', 'run.js'), path.join(__dirname, '..', '..', 'dist', 'engine', 'run.js')].find((p) => fs.existsSync(p));
  if (!run) throw new UsageError('config-docs: the scan engine is not built (npm run build)');
  const res = execa.sync(process.execPath, ['-e', SCAN_SCRIPT, run, source.rule.code], { cwd: root, reject: false, timeout: 300000, maxBuffer: 64 * 1024 * 1024 });
  if (res.exitCode !== 0) throw new UsageError(`config-docs: scanning ${root} failed: ${(res.stderr || `exit ${res.exitCode}`).trim().split('\n').pop()}`);
  return source.inventory.from(new Map(Object.entries(JSON.parse(res.stdout) as Record<string, unknown>)));
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
    const inv = environmentVariables(ctx.root);
    return [{ abs: path.join(ctx.root, 'docs', 'CONFIGURATION.md'), content: renderConfigDocs(title, inv) }];
  },
  next: () => ['describe each variable in docs/CONFIGURATION.md; re-run with --force when the code reads a new one'],
};
