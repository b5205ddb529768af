import path from 'node:path';
import { checkFile } from '../../../src/engine/check';
import { initParser } from '../../../src/lang/python/parser';
import { SourceFile } from '../../../src/lang/python/source';
import { ruleByCode } from '../../../src/rules/registry';
import { expectFixture } from '../../helpers/ruleFixture';
import { ruleTable } from '../../helpers/ruleTable';

describe('TODO001 todo-comment', () => {
  it('matches its fixture', async () => {
    await expectFixture('TODO001', path.join(__dirname, 'TODO001.py'));
  });

  it("reports the comment's text as the message, at the comment", async () => {
    await initParser();
    const text = 'import os\nvalue = os.sep  # FIXME(alice): use pathlib\n# TODO: retry on 503\n';
    const file = new SourceFile('m.py', '/tmp/m.py', text);
    const { findings } = checkFile(file, [ruleByCode('TODO001')!], { targetMinor: 12, settings: {} });
    expect(findings.map((f) => [f.line, f.column, f.message, f.severity])).toEqual([
      [2, 17, 'FIXME(alice): use pathlib', 'info'],
      [3, 1, 'TODO: retry on 503', 'info'],
    ]);
  });
});

describe('TODO001 table', () => {
  it('is a python.create rule', () => {
    const r = ruleByCode('TODO001')!;
    expect(typeof r.python?.create).toBe('function');
    expect(Object.keys(r).filter((k) => ['nodeTypes', 'nodeTypesFor', 'visit', 'finish', 'facts'].includes(k))).toEqual([]);
  });

  it('matches its table (findings and fix snapshot)', async () => {
    await ruleTable('TODO001', __dirname);
  });
});
