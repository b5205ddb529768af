import fs from 'node:fs';
import path from 'node:path';
import { toSarif } from '../../src/report/sarif';
import { ruleByCode } from '../../src/rules/registry';
import { reportInput } from '../../src/cli/report-input';
import type { Finding } from '../../src/core/finding';
import { CI_PROJECT, copyProject, inDir, scanIn, validateSarif } from './_support';

/** JS index of a SARIF (line, column) with columns in Unicode code points, as the run declares. */
function offsetOf(text: string, line: number, column: number): number {
  let i = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.slice(i).search(/\r\n|\r|\n/);
    if (nl < 0) return text.length;
    i += nl + (text.startsWith('\r\n', i + nl) ? 2 : 1);
  }
  for (let c = 1; c < column; c++) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  return i;
}

function applyEdits(text: string, edits: Array<{ start: number; end: number; text: string }>): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}

describe('SARIF 2.1.0', () => {
  let dir: string;
  let sarif: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  let findings: Finding[];

  beforeAll(async () => {
    dir = copyProject(CI_PROJECT);
    // CRLF line endings and a character outside the BMP before a fixable finding
    fs.writeFileSync(path.join(dir, 'app/wide.py'), '"""Wide characters."""\r\nfrom typing import List\r\n\r\nWIDE: List[str] = ["😀"]; MORE: List[int] = []\r\n');
    const result = await scanIn(dir);
    findings = result.findings;
    sarif = inDir(dir, () => toSarif(reportInput({ result, color: false, root: dir })));
  });

  test('tool.driver names the tool, its version and one rule entry per rule that ran, with the docs as help', () => {
    const driver = sarif.runs[0].tool.driver;
    expect(sarif.version).toBe('2.1.0');
    expect(driver).toMatchObject({ name: 'rfsn-upgrade', version: expect.any(String), semanticVersion: driver.version, informationUri: expect.stringMatching(/^https:\/\//) });
    const ids = driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining(['SEC001', 'SEC003', 'SEC004', 'TYP001', 'TYP002']));
    const sec003 = driver.rules.find((r: { id: string }) => r.id === 'SEC003');
    const rule = ruleByCode('SEC003')!;
    expect(sec003).toMatchObject({
      name: 'SubprocessShellTrue',
      shortDescription: { text: `${rule.summary}.` },
      fullDescription: { text: expect.stringContaining('shell=') },
      help: { markdown: rule.docs.trim(), text: rule.docs.trim() },
      defaultConfiguration: { level: 'error' },
    });
    expect(sec003.properties.tags).toEqual(expect.arrayContaining(['security', 'external/cwe/cwe-78']));
    expect(sec003.properties['security-severity']).toBe('8.0');
    const typ = driver.rules.find((r: { id: string }) => r.id === 'TYP001');
    expect(typ.properties.tags).not.toContain('security');
    expect(typ.properties['security-severity']).toBeUndefined();
    expect(typ.defaultConfiguration.level).toBe('note');
  });

  test('results point at repository-relative files through %SRCROOT%, with the finding region and a unique fingerprint', () => {
    const run = sarif.runs[0];
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${dir}/`);
    expect(run.columnKind).toBe('unicodeCodePoints');
    expect(run.results).toHaveLength(findings.length);
    run.results.forEach((r: any, i: number) => {
      const f = findings[i];
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(f.code);
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation).toEqual({ uri: f.path, uriBaseId: '%SRCROOT%' });
      expect(loc.region).toMatchObject({ startLine: f.line, startColumn: f.column });
      expect(r.message.text.startsWith(f.message)).toBe(true);
    });
    const fps = run.results.map((r: any) => r.partialFingerprints['rfsnFingerprint/v1']);
    expect(new Set(fps).size).toBe(fps.length);
  });

  test('a fix becomes a SARIF fix whose line/column replacements do what the offset edits do (CRLF, astral characters)', () => {
    const fixed = sarif.runs[0].results.filter((r: any) => r.fixes);
    expect(fixed.length).toBeGreaterThanOrEqual(4);
    const wide = findings.filter((f) => f.path === 'app/wide.py' && f.fix);
    expect(wide.length).toBe(2);
    for (const r of fixed) {
      const f = findings[sarif.runs[0].results.indexOf(r)];
      const text = fs.readFileSync(path.join(dir, f.path), 'utf8');
      const change = r.fixes[0].artifactChanges[0];
      expect(change.artifactLocation).toEqual({ uri: f.path, uriBaseId: '%SRCROOT%' });
      const edits = change.replacements.map((rep: any) => ({
        start: offsetOf(text, rep.deletedRegion.startLine, rep.deletedRegion.startColumn),
        end: offsetOf(text, rep.deletedRegion.endLine, rep.deletedRegion.endColumn),
        text: rep.insertedContent.text,
      }));
      expect(applyEdits(text, edits)).toBe(applyEdits(text, f.fix!.edits));
      expect(r.fixes[0].description.text).toMatch(/\((safe|unsafe) fix/);
    }
  });

  test("Microsoft's SARIF validator finds no error or warning in it", () => {
    const file = path.join(dir, 'out.sarif');
    fs.writeFileSync(file, JSON.stringify(sarif, null, 2));
    expect(validateSarif([file])).toEqual([]);
  });

  test('the validator is not vacuous: a log missing required properties gets errors', () => {
    const broken = JSON.parse(JSON.stringify(sarif));
    delete broken.runs[0].tool.driver.name;
    broken.runs[0].results[0].message = {};
    const file = path.join(dir, 'broken.sarif');
    fs.writeFileSync(file, JSON.stringify(broken));
    const errors = validateSarif([file]).filter((r) => r.level === 'error');
    expect(errors.map((e) => e.ruleId)).toEqual(expect.arrayContaining(['JSON1002']));
  });
});
