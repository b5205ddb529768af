import fs from 'node:fs';
import path from 'node:path';
import { ruleByCode } from '../../../src/rules/registry';
import { expectFixture } from '../../helpers/ruleFixture';
import { ruleTable } from '../../helpers/ruleTable';
import { cli, tempProject } from '../../helpers/cli';

const BESIDE = ['SEC', 'LOG001', 'DEP001'];

describe('NQA001 unused-noqa', () => {
  it('matches its fixture (the rules it judges run beside it)', async () => {
    await expectFixture('NQA001', path.join(__dirname, 'NQA001.py'), {}, BESIDE);
  });

  it('judges nothing when it runs alone: no rule ran whose code a directive names', async () => {
    const { findingsFor } = await import('../../helpers/ruleFixture');
    const { findings } = await findingsFor('NQA001', path.join(__dirname, 'NQA001.py'));
    expect(findings).toEqual([]);
  });

  it('is a noqa check, with RUF100 as its alias', () => {
    const r = ruleByCode('NQA001')!;
    expect(typeof r.noqa).toBe('function');
    expect(r.aliases).toEqual(['RUF100']);
  });

  it('matches its table (findings and fix snapshot)', async () => {
    await ruleTable('NQA001', __dirname, { beside: BESIDE, select: ['NQA001', ...BESIDE] });
  });
});

describe('NQA001 through the CLI', () => {
  it('reports an unused code of a selected rule, not one of a rule left out, in Python and JS', () => {
    const dir = tempProject({
      'a.py': 'x = int(y)  # noqa: SEC001\nz = 1  # noqa: LOG001\n',
      'b.js': 'const x = Number(y); // noqa: SEC001\n',
    });
    const r = cli(['scan', '.', '--select', 'SEC,NQA', '--format', 'json', '--no-cache', '--fail-on', 'never'], { cwd: dir });
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout).findings.map((f: { code: string; path: string; line: number; column: number }) => `${f.path}:${f.line}:${f.column} ${f.code}`);
    expect(got).toEqual(['a.py:1:13 NQA001', 'b.js:1:22 NQA001']);
  });

  it('fix takes the code out, or the directive with its comment, and keeps the others', () => {
    const dir = tempProject({
      'a.py': 'x = int(y)  # noqa: SEC001\nz = 1  # noqa: E501, SEC001\nprint(z)  # noqa: T201, SEC002\n',
      'b.js': 'const x = Number(y); // noqa: SEC001\n',
    });
    const r = cli(['fix', '.', '--select', 'SEC,LOG001,NQA', '--no-cache'], { cwd: dir });
    expect(r.stderr).not.toMatch(/error/);
    expect(fs.readFileSync(path.join(dir, 'a.py'), 'utf8')).toBe('x = int(y)\nz = 1  # noqa: E501\nprint(z)  # noqa: T201\n');
    expect(fs.readFileSync(path.join(dir, 'b.js'), 'utf8')).toBe('const x = Number(y);\n');
  });
});
