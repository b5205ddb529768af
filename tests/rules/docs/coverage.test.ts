import { VENV_PYTHON } from '../../helpers/python';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { docCoverage } from '../../../src/rules/docs/_coverage';
import { checkText } from './run';

const PYTHON = VENV_PYTHON;

/** interrogate's count with Python's own ast: every module, class, function and method; documented = ast.get_docstring. */
const AST_COUNT = `
import ast, json, sys
out = {}
for p in sys.argv[1:]:
    tree = ast.parse(open(p, encoding="utf-8").read())
    nodes = [tree] + [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    out[p] = {"documented": sum(ast.get_docstring(n, clean=False) is not None for n in nodes), "total": len(nodes)}
print(json.dumps(out))
`;

describe('docstring coverage (interrogate way)', () => {
  it('counts every module, class, function and method, private and dunder ones included', async () => {
    const text = [
      '"""Module."""',
      'class A:',
      '    """A."""',
      '    def __init__(self): pass',
      '    def _p(self):',
      '        """P."""',
      '        def inner(): pass',
      'def f(): pass',
      '',
    ].join('\n');
    const r = await checkText(text, 'pkg/m.py', ['DOC003']);
    expect(r.facts.DOC003).toEqual({ documented: 3, total: 6 });
  });

  it('sums files and gives percentages', () => {
    const facts = new Map<string, Record<string, unknown>>([
      ['b.py', { DOC001: { documented: 1, total: 3 }, DOC002: { documented: 1, total: 3 } }],
      ['a.py', { DOC004: { documented: 4, total: 4 } }],
      ['c.py', { SEC001: null }],
    ]);
    expect(docCoverage(facts)).toEqual({
      documented: 5,
      total: 7,
      percent: 71.4,
      files: { 'a.py': { documented: 4, total: 4, percent: 100 }, 'b.py': { documented: 1, total: 3, percent: 33.3 } },
    });
    expect(docCoverage(new Map())).toEqual({ documented: 0, total: 0, percent: 100, files: {} });
  });

  const fixtures = fs.readdirSync(__dirname).filter((f) => f.endsWith('.py')).map((f) => path.join(__dirname, f));
  const hasPython = spawnSync(PYTHON, ['-c', 'pass']).status === 0;
  (hasPython ? it : it.skip)('agrees with Python ast counts on the DOC fixtures', async () => {
    const res = spawnSync(PYTHON, ['-c', AST_COUNT, ...fixtures], { encoding: 'utf8' });
    expect(res.stderr).toBe('');
    const expected = JSON.parse(res.stdout) as Record<string, { documented: number; total: number }>;
    for (const f of fixtures) {
      const r = await checkText(fs.readFileSync(f, 'utf8'), path.basename(f), ['DOC001']);
      expect({ file: path.basename(f), ...(r.facts.DOC001 as object) }).toEqual({ file: path.basename(f), ...expected[f] });
    }
  });
});
