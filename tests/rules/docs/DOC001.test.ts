import path from 'node:path';
import { expectFixture } from '../../helpers/ruleFixture';
import { checkText, codesAndLines } from './run';
import { ruleByCode } from '../../../src/rules/registry';
import { ruleTable } from '../../helpers/ruleTable';

describe('DOC001 missing-module-docstring', () => {
  it('matches its fixture', async () => {
    const findings = await expectFixture('DOC001', path.join(__dirname, 'DOC001.py'));
    expect(findings.find((f) => f.code === 'DOC001')).toMatchObject({ line: 1, column: 1, message: 'Missing docstring in public module' });
  });

  it('accepts a docstring after comments (shebang, coding cookie, licence)', async () => {
    const r = await checkText('#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n\n"""The module."""\nimport os\n', 'pkg/mod.py', ['DOC001']);
    expect(codesAndLines(r)).toEqual([]);
  });

  it('calls an __init__.py without a docstring a package, on line 1', async () => {
    const r = await checkText('from .core import run\n', 'pkg/__init__.py', ['DOC001']);
    expect(r.findings.map((f) => [f.line, f.message])).toEqual([[1, 'Missing docstring in public package (__init__.py)']]);
  });

  it('reports an empty __init__.py and __main__.py (dunder names are public)', async () => {
    expect(codesAndLines(await checkText('', 'pkg/__init__.py', ['DOC001']))).toEqual(['1:DOC001']);
    expect(codesAndLines(await checkText('import sys\n', 'pkg/__main__.py', ['DOC001']))).toEqual(['1:DOC001']);
  });

  it('skips private modules and modules inside private packages', async () => {
    expect(codesAndLines(await checkText('x = 1\n', 'pkg/_compat.py', ['DOC001']))).toEqual([]);
    expect(codesAndLines(await checkText('x = 1\n', '_vendor/lib/mod.py', ['DOC001']))).toEqual([]);
    expect(codesAndLines(await checkText('x = 1\n', 'pkg/_impl/__init__.py', ['DOC001']))).toEqual([]);
  });
});

describe('DOC001 table', () => {
  it('is a python.create rule', () => {
    const r = ruleByCode('DOC001')!;
    expect(typeof r.python?.create).toBe('function');
    expect(Object.keys(r).filter((k) => ['nodeTypes', 'nodeTypesFor', 'visit', 'finish', 'facts'].includes(k))).toEqual([]);
  });

  it('matches its table (findings and fix snapshot)', async () => {
    await ruleTable('DOC001', __dirname);
  });
});
