import path from 'node:path';
import { rel } from '../core/paths';
import type { FileError, Finding } from '../core/finding';
import type { Reporter } from './types';

/**
 * JUnit XML for CI dashboards: one testcase per file read, one failure per
 * finding, an error for a file that could not be checked. After `merge` the
 * list of clean files is not known, so only files with findings or errors
 * appear there.
 */
export function xmlEscape(s: string): string {
  return (
    s
      // characters XML 1.0 cannot hold at all
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v)).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')}"`)
    .join('');
}

export const junitReporter: Reporter = function* (ctx) {
  const { findings, errors } = ctx.result;
  const files = new Map<string, { findings: Finding[]; errors: FileError[] }>();
  const entry = (p: string): { findings: Finding[]; errors: FileError[] } => {
    let e = files.get(p);
    if (!e) files.set(p, (e = { findings: [], errors: [] }));
    return e;
  };
  for (const p of ctx.result.scanned ?? []) entry(path.isAbsolute(p) ? rel(p) : p);
  for (const f of findings) entry(f.path).findings.push(f);
  for (const e of errors) entry(e.path).errors.push(e);
  const names = [...files.keys()].sort();
  const failing = names.filter((n) => files.get(n)!.findings.length > 0).length;
  const erroring = names.filter((n) => files.get(n)!.errors.length > 0 && files.get(n)!.findings.length === 0).length;
  const counts = { tests: names.length, failures: failing, errors: erroring, skipped: 0 };
  // line by line as it is made (stream.ts)
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites${attrs({ name: 'rfsn-upgrade', ...counts })}>\n`;
  yield `  <testsuite${attrs({ name: 'rfsn-upgrade', ...counts })}>\n`;
  for (const name of names) {
    const e = files.get(name)!;
    const classname = name.replace(/\.py$/, '').replace(/[\\/]/g, '.');
    const head = `    <testcase${attrs({ classname, name, file: name })}`;
    if (!e.findings.length && !e.errors.length) {
      yield `${head}/>\n`;
      continue;
    }
    yield `${head}>\n`;
    for (const f of e.findings) {
      const body = `${f.severity} ${f.code} at ${f.path}:${f.line}:${f.column}\n${f.message}${f.fix ? `\nfix (${f.fix.safety}): ${f.fix.description}` : ''}`;
      yield `      <failure${attrs({ type: f.code, message: `${f.path}:${f.line}:${f.column}: ${f.code} ${f.message}` })}>${xmlEscape(body)}</failure>\n`;
    }
    for (const err of e.errors) yield `      <error${attrs({ type: 'not-checked', message: err.message })}>${xmlEscape(`${err.path}: ${err.message}`)}</error>\n`;
    yield '    </testcase>\n';
  }
  yield '  </testsuite>\n</testsuites>\n';
};
