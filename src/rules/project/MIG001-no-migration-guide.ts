import type { Rule } from '../../core/rule';
import { migrationGuide } from '../../lang/python/evidence';
import { reportOnProject } from './_evidence';

export const rule: Rule = {
  code: 'MIG001',
  name: 'no-migration-guide',
  upgrade: 'U16',
  severity: 'info',
  summary: 'The project has no migration guide',
  fixable: 'never',
  docs: `## What it does
Reports, once per project, that there is no migration guide: no
\`MIGRATION*.md\` (or \`.rst\`, \`.txt\`) at the project root and nothing named
\`migration*\` under \`docs/\` (two folder levels deep). The finding sits on line 1
of pyproject.toml, or of the first file scanned.

## Why is this bad?
An upgrade that changes dependencies (requests to httpx), configuration or
behaviour (print to logging, async database calls) breaks the users' setups
unless they are told what changed and what to do, version by version.

## Example
\`\`\`text
CHANGELOG.md lists "switched to httpx" and nothing says what callers must change
\`\`\`

## Use instead
\`rfsn-upgrade fix --report MIGRATION_V2_TO_V3.md\` writes the guide of what the
fixes changed, per upgrade and file, to complete by hand.

## Fix safety
No automatic fix: this rule judges the project, not a line of code. \`rfsn-upgrade fix --report MIGRATION.md\` writes the guide of what \`fix\` changed.

## References
- Keep a Changelog; semantic versioning (what a major version must document)`,
  project(ctx) {
    if (ctx.files.length === 0) return;
    if (migrationGuide(ctx.root)) return;
    reportOnProject(ctx, 'no migration guide: no MIGRATION*.md at the project root and no docs/migration*');
  },
};
