import type { Reporter } from './types';

/*
 * Each reporter's module is loaded when its format is asked for: a warm
 * re-scan printing JSON does not pay for loading the HTML dashboard, SARIF
 * and the rest (issue 12).
 */
/* eslint-disable @typescript-eslint/no-require-imports */

/** Output formats by name; `scan --format NAME[:FILE]` (repeatable). */
export const REPORTERS: Record<string, Reporter> = {
  text: (ctx) => (require('./text') as typeof import('./text')).textReporter(ctx),
  json: (ctx) => (require('./json') as typeof import('./json')).jsonReporter(ctx),
  sarif: (ctx) => (require('./sarif') as typeof import('./sarif')).sarifReporter(ctx),
  github: (ctx) => (require('./github') as typeof import('./github')).githubReporter(ctx),
  markdown: (ctx) => (require('./markdown') as typeof import('./markdown')).markdownReporter(ctx),
  junit: (ctx) => (require('./junit') as typeof import('./junit')).junitReporter(ctx),
  gitlab: (ctx) => (require('./gitlab') as typeof import('./gitlab')).gitlabReporter(ctx),
  checklist: (ctx) => (require('./checklist') as typeof import('./checklist')).checklistReporter(ctx),
  html: (ctx) => (require('./html') as typeof import('./html')).htmlReporter(ctx),
  concise: (ctx) => (require('./text') as typeof import('./text')).conciseReporter(ctx),
};
