import type { FileError, Finding } from '../core/finding';
import type { LoadedConfig } from '../engine/config';
import { checkText, type ScanOptions } from '../engine/run';
import { stdinInput } from '../engine/stdin';
import { initParser } from '../lang/python/parser';
import { fixSource } from './engine';
import { blockedFixCodes, policyFor } from './run';

/**
 * `fix - --stdin-filename PATH` (an editor's format-on-save): the fix loop
 * over the text on stdin, as the file PATH (src/engine/stdin.ts); the result
 * is the whole text, encoded as it came, for stdout. Every fixed text is
 * re-parsed by the loop (a fix that breaks the parse is undone); python3 is
 * not asked, as it is not for `scan -`.
 */
export interface StdinFixResult {
  display: string;
  /** what goes to stdout: the fixed text, or the input unchanged when it could not be read or fixed */
  output: Buffer;
  original: string | null;
  text: string | null;
  fixes: number;
  unsafeSkipped: number;
  /** findings left in the fixed text */
  findings: Finding[];
  errors: FileError[];
  loaded: LoadedConfig;
  /** why the text was not fixed at all: config `exclude` leaves the file out */
  excluded?: string;
}

export async function fixStdin(bytes: Buffer, stdinFilename: string, opts: Pick<ScanOptions, 'select' | 'ignore' | 'targetVersion' | 'configFile'> & { unsafe: boolean }): Promise<StdinFixResult> {
  const input = stdinInput(bytes, stdinFilename, opts);
  const { settings, display, decoded } = input;
  const base = { display, fixes: 0, unsafeSkipped: 0, findings: [], loaded: settings.loaded };
  // an excluded file goes back as it came (ruff's format-on-save does the same with --force-exclude)
  if (input.excluded) return { ...base, output: bytes, original: null, text: null, errors: [...settings.loaded.errors], excluded: input.excluded };
  if (!decoded.ok) return { ...base, output: bytes, original: null, text: null, errors: [...settings.loaded.errors, { path: display, message: decoded.message }] };
  await initParser();
  // opt-in fixes (DOC skeletons) only when --select names them, as `fix` decides
  const policy = policyFor(opts.unsafe, blockedFixCodes(input.rules, opts.select));
  const r = fixSource(display, input.abs, decoded.text, input.rules, settings.options, policy);
  const errors: FileError[] = [...settings.loaded.errors, ...r.errors];
  if (!r.originalParses) {
    // where the input is broken: the check of no rule says it (as `scan -` would)
    const broken = checkText(decoded.text, input.abs, [], settings.options);
    errors.push(...(broken.syntaxError ? [{ path: display, message: broken.syntaxError.message }] : broken.errors));
  }
  let output = bytes;
  try {
    if (r.changed) output = decoded.encode(r.text);
  } catch (err) {
    // a fixed text the file's encoding cannot hold: the input goes back as it was
    errors.push({ path: display, message: `not fixed: ${(err as Error).message}` });
    return { ...base, output: bytes, original: decoded.text, text: decoded.text, findings: r.initial, errors };
  }
  return { ...base, output, original: decoded.text, text: r.text, fixes: r.applied.length, unsafeSkipped: r.unsafeSkipped, findings: r.remaining, errors };
}
