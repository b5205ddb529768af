import { check, markDiff, marks } from './helpers';

const CASES: Array<[string, string[]]> = [
  ['SEC001.js', ['SEC001']],
  ['SEC003.js', ['SEC003']],
  ['SEC004.mjs', ['SEC004']],
  ['SEC005.cjs', ['SEC005']],
  ['SEC006.ts', ['SEC006']],
  ['LOG001.mjs', ['LOG001']],
  ['DOC.ts', ['DOC002', 'DOC003']],
  ['TYP004.ts', ['TYP004']],
  ['TODO001.js', ['TODO001']],
];

describe.each(CASES)('%s', (file, codes) => {
  const { result, source } = check(file, codes);
  test('parses and runs without errors', () => {
    expect(result.errors).toEqual([]);
    expect(result.syntaxError).toBeUndefined();
  });
  test.each(codes)('%s: findings exactly on the ruleid lines, none on the ok lines', (code) => {
    const m = marks(source);
    expect((m.ruleid.get(code) ?? new Set()).size).toBeGreaterThan(0);
    expect((m.ok.get(code) ?? new Set()).size).toBeGreaterThan(0);
    expect(markDiff(result, source, code)).toEqual({ missed: [], unexpected: [], okHit: [] });
  });
});

test('TYP004 is TypeScript only: the same code in a .js file is not reported', () => {
  const { result } = check('SEC001.js', ['TYP004']);
  expect(result.findings).toEqual([]);
});
