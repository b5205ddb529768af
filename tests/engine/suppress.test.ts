import { isSuppressed, parseSuppression } from '../../src/engine/suppress';
import { cli, tempProject } from '../helpers/cli';

const codes = (c: string) => parseSuppression(c).suppression;

describe('suppression comments', () => {
  test('bare noqa suppresses everything on the line', () => {
    expect(codes('# noqa')).toEqual({ all: true, codes: [] });
    expect(codes('#noqa  because this is fine')).toEqual({ all: true, codes: [] });
  });

  test('noqa with codes suppresses only those (prefixes select groups)', () => {
    const s = codes('# noqa: SEC003, LOG001')!;
    expect(isSuppressed('SEC003', s)).toBe(true);
    expect(isSuppressed('SEC004', s)).toBe(false);
    expect(isSuppressed('SEC001', codes('# noqa: SEC')!)).toBe(true);
  });

  test('a malformed noqa never suppresses everything', () => {
    const bad = parseSuppression('# noqa: please');
    expect(bad.suppression).toBeNull();
    expect(bad.warning).toMatch(/names no rule code/);
    const noColon = parseSuppression('# noqa SEC003');
    expect(noColon.suppression).toBeNull();
    expect(noColon.warning).toMatch(/missing ':'/);
  });

  test('a noqa mentioned in prose is not a directive', () => {
    expect(codes('# we do not use noqa here')).toBeNull();
  });

  test('nosec maps bandit ids to our SEC rules', () => {
    expect(isSuppressed('SEC003', codes('# nosec B602')!)).toBe(true);
    expect(isSuppressed('SEC004', codes('# nosec B602')!)).toBe(false);
    expect(isSuppressed('SEC006', codes('# nosec: B105')!)).toBe(true);
    expect(isSuppressed('SEC005', codes('# nosec')!)).toBe(true);
    expect(isSuppressed('LOG001', codes('# nosec')!)).toBe(false);
    const unknown = parseSuppression('# nosec B999');
    expect(unknown.suppression).toBeNull();
    expect(unknown.warning).toMatch(/B999/);
  });

  test('both directives in one comment', () => {
    const s = codes('# nosec B311  # noqa: LOG001')!;
    expect(isSuppressed('SEC005', s)).toBe(true);
    expect(isSuppressed('LOG001', s)).toBe(true);
    expect(isSuppressed('SEC001', s)).toBe(false);
  });

  test("'# noqa: ALL' is no code, as in ruff: nothing suppressed, and said (issue 21 item 14)", () => {
    const all = parseSuppression('# noqa: ALL');
    expect(all.suppression).toBeNull();
    expect(all.warning).toBe("'# noqa: ALL' is not a rule code (a bare '# noqa' covers every code, as in ruff); nothing suppressed");
    const mixed = parseSuppression('# noqa: all, SEC001');
    expect(mixed.suppression).toEqual({ all: false, codes: ['SEC001'] });
    expect(mixed.warning).toMatch(/'# noqa: all' is not a rule code .*; only SEC001 suppressed$/);
  });

  test("'# noqa: ALL' through the CLI: the finding stays and one warning names the line, in Python and JS", () => {
    const dir = tempProject({ 'a.py': 'x = eval(y)  # noqa: ALL\n', 'b.js': 'eval(y); // noqa: ALL\n' });
    const r = cli(['scan', '.', '--select', 'SEC001', '--no-cache'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('a.py');
    expect(r.stdout).toContain('b.js');
    const warnings = r.stderr.split('\n').filter((l) => l.includes('noqa'));
    expect(warnings).toEqual([
      "warning: a.py:1: '# noqa: ALL' is not a rule code (a bare '# noqa' covers every code, as in ruff); nothing suppressed",
      "warning: b.js:1: '// noqa: ALL' is not a rule code (a bare '// noqa' covers every code, as in ruff); nothing suppressed",
    ]);
  });
});
