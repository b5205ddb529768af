import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { BIN } from './cli';

/** Every wait of a test has this bound: a server that never answers fails the test instead of hanging jest. */
const WAIT_MS = 30_000;

/**
 * The real server (`rfsn-upgrade server --stdio`, built dist/) driven by a
 * real JSON-RPC client over its stdin and stdout (vscode-jsonrpc's stream
 * reader and writer, as an editor's LSP client uses them).
 */
export class LspClient {
  readonly conn: MessageConnection;
  readonly proc: ChildProcess;
  readonly published: PublishDiagnosticsParams[] = [];
  private waiters: Array<() => void> = [];
  stderr = '';

  constructor(cwd: string) {
    this.proc = spawn(process.execPath, [BIN, 'server', '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    this.proc.stderr!.on('data', (d) => (this.stderr += d));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.conn.listen();
  }

  async initialize(capabilities: Record<string, unknown> = {}): Promise<{ capabilities: Record<string, unknown> }> {
    const r = await this.bounded(this.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities }), 'initialize');
    await this.conn.sendNotification('initialized', {});
    return r as { capabilities: Record<string, unknown> };
  }

  /** The first diagnostics published for `uri` (from index `from` of all publications) that satisfy `ok`. */
  async diagnostics(uri: string, ok: (p: PublishDiagnosticsParams) => boolean = () => true, from = 0): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const hit = this.published.slice(from).find((p) => p.uri === uri && ok(p));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching diagnostics for ${uri} within ${WAIT_MS} ms; got ${JSON.stringify(this.published.map((p) => [p.uri, p.version, p.diagnostics.map((d) => d.code)]))}; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 1000);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  bounded<T>(p: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout;
    const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${WAIT_MS} ms; stderr: ${this.stderr}`)), WAIT_MS)));
    return Promise.race([p, limit]).finally(() => clearTimeout(timer));
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.bounded(this.conn.sendRequest(method, params) as Promise<T>, method);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  /** shutdown, exit, and the process's exit code (bounded; killed if it does not go) */
  async close(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => (this.proc.exitCode !== null ? resolve(this.proc.exitCode) : this.proc.once('exit', (code) => resolve(code))));
    try {
      await this.request('shutdown', null);
      await this.notify('exit', null);
      return await this.bounded(exited, 'exit');
    } finally {
      this.conn.dispose();
      if (this.proc.exitCode === null) this.proc.kill();
    }
  }
}

export function uriOf(abs: string): string {
  return pathToFileURL(abs).href;
}
