/**
 * The last check before a write: every changed file must compile with the
 * `python3` first on PATH. The checker is the one scan uses for its syntax
 * check (src/engine/pycompile.ts: one module, one script); this module names
 * what `fix` takes from it.
 */
export { Compiler, compileAll, type CompileVerdict } from '../engine/pycompile';
