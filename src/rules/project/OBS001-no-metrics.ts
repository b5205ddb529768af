import { sharedFactHandlers, sharedFacts } from '../../lang/python/project';
import type { Rule } from '../../core/rule';
import { firstFileWhere, importsMetrics } from '../../lang/python/evidence';
import { filesWithFacts, reportOnProject } from './_evidence';

export const rule: Rule = {
  code: 'OBS001',
  name: 'no-metrics',
  upgrade: 'U07',
  severity: 'info',
  summary: 'The project has no metrics instrumentation',
  fixable: 'never',
  docs: `## What it does
Reports, once per project, that no scanned file imports a metrics library:
\`prometheus_client\`, OpenTelemetry metrics (\`opentelemetry.metrics\`,
\`opentelemetry.sdk.metrics\`, \`opentelemetry.exporter.prometheus\`), \`aioprometheus\`,
\`prometheus_fastapi_instrumentator\` or \`starlette_exporter\`. The finding sits on
line 1 of pyproject.toml, or of the first file scanned when there is none.

## Why is this bad?
Without metrics nobody knows how often a thing runs, how long it takes or how
often it fails until a user says so. Counters and histograms on the main
operations (requests, jobs, cache hits, external calls) make regressions and
capacity problems visible on a dashboard and alertable.

## Example
\`\`\`text
a service with logs only: no counter, no latency histogram, no /metrics
\`\`\`

## Use instead
\`rfsn-upgrade scaffold metrics\` writes a \`metrics.py\` with counters, histograms
and gauges for the common cases, and \`rfsn-upgrade scaffold metrics-server\` a
\`/metrics\` and \`/health\` endpoint for Prometheus to scrape.

## Fix safety
No automatic fix: this rule judges the project, not a line of code. \`rfsn-upgrade scaffold metrics\` and \`scaffold metrics-server\` write the module; \`rfsn-upgrade instrument\` wires it into named functions.

## References
- Prometheus instrumentation best practices; OpenTelemetry metrics API`,
  python: {
    // subscribes to the nodes sharedFacts reads, captured in the engine's one pass
    create: (ctx) => sharedFactHandlers(ctx),
    facts: (ctx) => sharedFacts(ctx),
  },
  project(ctx) {
    if (ctx.files.length === 0) return;
    if (firstFileWhere(filesWithFacts(ctx), importsMetrics)) return;
    reportOnProject(ctx, 'no metrics instrumentation: nothing imports prometheus_client or OpenTelemetry metrics');
  },
};
