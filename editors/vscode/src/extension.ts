import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { serverCommand } from './command';

/**
 * A thin client: it starts `rfsn-upgrade server --stdio` and leaves
 * everything else (diagnostics, code actions, settings per project root,
 * watching pyproject.toml) to the server.
 */

const LANGUAGES = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'];

let client: LanguageClient | undefined;

async function start(context: vscode.ExtensionContext): Promise<void> {
  const { command, args } = serverCommand(vscode.workspace.getConfiguration('rfsnUpgrade').get<string>('path'), context.extensionPath);
  const serverOptions: ServerOptions = { command, args };
  const clientOptions: LanguageClientOptions = {
    // files on disk only: the server judges a buffer with its project root's settings, an untitled buffer has none
    documentSelector: LANGUAGES.map((language) => ({ scheme: 'file', language })),
  };
  client = new LanguageClient('rfsnUpgrade', 'rfsn-upgrade', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    // most often the executable is not on PATH: say which setting names it
    void vscode.window.showErrorMessage(`rfsn-upgrade: could not start \`${command} ${args.join(' ')}\` (${err instanceof Error ? err.message : String(err)}); set rfsnUpgrade.path to the executable.`);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // another executable: the running server is the old one, so start again
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('rfsnUpgrade.path')) return;
      await client?.stop();
      await start(context);
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
