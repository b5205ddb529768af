import * as fs from 'fs';
import * as path from 'path';
import { checkJsFile } from '../../../src/lang/js/check';
import { JsSourceFile } from '../../../src/lang/js/source';
import { allRules } from '../../../src/rules/registry';
import { options, runJsProject } from './helpers';

const ROOT = path.resolve(__dirname, '../../../fixtures/sample-project');
const UI = path.join(ROOT, 'ui');

test("the sample project's UI: every rule's JS side finds what was put there, and nothing else", () => {
  const rules = allRules().filter((r) => r.js);
  const opts = options(ROOT);
  const files = ['app.js', 'enhancements.js', 'build.mjs', 'src/format.ts'].map((rel) => {
    const abs = path.join(UI, rel);
    const f = new JsSourceFile(`ui/${rel}`, abs, fs.readFileSync(abs, 'utf8'));
    return { f, result: checkJsFile(f, rules, opts) };
  });
  for (const { result } of files) expect(result.errors).toEqual([]);
  const perFile = files.flatMap(({ f, result }) => result.findings.map((x) => `${f.path}:${x.line} ${x.code}`));
  const project = runJsProject(rules, files.map(({ f, result }) => ({ path: f.path, absPath: f.absPath, facts: result.facts })), opts);
  expect(project.errors).toEqual([]);
  const all = [...perFile, ...project.findings.map((x) => `${path.relative(ROOT, path.resolve(x.path))}:${x.line} ${x.code}`)].sort();
  expect(all).toEqual(
    [
      'ui/app.js:5 SEC006', // a GitHub token shape
      'ui/app.js:7 DOC003',
      'ui/app.js:8 LOG001',
      'ui/app.js:15 DOC003',
      'ui/app.js:16 TODO001',
      'ui/app.js:19 SEC001', // setTimeout with a string
      'ui/build.mjs:5 SEC004',
      'ui/enhancements.js:2 DOC003',
      'ui/enhancements.js:3 SEC005',
      'ui/enhancements.js:6 DOC003',
      'ui/enhancements.js:7 TODO001',
      'ui/enhancements.js:8 SEC001',
      'ui/package.json:11 DEP002', // left-pad: nothing imports it
      'ui/src/format.ts:2 TYP004',
      'ui/src/format.ts:7 DOC003',
      'ui/src/format.ts:7 TYP004',
      'ui/src/format.ts:8 LOG001',
      'ui/src/format.ts:11 DOC002',
    ].sort(),
  );
});
