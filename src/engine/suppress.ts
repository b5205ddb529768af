// the vocabulary parseSuppression reads (codes, aliases, bandit ids) is the rules': loading the registry sets it
import '../rules/registry';

/** Inline suppressions live in the core (both languages' dispatchers read them); re-exported here for the engine. */
export { addSuppression, FileDirectives, isSuppressed, judgeDirectives, suppressedAt, parseSuppression, type LineSuppression } from '../core/suppression';
