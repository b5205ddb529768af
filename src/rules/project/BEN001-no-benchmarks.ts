import { sharedFactHandlers, sharedFacts } from '../../lang/python/project';
import type { Rule } from '../../core/rule';
import { benchmarkEvidence } from '../../lang/python/evidence';
import { filesWithFacts, reportOnProject } from './_evidence';

export const rule: Rule = {
  code: 'BEN001',
  name: 'no-benchmarks',
  upgrade: 'U17',
  severity: 'info',
  summary: 'The project has no benchmarks',
  fixable: 'never',
  docs: `## What it does
Reports, once per project, that there is no benchmark suite: no \`benchmarks/\`
(or \`benchmark/\`, \`bench/\`) folder with files in it at the project root, no
airspeed velocity configuration (\`asv.conf.json\`), no function taking
pytest-benchmark's \`benchmark\` fixture, and no import of \`pytest_benchmark\`,
\`pyperf\` or \`asv\`. The finding sits on line 1 of pyproject.toml, or of the first
file scanned.

## Why is this bad?
Performance claims ("+20-30% from connection pooling") need a number before and
after, measured the same way each time. Without benchmarks, a change that makes
the hot path slower goes unnoticed until production.

## Example
\`\`\`text
tests/ only: correctness is checked, speed never
\`\`\`

## Use instead
\`rfsn-upgrade scaffold benchmarks\` writes a \`benchmarks/\` folder with
pytest-benchmark tests to start from:
\`\`\`python
def test_cache_lookup(benchmark, cache):
    benchmark(cache.get, "key")
\`\`\`

## Fix safety
No automatic fix: this rule judges the project, not a line of code. \`rfsn-upgrade scaffold benchmarks\` writes a pytest-benchmark suite to start from.

## References
- pytest-benchmark; pyperf; airspeed velocity (asv)`,
  python: {
    // subscribes to the nodes sharedFacts reads, captured in the engine's one pass
    create: (ctx) => sharedFactHandlers(ctx),
    facts: (ctx) => sharedFacts(ctx),
  },
  project(ctx) {
    if (ctx.files.length === 0) return;
    if (benchmarkEvidence(ctx.root, filesWithFacts(ctx))) return;
    reportOnProject(ctx, 'no benchmarks: no benchmarks/ folder, asv configuration or pytest-benchmark test');
  },
};
