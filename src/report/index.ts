import { jsonReporter } from './json';
import { textReporter } from './text';
import type { Reporter } from './types';

/** Output formats by name; `scan --format NAME`. */
export const REPORTERS: Record<string, Reporter> = {
  text: textReporter,
  json: jsonReporter,
};
