/** Inline suppressions live in the core (both languages' dispatchers read them); re-exported here for the engine. */
export { addSuppression, FileDirectives, isSuppressed, judgeDirectives, suppressedAt, parseSuppression, type LineSuppression } from '../core/suppression';
