import { VENV_PYTHON } from '../../helpers/python';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fixText } from '../../helpers/fixFixture';

/**
 * Differential tests: our TYP001/TYP002 and FMT001/FMT002 output against
 * pyupgrade 3.22 (the venv's) restricted to the same rewrites
 * (pyupgrade_only.py beside this file runs only its typing_pep585 /
 * typing_pep604 / percent_format / fstrings plugins, the typing moves of its
 * imports plugin and its '{0}' -> '{}'
 * token pass, repeated to a fixed point like our passes). Inputs: generated
 * cases covering each form, the rule fixtures, and real standard-library
 * files. Our output with --unsafe-fixes must equal pyupgrade's except where
 * pyupgrade breaks the code (KNOWN: we leave the source alone there); our
 * safe output may differ only by fixes we make unsafe on purpose (UNSAFE:
 * pyupgrade changes behaviour there), and each such difference is counted
 * under its reason.
 */
const PY = VENV_PYTHON;
const HARNESS = path.join(__dirname, 'pyupgrade_only.py');
const RULES = path.join(__dirname, '..');
const STDLIB = '/root/.pyenv/versions/3.11.7/lib/python3.11';

function pyupgrade(features: string, minor: number, sources: string[]): Array<string | { error: string }> {
  const out = execFileSync(PY, [HARNESS, features, String(minor)], { input: JSON.stringify(sources), maxBuffer: 1 << 30 });
  return JSON.parse(out.toString());
}

/**
 * Where pyupgrade (3.22 as 2.37 before it) changes the meaning or breaks the
 * code, and we leave the source alone: the input shows the cause, pyupgrade's
 * line the damage.
 */
const KNOWN: Array<{ why: string; source: RegExp; theirs: RegExp }> = [
  { why: "a set/dict argument turns into an escaped brace ('{}'.format({1}) -> f'{{1}}')", source: /\.format\((.*[(,] *)?\{/, theirs: /\{\{/ },
  { why: 'a lambda inside f-string braces is a syntax error', source: /\.format\(.*lambda/, theirs: /\{lambda\b/ },
  { why: 'a field before a \\N{...} escape is dropped', source: /\{[^}]*\}\\N\{/, theirs: /\\N\{/ },
  { why: "an attribute of a number argument ('{x.y}'.format(x=1) -> f'{1.y}') is a syntax error", source: /\{\w*\.\w+\}/, theirs: /\{\d[\d.]*\.[A-Za-z_]/ },
  { why: 'a forward reference under the future import becomes "X" | None, which typing.get_type_hints cannot evaluate (TypeError); we unquote it, as its PEP 563 rewrite would', source: /^from __future__ import annotations/m, theirs: /"\w+" \||\| "\w+"/ },
  { why: 'a local that shadows the typing name is renamed too', source: /^\s+(List|Dict|Set|Tuple|Type|FrozenSet) = /m, theirs: /^\s+(list|dict|set|tuple|type|frozenset)\b.*=|return (list|dict)\[/ },
];

/**
 * Fixes we make unsafe where pyupgrade makes them unconditionally: the safe
 * run leaves them, the unsafe run matches pyupgrade. Matched on the fix
 * descriptions of the unsafe fixes the safe run skipped.
 */
const UNSAFE: Array<{ why: string; description: RegExp }> = [
  { why: 'TYP001 in a runtime expression (alias, cast, isinstance): List[int] is List[int] holds, list[int] is list[int] does not', description: /^replace .* in a runtime expression$/ },
  { why: 'TYP001 moving an import out of typing when the name is used in a runtime expression: another object there', description: /used in a runtime expression/ },
  { why: 'TYP001/TYP002 in a class-body annotation without the future import: evaluated when the class is created and stored, List[int] != list[int] in dataclasses.fields() and attrs (issue 22)', description: /in a class-body annotation \(evaluated when the class is created/ },
];

interface Tally {
  cases: number;
  changed: number;
  identical: number;
  known: Map<string, number>;
  unexplained: Array<{ name: string; ours: string; theirs: string }>;
}

/** Whether every line pyupgrade wrote and we did not is one of its KNOWN defects. */
function knownDefects(src: string, ours: string, theirs: string): string[] | null {
  const oursLines = new Set(ours.split('\n'));
  const theirLines = theirs.split('\n').filter((l) => !oursLines.has(l));
  const reasons = theirLines.map((l) => KNOWN.find((kn) => kn.source.test(src) && kn.theirs.test(l))?.why);
  return theirLines.length && reasons.every(Boolean) ? [...new Set(reasons as string[])] : null;
}

async function compare(name: string, features: string, codes: string[], minor: number, inputs: Array<{ name: string; src: string }>): Promise<Tally> {
  const theirs = pyupgrade(features, minor, inputs.map((i) => i.src));
  const tally: Tally = { cases: 0, changed: 0, identical: 0, known: new Map(), unexplained: [] };
  const count = (why: string): void => void tally.known.set(why, (tally.known.get(why) ?? 0) + 1);
  for (let k = 0; k < inputs.length; k++) {
    const t = theirs[k];
    if (typeof t !== 'string') continue; // pyupgrade could not read it (not valid Python 3.11)
    const src = inputs[k].src;
    const safe = await fixText(src, codes, { target: minor });
    const unsafe = safe.unsafeSkipped ? await fixText(src, codes, { target: minor, unsafe: true }) : safe;
    tally.cases++;
    if (unsafe.text !== src || t !== src) tally.changed++;
    if (safe.text === t) {
      tally.identical++;
      continue;
    }
    // the unsafe run must be pyupgrade's output, or differ only by its known defects
    const defects = unsafe.text === t ? [] : knownDefects(src, unsafe.text, t);
    if (!defects) {
      tally.unexplained.push({ name: inputs[k].name, ours: unsafe.text, theirs: t });
      continue;
    }
    for (const d of defects) count(d);
    if (safe.text === unsafe.text) continue;
    // what the safe run left out: fixes we make unsafe on purpose, each with its reason
    const skipped = unsafe.applied.length ? safe.remaining.filter((f) => f.fix?.safety === 'unsafe') : [];
    const why = skipped.map((f) => UNSAFE.find((u) => u.description.test(f.fix!.description))?.why);
    if (skipped.length && why.every(Boolean)) for (const w of new Set(why)) count(`ours unsafe: ${w!}`);
    else tally.unexplained.push({ name: `${inputs[k].name} (safe run)`, ours: safe.text, theirs: t });
  }
  const known = [...tally.known].map(([w, n]) => `${n} × ${w}`).join('; ');
  // the agreement figures, for the record
  console.log(`${name} (py3${minor}): ${tally.identical}/${tally.cases} identical, ${tally.changed} changed by either tool${known ? `; differences: ${known}` : ''}`);
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
const CONTEXTS = ['def f(x: {T}) -> None: ...', 'def f() -> {T}: ...', 'x: {T} = None', 'def f(x: {T} = None): ...', 'y = {T}', 'v = cast({T}, 1)', 'class C:\n    attr: {T}', 'assert {T} is {T}', 'def g(kind={T}) -> None: ...'];
const TYPING_HEADER = 'from typing import Callable, Deque, Dict, FrozenSet, List, Optional, Set, Tuple, Type, Union, cast\nimport typing\n\n';

/** `from typing import ...` statements whose names move to collections.abc, collections or re (py39+; Callable py310+). */
const IMPORTS = [
  'from typing import Sequence',
  'from typing import Sequence, Mapping',
  'from typing import List, Sequence',
  'from typing import Sequence, List',
  'from typing import Counter, Sequence',
  'from typing import Callable',
  'from typing import Callable, Optional',
  'from typing import Sequence as Seq, Any',
  'from typing import (\n    Any,\n    Iterable,\n    Iterator,\n)',
  'from typing import Any, Mapping  # keep',
  'from typing import Pattern, Match, Any',
  'if True:\n    from typing import Any, Iterable',
];
const IMPORT_USES = ['def f(x: Sequence) -> None: ...', 'ok = isinstance([], Sequence)', ''];

function importCases(): Array<{ name: string; src: string }> {
  const out: Array<{ name: string; src: string }> = [];
  for (const imp of IMPORTS) for (const use of IMPORT_USES) out.push({ name: `${imp} / ${use}`, src: `${imp}\n${use}\n` });
  return out;
}

function typingCases(): Array<{ name: string; src: string }> {
  const out: Array<{ name: string; src: string }> = [...importCases()];
  for (const future of [false, true]) {
    for (const T of TYPES) {
      for (const c of CONTEXTS) {
        out.push({ name: `${future ? 'future ' : ''}${c} / ${T}`, src: `${future ? 'from __future__ import annotations\n' : ''}${TYPING_HEADER}${c.split('{T}').join(T)}\n` });
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
const ARGS = ['(a, b)', '(a)', '(a, b, c)', '(*args)', '(**kw)', '(a=1, b=2)', '(x=1)', '(a.b, c[0])', '(f(x), 1)', '("q", a)', '(a,\n b)', '(a if b else c, d)', '()', '(1 + 2, 3)', '(a, )', '({1}, 2)', '(lambda: 1, 2)', '(await a, b)', '(1, 2.5)', '(0x1f, -1)'];
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
  return names.map((n) => ({ name: n, src: fs.readFileSync(path.join(RULES, n), 'utf8') }));
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
      expectAgreement(await compare('typing cases', 'pep585,pep604,abc', ['TYP001', 'TYP002'], minor, typingCases()));
    });
  }
  test('the rule fixtures', async () => {
    expectAgreement(await compare('typing fixtures', 'pep585,pep604,abc', ['TYP001', 'TYP002'], 10, fixtures('typing/TYP001.py', 'typing/TYP002.py')));
  });
  (haveStdlib ? test : test.skip)('standard-library files that use typing', async () => {
    const files = stdlibFiles(/^(from typing import|import typing)/m, 1);
    expectAgreement(await compare('stdlib typing files', 'pep585,pep604,abc', ['TYP001', 'TYP002'], 10, files));
    expectAgreement(await compare('stdlib typing files', 'pep585,abc', ['TYP001'], 9, files));
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
