import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver/node';
import { tempProject } from '../helpers/cli';
import { LspClient, uriOf } from '../helpers/lsp';

/** The real server over stdio with a real JSON-RPC client (tests/helpers/lsp.ts); no mocks, no timing assertions. */

const BUFFER = [
  'from typing import List',
  'import subprocess',
  '',
  'def run(cmd: str) -> List[int]:',
  '    print("😀", eval(cmd))',
  '    return []',
  '',
].join('\n');

function applyAction(text: string, action: CodeAction, uri: string, version: number): string {
  const change = action.edit!.documentChanges![0] as TextDocumentEdit;
  expect(change.textDocument).toEqual({ uri, version });
  return TextDocument.applyEdits(TextDocument.create(uri, 'python', version, text), change.edits);
}

function byCode(ds: Diagnostic[], code: string): Diagnostic {
  const d = ds.find((x) => x.code === code);
  if (!d) throw new Error(`no ${code} among ${ds.map((x) => x.code).join(', ')}`);
  return d;
}

describe('rfsn-upgrade server --stdio', () => {
  let client: LspClient | null = null;
  afterEach(async () => {
    if (client) await client.close().catch(() => client?.proc.kill());
    client = null;
  });

  test('checks the buffer text, not the disk: ranges in UTF-16, codes, severities, doc links; fixes, noqa and fix-all as code actions; changes', async () => {
    const dir = tempProject({ 'pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.10"\n', 'app.py': 'x = 1\n' });
    const file = path.join(dir, 'app.py');
    const uri = uriOf(file);
    client = new LspClient(dir);
    const init = await client.initialize();
    expect(init.capabilities.codeActionProvider).toBeTruthy();
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: BUFFER } });
    const first = await client.diagnostics(uri, (p) => p.version === 1);
    const ds = first.diagnostics;

    // eval sits after an astral character: its LSP character counts UTF-16 units (the finding's column counts code points)
    const line = BUFFER.split('\n')[4];
    const sec = byCode(ds, 'SEC001');
    expect(sec.range).toEqual({ start: { line: 4, character: line.indexOf('eval(') }, end: { line: 4, character: line.indexOf('eval(') + 'eval(cmd)'.length } });
    expect(line.indexOf('eval(')).toBe([...line.slice(0, line.indexOf('eval('))].length + 1); // the two counts differ here
    expect(sec.severity).toBe(1); // high -> Error
    expect(sec.source).toBe('rfsn-upgrade');
    const docPage = fileURLToPath(sec.codeDescription!.href);
    expect(path.basename(docPage)).toBe('SEC001.md');
    expect(fs.readFileSync(docPage, 'utf8')).toContain('SEC001');
    const typ = byCode(ds, 'TYP001');
    expect(typ.severity).toBe(3); // low -> Information
    expect(typ.range.start).toEqual({ line: 3, character: BUFFER.split('\n')[3].indexOf('List[') });

    // the safe fix, from the diagnostic's own data
    const typActions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: typ.range, context: { diagnostics: [typ] } });
    const fix = typActions.find((a) => /^Fix TYP001/.test(a.title))!;
    expect(fix.kind).toBe('quickfix');
    expect(fix.isPreferred).toBe(true);
    expect(applyAction(BUFFER, fix, uri, 1)).toContain('def run(cmd: str) -> list[int]:');

    // the unsafe fix says so; the noqa action suppresses the finding
    const secActions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: sec.range, context: { diagnostics: [sec] } });
    const unsafe = secActions.find((a) => a.title.includes('SEC001') && a.title.toLowerCase().includes('unsafe'))!;
    expect(unsafe).toBeDefined();
    expect(unsafe.isPreferred).toBe(false);
    expect(applyAction(BUFFER, unsafe, uri, 1)).toContain('literal_eval(cmd)');
    const noqa = secActions.find((a) => a.title.includes('noqa'))!;
    const suppressed = applyAction(BUFFER, noqa, uri, 1);
    expect(suppressed.split('\n')[4]).toBe('    print("😀", eval(cmd))  # noqa: SEC001');

    // fix all: every safe fix to the fixed point, no unsafe one
    const all = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: sec.range, context: { diagnostics: [], only: ['source.fixAll'] } });
    expect(all).toHaveLength(1);
    expect(all[0].kind).toBe('source.fixAll');
    const fixed = applyAction(BUFFER, all[0], uri, 1);
    expect(fixed).toContain('-> list[int]:');
    expect(fixed).toContain('eval(cmd)');
    expect(fixed).not.toContain('from typing import List');

    // an incremental change (the noqa edit, as the editor applies it): the finding goes, the others stay
    const mark = client.published.length;
    const change = (noqa.edit!.documentChanges![0] as TextDocumentEdit).edits[0];
    await client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: change.range, text: change.newText }] });
    const second = await client.diagnostics(uri, (p) => p.version === 2, mark);
    expect(second.diagnostics.map((d) => d.code)).not.toContain('SEC001');
    expect(second.diagnostics.map((d) => d.code)).toContain('TYP001');

    // the old diagnostic's edits belong to version 1: no action is built from them for version 2
    const stale = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: typ.range, context: { diagnostics: [typ], only: ['quickfix'] } });
    expect(stale).toEqual([]);

    // the disk was never read for the buffer, nor written
    expect(fs.readFileSync(file, 'utf8')).toBe('x = 1\n');
  });

  test('a TypeScript buffer in a package.json project: diagnostics from its text, UTF-16 ranges, codes, severities, doc links; the unsafe fix and noqa as code actions', async () => {
    const ts = ['export function run(x: string): unknown {', '  console.log("😀", x);', '  return eval(x);', '}', ''].join('\n');
    const dir = tempProject({
      'package.json': '{"name": "web", "version": "1.0.0", "type": "module"}\n',
      // where LOG001's fix sends a console call: the project's logger
      'pyproject.toml': '[tool.rfsn-upgrade]\njs-logger = "./src/log:logger"\n',
      'src/log.ts': 'export const logger = { info: (...a: unknown[]) => a };\n',
      'src/app.ts': 'export const x = 1;\n',
    });
    const file = path.join(dir, 'src', 'app.ts');
    const uri = uriOf(file);
    client = new LspClient(dir);
    await client.initialize();
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: ts } });
    const ds = (await client.diagnostics(uri, (p) => p.version === 1)).diagnostics;
    const lines = ts.split('\n');

    const sec = byCode(ds, 'SEC001');
    expect(sec.range).toEqual({ start: { line: 2, character: lines[2].indexOf('eval(') }, end: { line: 2, character: lines[2].indexOf('eval(') + 'eval(x)'.length } });
    expect(sec.severity).toBe(1); // high -> Error
    expect(sec.source).toBe('rfsn-upgrade');
    const docPage = fileURLToPath(sec.codeDescription!.href);
    expect(path.basename(docPage)).toBe('SEC001.md');
    expect(fs.readFileSync(docPage, 'utf8')).toContain('SEC001');

    // the call holds an astral character: its end counts UTF-16 units, one more than the code points the finding counts
    const log = byCode(ds, 'LOG001');
    const call = 'console.log("😀", x)';
    expect(log.range).toEqual({ start: { line: 1, character: 2 }, end: { line: 1, character: 2 + call.length } });
    expect(call.length).toBe([...call].length + 1);
    expect(log.severity).toBe(3); // low -> Information
    expect(path.basename(fileURLToPath(log.codeDescription!.href))).toBe('LOG001.md');

    // LOG001's fix (unsafe: the logger may format differently) sends the call to the configured logger, imported as the file imports
    const logActions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: log.range, context: { diagnostics: [log] } });
    const unsafe = logActions.find((a) => a.title.startsWith('Apply unsafe fix LOG001'))!;
    expect(unsafe).toBeDefined();
    expect(unsafe.isPreferred).toBe(false);
    const fixed = applyAction(ts, unsafe, uri, 1);
    expect(fixed).toContain('  logger.info("😀", x);');
    expect(fixed.split('\n')[0]).toBe('import { logger } from "./log";'); // the file's quotes, relative to the file
    expect(fixed).toContain('  return eval(x);');

    // noqa in the language's own comment
    const secActions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: sec.range, context: { diagnostics: [sec] } });
    const noqa = secActions.find((a) => a.title.includes('noqa'))!;
    expect(applyAction(ts, noqa, uri, 1).split('\n')[2]).toBe('  return eval(x);  // noqa: SEC001');

    // the disk holds other text, and was neither read for the buffer nor written
    expect(fs.readFileSync(file, 'utf8')).toBe('export const x = 1;\n');
  });

  test('each buffer gets the settings of its own project root, read again when a pyproject.toml changes', async () => {
    const dir = tempProject({
      'a/pyproject.toml': '[tool.rfsn-upgrade]\nignore = ["LOG"]\n',
      'b/pyproject.toml': '[tool.rfsn-upgrade]\nper-file-ignores = { "tests/*" = ["LOG001"] }\n',
    });
    client = new LspClient(dir);
    await client.initialize();
    const text = 'def f(x):\n    print(x)\n';
    const uris = ['a/m.py', 'b/m.py', 'b/tests/t.py'].map((p) => uriOf(path.join(dir, p)));
    for (const uri of uris) await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const codes = async (uri: string, from = 0): Promise<unknown[]> => (await client!.diagnostics(uri, () => true, from)).diagnostics.map((d) => d.code);
    expect(await codes(uris[0])).not.toContain('LOG001');
    expect(await codes(uris[1])).toContain('LOG001');
    expect(await codes(uris[2])).not.toContain('LOG001');

    const mark = client.published.length;
    fs.writeFileSync(path.join(dir, 'a/pyproject.toml'), '[tool.rfsn-upgrade]\nignore = ["SEC"]\n');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(dir, 'a/pyproject.toml')), type: 2 }] });
    expect(await codes(uris[0], mark)).toContain('LOG001');
  });

  test('a burst of changes: diagnostics of an older version never follow those of a newer one, and the last text is what is judged', async () => {
    const dir = tempProject({ 'pyproject.toml': '[project]\nname = "x"\n' });
    const uri = uriOf(path.join(dir, 'm.py'));
    client = new LspClient(dir);
    await client.initialize();
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: 'x = 1\n' } });
    await client.diagnostics(uri, (p) => p.version === 1);
    for (let v = 2; v <= 6; v++) await client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: v === 6 ? 'y = eval(input())\n' : `x = ${v}\n` }] });
    const last = await client.diagnostics(uri, (p) => p.version === 6);
    expect(last.diagnostics.map((d) => d.code)).toContain('SEC001');
    // one more round trip, then the order of what was published
    await client.notify('textDocument/didChange', { textDocument: { uri, version: 7 }, contentChanges: [{ text: 'x = 7\n' }] });
    await client.diagnostics(uri, (p) => p.version === 7);
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version!);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(versions[versions.length - 1]).toBe(7);
  });

  test('a buffer of a file config `exclude` leaves out gets no diagnostics; incremental edits keep each version judged', async () => {
    const dir = tempProject({ 'pyproject.toml': '[project]\nname = "x"\n\n[tool.rfsn-upgrade]\nexclude = ["migrations/"]\n' });
    const excluded = uriOf(path.join(dir, 'migrations', 'm.py'));
    const kept = uriOf(path.join(dir, 'app.py'));
    client = new LspClient(dir);
    await client.initialize();
    const text = 'x = eval(input())\n';
    await client.notify('textDocument/didOpen', { textDocument: { uri: excluded, languageId: 'python', version: 1, text } });
    await client.notify('textDocument/didOpen', { textDocument: { uri: kept, languageId: 'python', version: 1, text } });
    expect((await client.diagnostics(kept, (p) => p.version === 1)).diagnostics.map((d) => d.code)).toContain('SEC001');
    // the excluded buffer's check ran first (opened first): whatever it published is empty
    expect(client.published.filter((p) => p.uri === excluded).flatMap((p) => p.diagnostics)).toEqual([]);
    // a ranged edit (incremental sync): the reparse from the kept tree sees the new text
    await client.notify('textDocument/didChange', { textDocument: { uri: kept, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 17 } }, text: 'input()' }] });
    expect((await client.diagnostics(kept, (p) => p.version === 2)).diagnostics.map((d) => d.code)).not.toContain('SEC001');
    await client.notify('textDocument/didChange', { textDocument: { uri: kept, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 4 } }, text: 'eval(' }, { range: { start: { line: 0, character: 16 }, end: { line: 0, character: 16 } }, text: ')' }] });
    const third = await client.diagnostics(kept, (p) => p.version === 3);
    expect(third.diagnostics.find((d) => d.code === 'SEC001')?.range).toEqual({ start: { line: 0, character: 4 }, end: { line: 0, character: 17 } });
  });

  test('shutdown and exit end the process with 0', async () => {
    const dir = tempProject({ 'm.py': 'x = 1\n' });
    client = new LspClient(dir);
    await client.initialize();
    const code = await client.close();
    client = null;
    expect(code).toBe(0);
  });
});
