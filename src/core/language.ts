/**
 * The languages a run reads, told apart by file name. Discovery, the engine's
 * dispatch and the reporters share this one list, so a file is never read as
 * one language and reported as another.
 */
export type Language = 'python' | 'js';
export const LANGUAGES: Language[] = ['python', 'js'];

export const PYTHON_EXTENSIONS = ['.py'];
export const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Whether discovery should hand this path to the JS adapter (declaration and minified files are not sources). */
export function isJsPath(p: string): boolean {
  if (/\.d\.[mc]?ts$/.test(p) || /\.min\.js$/.test(p)) return false;
  return JS_EXTENSIONS.some((e) => p.endsWith(e));
}

/**
 * The language a path is read as: JS/TS by extension, everything else Python
 * (a file named on the command line is read as Python whatever its ending).
 * A `package.json` belongs to the JS side (project-level JS findings sit there).
 */
export function languageOfPath(p: string): Language {
  return isJsPath(p) || /(^|[\\/])package\.json$/.test(p) ? 'js' : 'python';
}

/** How many of these files each language reads (`ScanResult.filesByLanguage`: status, plan and the text summary say it). */
export function filesByLanguage(paths: Iterable<string>): Record<Language, number> {
  const out: Record<Language, number> = { python: 0, js: 0 };
  for (const p of paths) out[isJsPath(p) ? 'js' : 'python']++;
  return out;
}
