import fs from 'node:fs';
import path from 'node:path';

/**
 * The command line that starts the language server, kept apart from
 * extension.ts (and from the `vscode` module) so that a plain Node test can
 * check it against docs/editors.md.
 */

/** The setting's default: `rfsn-upgrade` on PATH. */
export const DEFAULT_EXECUTABLE = 'rfsn-upgrade';

/** The arguments after the executable, as docs/editors.md documents them. */
export const SERVER_ARGS: readonly string[] = ['server', '--stdio'];

export interface ServerCommand {
  command: string;
  args: string[];
}

/**
 * `setting` is `rfsnUpgrade.path`; `extensionPath` the folder holding the
 * extension's package.json. Left at its default, the setting means "the
 * repository's own bin" when the extension runs from a clone (editors/vscode
 * two levels below the root), so "Run Extension" tries the code beside it
 * rather than whatever version happens to be installed; else `rfsn-upgrade`
 * on PATH.
 */
export function serverCommand(setting: string | undefined, extensionPath: string): ServerCommand {
  const chosen = setting?.trim() || DEFAULT_EXECUTABLE;
  if (chosen === DEFAULT_EXECUTABLE) {
    const repoBin = path.join(extensionPath, '..', '..', 'bin', 'rfsn-upgrade.js');
    if (fs.existsSync(repoBin)) return { command: repoBin, args: [...SERVER_ARGS] };
  }
  return { command: chosen, args: [...SERVER_ARGS] };
}
