import type { Command } from 'commander';
import { UsageError } from '../core/errors';

export function register(program: Command): void {
  program
    .command('server')
    .description('run the language server for editors (LSP over stdin/stdout): diagnostics and fixes for open buffers')
    .option('--stdio', 'talk LSP over stdin and stdout (the only transport)')
    .action(async (flags: { stdio?: boolean }) => {
      if (!flags.stdio) throw new UsageError('server: give --stdio (the only transport: the editor starts `rfsn-upgrade server --stdio`)');
      // loaded only here: the other commands do not pay for the LSP libraries
      const { startServer } = await import('../server');
      // the connection reads stdin, which keeps the process alive until the client sends `exit` or closes it
      startServer();
    });
}
