import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * editors/vscode, the VS Code extension: CI installs and builds it
 * (`.ci/run`); here it is built again from its own lock and sources, so the
 * test also works in a fresh clone and checks the current sources. Its build
 * is tsc against the @types/vscode of its own lock, so a passing build means
 * the extension type-checks against the VS Code API. The extension is never
 * loaded (that needs VS Code); its command line lives in out/command.js,
 * which does not import `vscode`, and is checked against docs/editors.md.
 */

const ROOT = path.resolve(__dirname, '../..');
const EXT = path.join(ROOT, 'editors', 'vscode');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface ServerCommand {
  command: string;
  args: string[];
}
interface CommandModule {
  DEFAULT_EXECUTABLE: string;
  serverCommand(setting: string | undefined, extensionPath: string): ServerCommand;
}

beforeAll(() => {
  if (!fs.existsSync(path.join(EXT, 'node_modules', '@types', 'vscode'))) {
    execFileSync(npm, ['ci', '--prefix', EXT, '--no-audit', '--no-fund'], { stdio: 'pipe' });
  }
  try {
    execFileSync(npm, ['run', '--prefix', EXT, 'build'], { stdio: 'pipe', encoding: 'utf8' });
  } catch (err) {
    // tsc prints its errors on stdout, which the thrown error's message leaves out
    throw new Error(`editors/vscode does not build:\n${(err as { stdout?: string }).stdout ?? ''}${String(err)}`);
  }
}, 180_000);

const manifest = (): { main: string; activationEvents: string[]; contributes: { configuration: { properties: Record<string, { default: unknown }> } } } =>
  JSON.parse(fs.readFileSync(path.join(EXT, 'package.json'), 'utf8'));
// built output, found at run time: it is not in git, and knip should not try to resolve it
const commandModule = (): CommandModule => require(path.join(EXT, 'out', 'command.js')) as CommandModule;

/** The VS Code section of docs/editors.md. */
function vscodeDocs(): string {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'editors.md'), 'utf8');
  const start = doc.indexOf('\n## VS Code');
  expect(start).toBeGreaterThan(-1);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
}

test('the built extension is where package.json main points', () => {
  const main = path.resolve(EXT, manifest().main);
  expect(main).toBe(path.join(EXT, 'out', 'extension.js'));
  expect(fs.existsSync(main)).toBe(true);
  // it takes its command line from command.js, the module checked below
  expect(fs.readFileSync(main, 'utf8')).toMatch(/require\("\.\/command"\)/);
});

test('it activates for Python and JS/TS, with a setting for the executable', () => {
  const m = manifest();
  expect(m.activationEvents).toEqual(expect.arrayContaining(['onLanguage:python', 'onLanguage:javascript', 'onLanguage:typescript']));
  expect(m.contributes.configuration.properties['rfsnUpgrade.path'].default).toBe(commandModule().DEFAULT_EXECUTABLE);
});

test('the server command line is the one docs/editors.md documents', () => {
  const { serverCommand, DEFAULT_EXECUTABLE } = commandModule();
  const docs = vscodeDocs();
  // installed anywhere but a clone: the executable on PATH
  const installed = serverCommand(undefined, path.join(path.sep, 'nonexistent', 'extensions', 'rfsn-upgrade'));
  expect(installed).toEqual({ command: DEFAULT_EXECUTABLE, args: ['server', '--stdio'] });
  expect(docs).toContain(`\`${installed.command} ${installed.args.join(' ')}\``);
  // run from the clone: the repository's bin, which must be executable to be started directly
  const fromRepo = serverCommand(DEFAULT_EXECUTABLE, EXT);
  expect(fromRepo).toEqual({ command: path.join(ROOT, 'bin', 'rfsn-upgrade.js'), args: ['server', '--stdio'] });
  expect(() => fs.accessSync(fromRepo.command, fs.constants.X_OK)).not.toThrow();
  expect(docs).toContain('bin/rfsn-upgrade.js');
  // an explicit setting wins
  expect(serverCommand('/opt/rfsn/bin/rfsn-upgrade', EXT)).toEqual({ command: '/opt/rfsn/bin/rfsn-upgrade', args: ['server', '--stdio'] });
  expect(docs).toContain('rfsnUpgrade.path');
});
