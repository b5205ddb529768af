import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { errorMessage } from '../core/errors';
import type { Finding } from '../core/finding';
import type { Rule } from '../core/rule';
import { perFileIgnores } from '../engine/finish';
import { excludedByConfig } from '../engine/discover';
import { checkBuffer, checkText, parseText, settingsOfFile, type PreparedRun } from '../engine/run';
import type { ParsedText } from '../core/adapter';
import { fixSource } from '../fix/engine';
import { blockedFixCodes, policyFor } from '../fix/run';
import { isJsPath } from '../core/language';
import { initParser } from '../lang/python/parser';
import { matchesSelector } from '../rules/registry';
import { SOURCE, textEdits, toDiagnostic, type DiagnosticData } from './convert';
import { noqaEdits } from './noqa';

/**
 * The language server (`rfsn-upgrade server --stdio`): diagnostics for the
 * open buffers, from their text, with the settings of each buffer's own
 * project root; code actions from the edits each diagnostic carries; the
 * safe fixes of a whole buffer as `source.fixAll`. Project-level rules need
 * every file of a project, so they do not run on a buffer.
 */

/** Files the server checks: those scan finds (Python and JS/TS); other buffers get no diagnostics. */
function checkable(abs: string): boolean {
  return /\.pyw?$|\.pyi$/.test(abs) || isJsPath(abs);
}

type Settings = (PreparedRun & { root: string }) | { error: string };

/** The rules of a file: the root's, per-file-ignores taken out (as `fix` does per file). */
function rulesOf(abs: string, s: PreparedRun & { root: string }): Rule[] {
  const ignored = perFileIgnores(s.loaded.config['per-file-ignores'], s.root)(abs);
  return ignored.length ? s.rules.filter((r) => !ignored.some((c) => matchesSelector(r.code, c))) : s.rules;
}

/** The buffer's text as the engine reads it: a leading BOM dropped (as decoding a file drops it), `shift` says so. */
function textOf(doc: TextDocument): { text: string; shift: number } {
  const text = doc.getText();
  return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), shift: 1 } : { text, shift: 0 };
}

/**
 * The check of one buffer: its diagnostics from its text, with its root's
 * settings `s`. The server calls it on every open and change; `npm run bench`
 * times it in-process (the parser must be initialised first).
 */
export function diagnosticsOf(doc: TextDocument, abs: string, s: Settings, kept?: KeptBuffers): Diagnostic[] {
  if ('error' in s) return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: SOURCE, message: `settings not read: ${s.error}` }];
  const { text, shift } = textOf(doc);
  // what scan leaves out (config exclude, a text too big) gets no diagnostics in the editor either
  if (text.length > s.maxFileSize || excludedByConfig(abs, s.loaded.config.exclude, s.root)) return [];
  let result;
  if (kept) {
    const checked = checkBuffer(text, abs, rulesOf(abs, s), s.options, kept.take(doc.uri, abs));
    kept.keep(doc.uri, abs, checked.parsed);
    result = checked.result;
  } else result = checkText(text, abs, rulesOf(abs, s), s.options);
  const out = result.findings.map((f) => toDiagnostic(doc, f, shift));
  const se = result.syntaxError;
  if (se) out.push({ range: { start: { line: se.line - 1, character: 0 }, end: { line: se.line - 1, character: 0 } }, severity: DiagnosticSeverity.Error, source: SOURCE, message: se.message });
  for (const e of result.errors) out.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: SOURCE, message: e.message });
  return out;
}

/**
 * The parsed text of each open buffer's last checked version, so that the
 * next version is parsed from its tree (tree-sitter reparses only what the
 * edit touched). A buffer's entry is taken for its next check and freed when
 * the buffer closes.
 */
export class KeptBuffers {
  private byUri = new Map<string, { abs: string; parsed: ParsedText }>();

  /** the parse of `uri` as last checked, if it is of this text (it stays kept) */
  peek(uri: string, abs: string, text: string): ParsedText | undefined {
    const had = this.byUri.get(uri);
    return had && had.abs === abs && had.parsed.text === text ? had.parsed : undefined;
  }

  /** the previous version's parse of `uri`, if it was of the same file; the entry is the caller's now */
  take(uri: string, abs: string): ParsedText | undefined {
    const had = this.byUri.get(uri);
    if (!had) return undefined;
    this.byUri.delete(uri);
    if (had.abs === abs) return had.parsed;
    had.parsed.dispose?.();
    return undefined;
  }

  keep(uri: string, abs: string, parsed: ParsedText): void {
    this.drop(uri);
    this.byUri.set(uri, { abs, parsed });
  }

  drop(uri: string): void {
    this.byUri.get(uri)?.parsed.dispose?.();
    this.byUri.delete(uri);
  }
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)): void {
  const documents = new TextDocuments(TextDocument);
  /** settings by project root, until a pyproject.toml changes */
  const settingsByRoot = new Map<string, Settings>();
  /** the root of each checked file, found once */
  const rootOfFile = new Map<string, string>();
  const pending = new Map<string, NodeJS.Immediate>();
  const kept = new KeptBuffers();
  let watchDynamically = false;

  const settingsFor = (abs: string): Settings => {
    const known = rootOfFile.get(abs);
    const cached = known !== undefined ? settingsByRoot.get(known) : undefined;
    if (cached) return cached;
    let s: Settings;
    try {
      s = settingsOfFile(abs);
    } catch (err) {
      // a pyproject.toml that is not TOML, an unknown key: said on the buffer, the server goes on
      s = { error: errorMessage(err) };
    }
    const root = 'root' in s ? s.root : path.dirname(abs);
    rootOfFile.set(abs, root);
    settingsByRoot.set(root, s);
    return s;
  };

  const validate = async (uri: string): Promise<void> => {
    await initParser();
    const doc = documents.get(uri);
    if (!doc) return;
    const abs = absOf(uri);
    if (!abs || !checkable(abs)) return;
    const version = doc.version;
    let diagnostics: Diagnostic[];
    try {
      diagnostics = diagnosticsOf(doc, abs, settingsFor(abs), kept);
    } catch (err) {
      connection.console.error(`rfsn-upgrade: internal error checking ${abs}: ${errorMessage(err)}`);
      return;
    }
    // a newer version arrived meanwhile: its own check publishes; this one is discarded
    if (documents.get(uri)?.version !== version) return;
    await connection.sendDiagnostics({ uri, version, diagnostics });
  };

  /**
   * Checks run one turn of the event loop after the change that asked for
   * them: every message already read is handled first, so a burst of edits
   * cancels the checks of all but the newest version.
   */
  const schedule = (uri: string): void => {
    const before = pending.get(uri);
    if (before) clearImmediate(before);
    pending.set(
      uri,
      setImmediate(() => {
        pending.delete(uri);
        void validate(uri);
      }),
    );
  };

  connection.onInitialize((params) => {
    watchDynamically = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
      },
      serverInfo: { name: 'rfsn-upgrade' },
    };
  });
  connection.onInitialized(() => {
    if (watchDynamically) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/pyproject.toml' }] });
  });

  documents.onDidOpen((e) => schedule(e.document.uri));
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    const p = pending.get(e.document.uri);
    if (p) clearImmediate(p);
    pending.delete(e.document.uri);
    kept.drop(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  // a pyproject.toml changed, appeared or went away: every root's settings are read again, every buffer checked again
  connection.onDidChangeWatchedFiles((params) => {
    if (!params.changes.some((c) => /(^|\/)(pyproject\.toml|setup\.cfg|setup\.py)$/.test(c.uri))) return;
    settingsByRoot.clear();
    rootOfFile.clear();
    for (const doc of documents.all()) schedule(doc.uri);
  });

  connection.onCodeAction((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const actions: CodeAction[] = [];
    const edit = (edits: TextEdit[]): CodeAction['edit'] => ({ documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] });
    if (wants(CodeActionKind.QuickFix)) {
      const ours = params.context.diagnostics.filter((d) => d.source === SOURCE && !!d.data && (d.data as DiagnosticData).version === doc.version);
      const noqa = noqaActions(doc, ours);
      for (const d of params.context.diagnostics) {
        if (d.source !== SOURCE || !d.data) continue;
        const data = d.data as DiagnosticData;
        // edits computed for another version of the buffer would land in the wrong place
        if (data.version !== doc.version) continue;
        if (data.fix) {
          const unsafe = data.fix.safety === 'unsafe';
          actions.push({
            title: `${unsafe ? 'Apply unsafe fix' : 'Fix'} ${d.code}: ${data.fix.description}${unsafe ? ' (unsafe: may change behaviour)' : ''}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            isPreferred: !unsafe,
            edit: edit(data.fix.edits),
          });
        }
        const add = noqa.get(d);
        if (add) actions.push({ title: `Add \`noqa: ${d.code}\` on this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit([add]) });
      }
    }
    if (wants(CodeActionKind.SourceFixAll)) {
      const all = fixAll(doc);
      if (all) actions.push({ title: 'rfsn-upgrade: fix all safe fixes in this file', kind: CodeActionKind.SourceFixAll, edit: edit([all]) });
    }
    return actions;
  });

  /**
   * The "add noqa" edit of each of the buffer's diagnostics, made when the
   * client asks for actions (not on every check): from the buffer's kept
   * parse when it is of this text, else from a parse made for the question.
   */
  const noqaActions = (doc: TextDocument, ds: Diagnostic[]): Map<Diagnostic, TextEdit> => {
    const out = new Map<Diagnostic, TextEdit>();
    const abs = absOf(doc.uri);
    if (!abs || !checkable(abs) || !ds.length) return out;
    const { text, shift } = textOf(doc);
    const had = kept.peek(doc.uri, abs, text);
    const parsed = had ?? parseText(text, abs);
    try {
      // what noqa placement reads of a finding: its code and lines
      const asked = ds.map((d) => ({ code: String(d.code), line: d.range.start.line + 1, endLine: d.range.end.line + 1 }) as Finding);
      const edits = noqaEdits(parsed as Parameters<typeof noqaEdits>[0], asked);
      ds.forEach((d, i) => {
        const e = edits.get(asked[i]);
        if (e) out.set(d, textEdits(doc, [e], shift)[0]);
      });
    } finally {
      if (!had) parsed.dispose?.();
    }
    return out;
  };

  /** The buffer with every safe fix applied (the fix loop to its fixed point), as one edit; null when nothing changes. */
  const fixAll = (doc: TextDocument): TextEdit | null => {
    const abs = absOf(doc.uri);
    if (!abs || !checkable(abs)) return null;
    const s = settingsFor(abs);
    if ('error' in s) return null;
    const { text, shift } = textOf(doc);
    const rules = rulesOf(abs, s);
    // opt-in fixes (DOC skeletons) only where the settings' select names them, as `fix` decides
    const policy = policyFor(false, blockedFixCodes(rules, s.loaded.config.select));
    const r = fixSource(abs, abs, text, rules, s.options, policy);
    if (!r.changed) return null;
    return { range: { start: doc.positionAt(shift), end: doc.positionAt(doc.getText().length) }, newText: r.text };
  };

  documents.listen(connection);
  connection.listen();
}

/** The path of a file: URI; null for other schemes (an untitled buffer has no project). */
function absOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}
