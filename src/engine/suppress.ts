/** Inline suppressions live in the core (both languages' dispatchers read them); re-exported here for the engine. */
export { addSuppression, isSuppressed, parseSuppression, type LineSuppression } from '../core/suppression';
