import fs from 'node:fs';
import path from 'node:path';
import { checkFile } from '../../../src/engine/check';
import { initParser } from '../../../src/lang/python/parser';
import { SourceFile } from '../../../src/lang/python/source';
import { configInventory, docsFiles, type EnvRead } from '../../../src/rules/config/_env';
import { ruleByCode } from '../../../src/rules/registry';
import { expectFixture } from '../../helpers/ruleFixture';
import { ruleTable } from '../../helpers/ruleTable';

const fixture = path.join(__dirname, 'CFG001.py');
const projectRoot = path.join(__dirname, 'CFG001_project');

describe('CFG001 undocumented-env-var', () => {
  it('matches its fixture', async () => {
    const findings = await expectFixture('CFG001', fixture, { projectRoot });
    expect(findings[0]).toMatchObject({
      line: 16,
      column: 11,
      severity: 'low',
      message: 'environment variable APP_TIMEOUT is read here but documented in no docs file (README, docs/)',
    });
  });

  it('reads README*, *.md at the root, .env.example and docs/** (not docs/_build)', () => {
    const rel = docsFiles(projectRoot).map((f) => path.relative(projectRoot, f).split(path.sep).join('/')).sort();
    expect(rel).toEqual(['.env.example', 'README.md', 'docs/guide/configuration.rst']);
  });

  it('gives the inventory of every read as facts, for config-docs', async () => {
    await initParser();
    const file = new SourceFile('CFG001.py', fixture, fs.readFileSync(fixture, 'utf8'));
    const result = checkFile(file, [ruleByCode('CFG001')!], { targetMinor: 12, settings: { projectRoot } });
    const reads = result.facts.CFG001 as EnvRead[];
    expect(reads.slice(0, 4)).toEqual([
      { name: 'APP_HOME', default: null, line: 11, how: 'getenv', source: null, type: null },
      { name: 'DATABASE_URL', default: null, line: 12, how: 'environ[]', source: null, type: null },
      { name: 'LOG_LEVEL', default: 'info', line: 13, how: 'environ.get', source: '"info"', type: 'str' },
      { name: 'APP_TIMEOUT', default: '30', line: 16, how: 'getenv', source: '"30"', type: 'int' },
    ]);
    expect(reads.map((r) => r.name)).not.toContain('APP_WRITTEN');
    expect(reads.find((r) => r.name === 'APP_CACHE_DIR')).toEqual({ name: 'APP_CACHE_DIR', default: '/tmp', line: 19, how: 'environ.get', source: '"/tmp"', type: 'str' });
    // the inventory also holds what CFG001 does not report: names computed at run time, presence checks, platform variables
    expect(reads.find((r) => r.line === 30)).toEqual({ name: null, default: null, line: 30, how: 'getenv', source: null, type: null, code: 'os.getenv(name)' });
    expect(reads.find((r) => r.name === 'APP_FLAG' && r.how === 'in environ')).toEqual({ name: 'APP_FLAG', default: null, line: 65, how: 'in environ', source: null, type: null });
    expect(reads.find((r) => r.name === 'PATH')).toEqual({ name: 'PATH', default: '', line: 58, how: 'getenv', source: '""', type: 'list' });
    expect(reads.find((r) => r.name === 'CI')).toMatchObject({ type: 'bool' });

    const inventory = configInventory(
      new Map<string, Record<string, unknown>>([
        ['b.py', { CFG001: [{ name: 'APP_HOME', default: '/srv', line: 3 }] }],
        ['a.py', { CFG001: reads.slice(0, 1), DOC001: { documented: 1, total: 1 } }],
      ]),
    );
    expect(inventory).toEqual([
      { name: 'APP_HOME', default: '/srv', reads: [{ path: 'a.py', line: 11 }, { path: 'b.py', line: 3 }] },
    ]);
  });
});

test('CFG001 table: its fixture and snapshot', async () => {
  await ruleTable('CFG001', __dirname, { settings: { projectRoot } });
});
