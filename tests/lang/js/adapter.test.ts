import * as path from 'path';
import { checkJsFile } from '../../../src/lang/js/check';
import { JsSourceFile } from '../../../src/lang/js/source';
import { isJsPath } from '../../../src/core/language';
import { options, rulesFor, runJsProject } from './helpers';
import * as fs from 'fs';

function file(text: string, name = 'x.ts'): JsSourceFile {
  return new JsSourceFile(name, path.join(__dirname, name), text);
}

test('positions: 1-based lines, code-point columns, UTF-16 offsets (as for Python)', () => {
  const f = file("const s = '😀'; eval('x');\r\nconst t = 1;\n");
  const { findings } = checkJsFile(f, rulesFor('SEC001'), options());
  expect(findings).toHaveLength(1);
  expect(findings[0]).toMatchObject({ line: 1, column: 16, endColumn: 25 });
  expect(f.text.slice(findings[0].start, findings[0].end)).toBe("eval('x')");
  expect(f.position(f.text.indexOf('const t'))).toEqual({ line: 2, column: 1 });
});

test('comments come from the tree: none out of strings, templates, regexes or JSX text', () => {
  const f = file("const a = '// no'; const b = `/* no ${a} */`; const r = /\\/\\/no/; // yes\nconst j = <div>// no {/* yes2 */}</div>;\n", 'x.tsx');
  expect(f.comments.map((c) => c.text)).toEqual(['// yes', '/* yes2 */']);
});

test('// noqa: CODE suppresses on its line; a malformed directive is warned about', () => {
  const f = file("eval('a'); // noqa: SEC001\neval('b'); // noqa: LOG001\neval('c'); /* noqa */\neval('d'); // noqa SEC001\n");
  const r = checkJsFile(f, rulesFor('SEC001'), options());
  expect(r.findings.map((x) => x.line)).toEqual([2, 4]);
  expect(r.warnings).toEqual([expect.stringContaining("x.ts:4: '// noqa SEC001' is missing ':'")]);
});

test('a syntax error is reported, findings on its lines are skipped, the rest are kept', () => {
  const r = checkJsFile(file("eval('a');\neval('b') +;\neval('c');\n"), rulesFor('SEC001'), options());
  expect(r.syntaxError?.line).toBe(2);
  expect(r.findings.map((x) => x.line)).toEqual([1, 3]);
});

test('discovery helper: sources yes, declarations and minified no', () => {
  expect(['a.ts', 'a.tsx', 'a.mts', 'a.cts', 'a.js', 'a.jsx', 'a.mjs', 'a.cjs'].every(isJsPath)).toBe(true);
  expect(['a.d.ts', 'a.d.mts', 'a.min.js', 'a.py', 'a.json'].some(isJsPath)).toBe(false);
});

test('DEP001 / DEP002 against the nearest package.json', () => {
  const root = path.join(__dirname, 'dep-project');
  const rules = rulesFor('DEP001', 'DEP002');
  const files = ['src/app.ts', 'src/helper.ts', 'eslint.config.js'].map((rel) => {
    const abs = path.join(root, rel);
    const f = new JsSourceFile(path.relative(process.cwd(), abs), abs, fs.readFileSync(abs, 'utf8'));
    return { path: f.path, absPath: abs, facts: checkJsFile(f, rules, options(root)).facts };
  });
  const { findings, errors } = runJsProject(rules, files, options(root));
  expect(errors).toEqual([]);
  const got = findings.map((f) => `${f.code} ${path.basename(f.path)}:${f.line} ${f.message.split("'")[1]}`).sort();
  expect(got).toEqual([
    'DEP001 app.ts:5 undeclared-types', // type-only, and no @types/undeclared-types either
    'DEP001 app.ts:7 lodash', // lodash/fp names lodash
    'DEP001 app.ts:9 @scope/missing', // a dynamic import counts
    'DEP002 package.json:13 unused-dev', // typescript is used by the script's `tsc` (its bin), eslint-plugin-security by the config's 'security', prettier-config-acme by the prettier field
    'DEP002 package.json:6 left-pad',
  ]);
});

test('a noqa inside a string suppresses nothing', () => {
  const r = checkJsFile(file("eval('a'); const s = '// noqa: SEC001';\n"), rulesFor('SEC001'), options());
  expect(r.findings.map((x) => x.line)).toEqual([1]);
});

test('handlers are keyed by SyntaxKind name; a name that is not one is an error, not silence', () => {
  const seen: string[] = [];
  const rule = {
    code: 'X001', name: 'x', upgrade: 'U02', severity: 'low' as const, summary: '', docs: '',
    js: { create: () => ({ VariableStatement: (n: import('ts-morph').ts.Node) => void seen.push(n.getText()), CallExpresion: () => undefined, FirstStatement: () => undefined }) },
  };
  const r = checkJsFile(file('const a = 1;\nlet b = f();\n'), [rule], options());
  expect(seen).toEqual(['const a = 1;', 'let b = f();']);
  expect(r.errors.map((e) => e.message)).toEqual([
    "internal error in rule X001: no SyntaxKind named 'CallExpresion'",
    "internal error in rule X001: no SyntaxKind named 'FirstStatement'",
  ]);
});
