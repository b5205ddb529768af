import type { Command } from 'commander';
import { KINDS, formatResult, scaffold } from '../scaffold';
import { GeneratedCodeError } from '../scaffold/verify';

interface ScaffoldFlags {
  package?: string;
  out?: string;
  namespace?: string;
  for?: string;
  force?: boolean;
  dryRun?: boolean;
}

export function register(program: Command): void {
  const width = Math.max(...KINDS.map((k) => k.name.length));
  program
    .command('scaffold')
    .description('generate the modules the upgrade plan asks for, with their tests; never overwrites without --force')
    .argument('<kind>', KINDS.map((k) => k.name).join(' | '))
    .option('--package <name>', 'package to generate into (default: pyproject name, else the single top-level package)')
    .option('--out <dir>', 'project root to write under (default: .)')
    .option('--namespace <prefix>', 'metric name prefix (default: the package name)')
    .option('--for <module>', "with 'tests': the module to write tests for (dotted name or path)")
    .option('--force', 'overwrite files that exist')
    .option('--dry-run', 'list what would be written; write nothing')
    .addHelpText('after', `\nKinds:\n${KINDS.map((k) => `  ${k.name.padEnd(width)}  ${k.upgrade}  ${k.summary}`).join('\n')}\n`)
    .action((kind: string, flags: ScaffoldFlags) => {
      let result;
      try {
        result = scaffold({
        kind,
        out: flags.out,
        package: flags.package,
        namespace: flags.namespace,
        forModule: flags.for,
        force: flags.force,
        dryRun: flags.dryRun,
        });
      } catch (err) {
        // generated code that would not import here: exit 1, like a failed check (a usage error is 2)
        if (!(err instanceof GeneratedCodeError)) throw err;
        process.stderr.write(`rfsn-upgrade: ${err.message}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(formatResult(result));
      process.exitCode = 0;
    });
}
