import { sharedFactHandlers, sharedFacts } from '../../lang/python/project';
import type { Rule } from '../../core/rule';
import { firstFileWhere, importsTracing } from '../../lang/python/evidence';
import { filesWithFacts, reportOnProject } from './_evidence';

export const rule: Rule = {
  code: 'OBS002',
  name: 'no-tracing',
  upgrade: 'U10',
  severity: 'info',
  summary: 'The project has no distributed tracing',
  fixable: 'never',
  docs: `## What it does
Reports, once per project, that no scanned file imports OpenTelemetry tracing:
\`opentelemetry.trace\` (also as \`from opentelemetry import trace\`),
\`opentelemetry.sdk.trace\` or an \`opentelemetry.instrumentation\` package. The
finding sits on line 1 of pyproject.toml, or of the first file scanned.

## Why is this bad?
When a request crosses processes (a web handler, a queue, a worker, an LLM API),
logs alone cannot tell where its time went or which call failed. Traces link the
spans of one request across services and show the slow step.

## Example
\`\`\`text
a worker that calls an HTTP API and a database, with no spans around either
\`\`\`

## Use instead
\`rfsn-upgrade scaffold tracing\` writes a \`tracing.py\` that sets up an OTLP
exporter and a \`traced\` decorator for the functions worth a span.

## Fix safety
No automatic fix: this rule judges the project, not a line of code. \`rfsn-upgrade scaffold tracing\` writes the module; \`rfsn-upgrade instrument --tracing\` wires it into named functions.

## References
- OpenTelemetry Python, tracing API and SDK`,
  python: {
    // subscribes to the nodes sharedFacts reads, captured in the engine's one pass
    create: (ctx) => sharedFactHandlers(ctx),
    facts: (ctx) => sharedFacts(ctx),
  },
  project(ctx) {
    if (ctx.files.length === 0) return;
    if (firstFileWhere(filesWithFacts(ctx), importsTracing)) return;
    reportOnProject(ctx, 'no distributed tracing: nothing imports OpenTelemetry tracing');
  },
};
