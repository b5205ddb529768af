import { VENV_PYTHON } from '../helpers/python';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fixText } from '../helpers/fixFixture';

/**
 * Differential tests: our TYP001/TYP002 and FMT001/FMT002 output against
 * Debian's pyupgrade restricted to the same rewrites (tests/fix/pyupgrade_only.py
 * runs only its typing_pep585 / typing_pep604 / percent_format / fstrings
 * plugins and its '{0}' -> '{}' token pass, repeated to a fixed point like our
 * passes). Inputs: generated cases covering each form, the rule fixtures, and
 * real standard-library files. Every difference must be one of the known
 * pyupgrade 2.37 defects listed in KNOWN, where we deliberately differ.
 */
const PY = VENV_PYTHON;
const HARNESS = path.join(__dirname, 'pyupgrade_only.py');
const STDLIB = '/root/.pyenv/versions/3.11.7/lib/python3.11';

function pyupgrade(features: string, minor: number, sources: string[]): Array<string | { error: string }> {
  const out = execFileSync(PY, [HARNESS, features, String(minor)], { input: JSON.stringify(sources), maxBuffer: 1 << 30 });
  return JSON.parse(out.toString());
}

/**
 * Where pyupgrade 2.37 changes the meaning or breaks the code, and we leave the
 * source alone: the input shows the cause, pyupgrade's line the damage.
 */
const KNOWN: Array<{ why: string; source: RegExp; theirs: RegExp }> = [
  { why: "a set/dict argument turns into an escaped brace ('{}'.format({1}) -> f'{{1}}')", source: /\.format\((.*[(,] *)?\{/, theirs: /\{\{/ },
  { why: 'a lambda inside f-string braces is a syntax error', source: /\.format\(.*lambda/, theirs: /\{lambda\b/ },
  { why: 'a field before a \\N{...} escape is dropped', source: /\{[^}]*\}\\N\{/, theirs: /\\N\{/ },
  { why: "an attribute of a number argument ('{x.y}'.format(x=1) -> f'{1.y}') is a syntax error", source: /\{\w*\.\w+\}/, theirs: /\{\d[\d.]*\.[A-Za-z_]/ },
  { why: 'a local that shadows the typing name is renamed too', source: /^\s+(List|Dict|Set|Tuple|Type|FrozenSet) = /m, theirs: /^\s+(list|dict|set|tuple|type|frozenset)\b.*=|return (list|dict)\[/ },
];

interface Tally {
  cases: number;
  changed: number;
  identical: number;
  known: Map<string, number>;
  unexplained: Array<{ name: string; ours: string; theirs: string }>;
}

async function compare(name: string, features: string, codes: string[], minor: number, inputs: Array<{ name: string; src: string }>): Promise<Tally> {
  const theirs = pyupgrade(features, minor, inputs.map((i) => i.src));
  const tally: Tally = { cases: 0, changed: 0, identical: 0, known: new Map(), unexplained: [] };
  for (let k = 0; k < inputs.length; k++) {
    const t = theirs[k];
    if (typeof t !== 'string') continue; // pyupgrade could not read it (not valid Python 3.11)
    const ours = (await fixText(inputs[k].src, codes, { target: minor })).text;
    tally.cases++;
    if (ours !== inputs[k].src || t !== inputs[k].src) tally.changed++;
    if (ours === t) {
      tally.identical++;
      continue;
    }
    const oursLines = new Set(ours.split('\n'));
    const theirLines = t.split('\n').filter((l) => !oursLines.has(l));
    const reasons = theirLines.map((l) => KNOWN.find((kn) => kn.source.test(inputs[k].src) && kn.theirs.test(l))?.why);
    if (theirLines.length && reasons.every(Boolean)) {
      for (const r of new Set(reasons)) tally.known.set(r!, (tally.known.get(r!) ?? 0) + 1);
    } else tally.unexplained.push({ name: inputs[k].name, ours, theirs: t });
  }
  const known = [...tally.known].map(([w, n]) => `${n} × ${w}`).join('; ');
  // the agreement figures, for the record
  console.log(`${name} (py3${minor}): ${tally.identical}/${tally.cases} identical, ${tally.changed} changed by either tool${known ? `; known pyupgrade defects: ${known}` : ''}`);
  return tally;
}

function expectAgreement(t: Tally): void {
  expect(t.unexplained.map((u) => ({ name: u.name, ours: u.ours, theirs: u.theirs }))).toEqual([]);
  expect(t.cases).toBeGreaterThan(0);
}

// ---- generated inputs ----

const TYPES = [
  'List[int]', 'typing.List[int]', 'Dict[str, List[int]]', 'Tuple[int, ...]', 'Set[str]', 'FrozenSet[int]', 'Type[Exception]',
  'typing.Dict[str, typing.Set[int]]', 'Optional[int]', 'typing.Optional[str]', 'Union[int, str]', 'Union[int, str, None]', 'Union[int,]',
  'Union[(int, str)]', 'Union[int]', 'Optional[Union[int, str]]', 'Union[Optional[int], str]', 'Optional[List[int]]', 'Optional["Fwd"]',
  'Union["A", int]', 'Optional[Callable[[int], str]]', 'Union[Dict[str, int], List[int]]', 'Optional[\n    int\n]', 'Union[\n    int,\n    str,\n]',
  'Union[\n    int,  # c\n    str\n]', 'Union[  int ,  str  ]', 'Optional[ int ]', 'List', 'typing.List', 'Deque[int]', 'Union[(int), str]',
  'Optional[Tuple[()]]', 'typing.Union[\n    typing.List[int],\n    None,\n]', 'Dict[str, Optional[Union[int, List[str]]]]', 'Optional[Optional[int]]',
];
const CONTEXTS = ['def f(x: {T}) -> None: ...', 'def f() -> {T}: ...', 'x: {T} = None', 'def f(x: {T} = None): ...', 'y = {T}', 'v = cast({T}, 1)', 'class C:\n    attr: {T}'];
const TYPING_HEADER = 'from typing import Callable, Deque, Dict, FrozenSet, List, Optional, Set, Tuple, Type, Union, cast\nimport typing\n\n';

function typingCases(): Array<{ name: string; src: string }> {
  const out: Array<{ name: string; src: string }> = [];
  for (const future of [false, true]) {
    for (const T of TYPES) {
      for (const c of CONTEXTS) {
        out.push({ name: `${future ? 'future ' : ''}${c} / ${T}`, src: `${future ? 'from __future__ import annotations\n' : ''}${TYPING_HEADER}${c.replace('{T}', T)}\n` });
      }
    }
  }
  return out;
}

const FORMATS = [
  "'{} {}'", "'{0} {1}'", "'{1} {0}'", "'{0} {0}'", "'{a} {b}'", "'{}'", "'{!r}'", "'{:>5}'", "'{0:.2f}'", "'{x.y}'", "'{0[0]}'", "'{{}} {}'",
  "'{:{}}'", '"{}"', "'''{}'''", "u'{}'", "r'\\d{}'", "'\\N{EM DASH} {}'", "'{} \\N{EM DASH}'", "'{0}\\N{EM DASH}'", "''", "'no fields'",
  "'{} ' '{}'", "('{0}' '{1}')", "'{0!r:>{1}}'", "'{a.b[c]}'",
];
const ARGS = ['(a, b)', '(a)', '(a, b, c)', '(*args)', '(**kw)', '(a=1, b=2)', '(x=1)', '(a.b, c[0])', '(f(x), 1)', '("q", a)', '(a,\n b)', '(a if b else c, d)', '()', '(1 + 2, 3)', '(a, )', '({1}, 2)', '(lambda: 1, 2)'];
const PERCENTS = [
  "'%s'", "'%s %s'", "'%r'", "'%d'", "'%.2f'", "'%5s'", "'%-5s'", "'%(a)s %(b)r'", "'%%'", "'%s%%'", "'%x'", "'%o'", "'%#o'", "'%*d'", "'%.3s'",
  "'{} %s'", "'%()s'", "'%+f'", "'% f'", "'%05.1f'", "'%c'", "'%a'", "'%(a)s'", "'%-5r'", "'%s' '%s'",
];
const RIGHTS = ['(a,)', '(a, b)', 'a', "{'a': 1, 'b': 2}", '{"a": 1}', '((a, b))', '(a, b,)', '(\n    a,\n    b,\n)', "{'a': 1, **d}", "{'a' 'x': 1}", '{1: 2}', "{'class': 1}", '(a, )', '(*a,)'];

function formatCases(): Array<{ name: string; src: string }> {
  const out: Array<{ name: string; src: string }> = [];
  for (const s of FORMATS) for (const a of ARGS) out.push({ name: `${s}.format${a}`, src: `x = ${s}.format${a}\nprint(${s}.format${a})\n` });
  for (const s of PERCENTS) {
    for (const r of RIGHTS) {
      out.push({ name: `${s} % ${r}`, src: `x = ${s} % ${r}\n` });
      out.push({ name: `${s} %${r} (tight)`, src: `x = ${s}%${r}\n` });
    }
  }
  return out;
}

function fixtures(...names: string[]): Array<{ name: string; src: string }> {
  return names.map((n) => ({ name: n, src: fs.readFileSync(path.join(__dirname, '..', 'rules', n), 'utf8') }));
}

function stdlibFiles(filter: RegExp, every: number): Array<{ name: string; src: string }> {
  const out: Array<{ name: string; src: string }> = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'site-packages' && e.name !== '__pycache__') walk(p);
      } else if (e.name.endsWith('.py')) {
        let src: string;
        try {
          src = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(p));
        } catch {
          continue; // pyupgrade reads UTF-8 only
        }
        if (filter.test(src)) out.push({ name: path.relative(STDLIB, p), src });
      }
    }
  };
  walk(STDLIB);
  return out.filter((_, i) => i % every === 0);
}

const haveStdlib = fs.existsSync(STDLIB);

describe('TYP001/TYP002 agree with pyupgrade', () => {
  for (const minor of [8, 9, 10]) {
    test(`generated annotations and runtime uses at py3${minor}`, async () => {
      expectAgreement(await compare('typing cases', 'pep585,pep604', ['TYP001', 'TYP002'], minor, typingCases()));
    });
  }
  test('the rule fixtures', async () => {
    expectAgreement(await compare('typing fixtures', 'pep585,pep604', ['TYP001', 'TYP002'], 10, fixtures('typing/TYP001.py', 'typing/TYP002.py')));
  });
  (haveStdlib ? test : test.skip)('standard-library files that use typing', async () => {
    const files = stdlibFiles(/^(from typing import|import typing)/m, 1);
    expectAgreement(await compare('stdlib typing files', 'pep585,pep604', ['TYP001', 'TYP002'], 10, files));
    expectAgreement(await compare('stdlib typing files', 'pep585', ['TYP001'], 9, files));
  });
});

describe('FMT001/FMT002 agree with pyupgrade', () => {
  test('generated .format and % cases', async () => {
    const t = await compare('format cases', 'format', ['FMT001', 'FMT002'], 11, formatCases());
    expectAgreement(t);
    expect(t.known.size).toBeGreaterThan(0); // the defects are exercised, and we differ there on purpose
  });
  test('the rule fixtures', async () => {
    expectAgreement(await compare('format fixtures', 'format', ['FMT001', 'FMT002'], 11, fixtures('format/FMT001.py', 'format/FMT002.py')));
  });
  (haveStdlib ? test : test.skip)('standard-library files (every 4th that formats strings)', async () => {
    expectAgreement(await compare('stdlib files', 'format', ['FMT001', 'FMT002'], 11, stdlibFiles(/\.format\(|%/, 4)));
  });
});
