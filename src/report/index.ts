import { checklistReporter } from './checklist';
import { githubReporter } from './github';
import { gitlabReporter } from './gitlab';
import { htmlReporter } from './html';
import { jsonReporter } from './json';
import { junitReporter } from './junit';
import { markdownReporter } from './markdown';
import { sarifReporter } from './sarif';
import { textReporter } from './text';
import type { Reporter } from './types';

/** Output formats by name; `scan --format NAME[:FILE]` (repeatable). */
export const REPORTERS: Record<string, Reporter> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
  markdown: markdownReporter,
  junit: junitReporter,
  gitlab: gitlabReporter,
  checklist: checklistReporter,
  html: htmlReporter,
};
