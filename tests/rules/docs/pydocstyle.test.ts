import { VENV_PYTHON } from '../../helpers/python';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkFile } from '../../../src/engine/check';
import { readSource } from '../../../src/engine/read';
import { initParser } from '../../../src/lang/python/parser';
import { ruleByCode } from '../../../src/rules/registry';
import { DOC_CODES } from './run';

/**
 * Differential test: pydocstyle (Debian's) is the oracle for DOC001–DOC004.
 * D100/D104 -> DOC001, D101 -> DOC002, D103 -> DOC003, D102 -> DOC004. The one
 * deliberate difference: pydocstyle reports `__call__` and `__new__` as D102,
 * while these rules leave every dunder method out (issue 3); those reports are
 * set aside and counted.
 */
const PYTHON = VENV_PYTHON;
const STDLIB = '/usr/lib/python3.11';
const STDLIB_FILES = [
  'json/encoder.py',
  'json/__init__.py',
  'textwrap.py',
  'shlex.py',
  'fractions.py',
  'csv.py',
  'argparse.py',
  'dataclasses.py',
  'enum.py',
  'functools.py',
  '_collections_abc.py',
  'concurrent/futures/_base.py',
  'email/_header_value_parser.py',
  'asyncio/locks.py',
  'http/client.py',
  'logging/__init__.py',
];
const MAP: Record<string, string> = { D100: 'DOC001', D104: 'DOC001', D101: 'DOC002', D103: 'DOC003', D102: 'DOC004' };

const available = spawnSync(PYTHON, ['-c', 'import pydocstyle'], { encoding: 'utf8' }).status === 0;

function pydocstyle(cwd: string, files: string[]): { found: Set<string>; dunderCalls: string[] } {
  const res = spawnSync(PYTHON, ['-m', 'pydocstyle', '--select=D100,D101,D102,D103,D104', '--match=.*\\.py', ...files], { cwd, encoding: 'utf8' });
  if (res.status !== 0 && res.status !== 1) throw new Error(`pydocstyle failed (${res.status}): ${res.stderr}`);
  const found = new Set<string>();
  const dunderCalls: string[] = [];
  const lines = res.stdout.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const where = /^(\S+?):(\d+) (.*):$/.exec(lines[i]);
    const code = /^\s+(D10\d):/.exec(lines[i + 1] ?? '');
    if (!where || !code) continue;
    const key = `${where[1]}:${where[2]}:${MAP[code[1]]}`;
    if (code[1] === 'D102' && /`__(call|new)__`/.test(where[3])) dunderCalls.push(key);
    else found.add(key);
  }
  return { found, dunderCalls };
}

async function ours(cwd: string, files: string[]): Promise<Set<string>> {
  await initParser();
  const rules = DOC_CODES.map((c) => ruleByCode(c)!);
  const found = new Set<string>();
  for (const f of files) {
    const read = readSource(path.join(cwd, f), f, 5_000_000);
    if (!read.ok) throw new Error(read.message);
    try {
      const r = checkFile(read.file, rules, { targetMinor: 11, settings: { projectRoot: cwd } });
      expect(r.errors).toEqual([]);
      for (const x of r.findings) found.add(`${f}:${x.line}:${x.code}`);
    } finally {
      read.file.dispose();
    }
  }
  return found;
}

function compare(theirs: Set<string>, mine: Set<string>): { onlyPydocstyle: string[]; onlyOurs: string[] } {
  return { onlyPydocstyle: [...theirs].filter((k) => !mine.has(k)).sort(), onlyOurs: [...mine].filter((k) => !theirs.has(k)).sort() };
}

if (!available) {
  describe.skip(`DOC001–DOC004 against pydocstyle (skipped: pydocstyle is not importable by ${PYTHON}; apt install python3-pydocstyle)`, () => {
    it('needs pydocstyle', () => undefined);
  });
} else {
  describe('DOC001–DOC004 agree with pydocstyle D100–D104', () => {
    it('on the DOC fixtures', async () => {
      const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.py')).sort();
      const { found, dunderCalls } = pydocstyle(__dirname, files);
      const mine = await ours(__dirname, files);
      expect(compare(found, mine)).toEqual({ onlyPydocstyle: [], onlyOurs: [] });
      expect(found.size).toBeGreaterThan(25);
      // the deliberate difference is exercised: DOC004.py has __call__ and __new__ without docstrings
      expect(dunderCalls.sort()).toEqual(['DOC004.py:30:DOC004', 'DOC004.py:33:DOC004']);
      console.log(`pydocstyle vs DOC rules, fixtures: ${files.length} files, ${found.size} findings, ${mine.size} ours, all equal; ${dunderCalls.length} __call__/__new__ D102 set aside`);
    });

    const haveStdlib = STDLIB_FILES.every((f) => fs.existsSync(path.join(STDLIB, f)));
    (haveStdlib ? it : it.skip)(`on ${STDLIB_FILES.length} files of ${STDLIB}`, async () => {
      const { found, dunderCalls } = pydocstyle(STDLIB, STDLIB_FILES);
      const mine = await ours(STDLIB, STDLIB_FILES);
      expect(compare(found, mine)).toEqual({ onlyPydocstyle: [], onlyOurs: [] });
      expect(found.size).toBeGreaterThan(100);
      console.log(`pydocstyle vs DOC rules, stdlib: ${STDLIB_FILES.length} files, ${found.size} findings, ${mine.size} ours, all equal; ${dunderCalls.length} __call__/__new__ D102 set aside`);
    });
  });
}
