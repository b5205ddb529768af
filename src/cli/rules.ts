import type { Command } from 'commander';
import { UsageError } from '../core/errors';
import type { Rule } from '../core/rule';
import { allRules, ruleByCode } from '../rules/registry';
import { upgradeById } from '../upgrades';

/** One rule's documentation as Markdown: what `rules CODE` prints, and its page docs/rules/CODE.md (scripts/rule-docs.js). */
export function ruleDocText(rule: Rule): string {
  const up = upgradeById(rule.upgrade);
  return (
    `# ${rule.code} ${rule.name}\n\n${rule.summary}.\n\nUpgrade: ${rule.upgrade} ${up?.title ?? ''} · severity: ${rule.severity}` +
    `${rule.cwe ? ` · CWE-${rule.cwe}` : ''} · fix: ${rule.fixable ?? 'never'}` +
    `${rule.nosec?.length ? ` · also suppressed by # nosec ${rule.nosec.join('/')}` : ''}` +
    `${rule.aliases?.length ? ` · also suppressed by # noqa: ${rule.aliases.join('/')}` : ''}\n\n${rule.docs.trim()}\n`
  );
}

export function register(program: Command): void {
  program
    .command('rules')
    .description('list the rules, or explain one')
    .argument('[code]', 'a rule code, e.g. SEC003')
    .option('--format <name>', 'text or json', 'text')
    .option('--aliases', "the table of other tools' codes (ruff, flake8 and its plugins) that `# noqa` accepts for ours")
    .action((code: string | undefined, flags: { format: string; aliases?: boolean }) => {
      if (flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`--format must be text or json, not '${flags.format}'`);
      if (flags.aliases) {
        if (code) throw new UsageError('--aliases lists every rule: give no code');
        // made from each rule's own `aliases`: the one table (docs point here)
        const rows = allRules()
          .flatMap((r) => (r.aliases ?? []).map((alias) => ({ alias, code: r.code, name: r.name })))
          .sort((a, b) => a.alias.localeCompare(b.alias));
        if (flags.format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else process.stdout.write(`${'noqa'.padEnd(8)}  ${'rule'.padEnd(7)}  name\n${rows.map((r) => `${r.alias.padEnd(8)}  ${r.code.padEnd(7)}  ${r.name}\n`).join('')}`);
        return;
      }
      if (code) {
        const rule = ruleByCode(code);
        if (!rule) throw new UsageError(`no rule '${code}' (see 'rfsn-upgrade rules')`);
        if (flags.format === 'json') {
          const { python, project, options, ...meta } = rule as typeof rule & Record<string, unknown>;
          void python, project, options;
          for (const k of ['visit', 'finish', 'facts', 'nodeTypes', 'nodeTypesFor']) delete (meta as Record<string, unknown>)[k];
          process.stdout.write(`${JSON.stringify(meta, null, 2)}\n`);
          return;
        }
        process.stdout.write(ruleDocText(rule));
        return;
      }
      const rules = allRules();
      if (flags.format === 'json') {
        process.stdout.write(`${JSON.stringify(rules.map((r) => ({ code: r.code, name: r.name, upgrade: r.upgrade, severity: r.severity, fixable: r.fixable ?? 'never', summary: r.summary })), null, 2)}\n`);
        return;
      }
      for (const r of rules) {
        process.stdout.write(`${r.code}  ${r.upgrade}  ${r.severity.padEnd(6)}  ${(r.fixable ?? 'never').padEnd(9)}  ${r.name.padEnd(28)} ${r.summary}\n`);
      }
    });
}
