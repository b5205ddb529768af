import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Finding } from '../../../src/core/finding';
import { runScan } from '../../../src/engine/run';
import { ROOT } from '../../helpers/cli';
import { VENV_PYTHON } from '../../helpers/python';

/**
 * Differential test against bandit 1.9.4 (the pinned venv) as an oracle, on
 * the sample project and the SEC fixtures: wherever bandit's test and our rule
 * mean the same thing, both must report the same lines. Every disagreement,
 * in both directions, is listed with its reason; a listed one that stops
 * happening fails too (the list is never stale).
 */
const BANDIT_TO_OURS: Record<string, string> = {
  B307: 'SEC001', B102: 'SEC002', B602: 'SEC003', B604: 'SEC003', B605: 'SEC004', B311: 'SEC005', B105: 'SEC006', B106: 'SEC006', B107: 'SEC006',
};

// bandit reports these (path:line:CODE bandit-id); they are not what the rule means
const BANDIT_ONLY: Record<string, string> = {
  "fixtures/sample-project/taskrunner/notify.py:41:SEC006 B107": "an empty default is no secret",
  "fixtures/sample-project/taskrunner/templating.py:31:SEC001 B307": "the module defines its own eval()",
  "tests/rules/security/SEC001.py:52:SEC001 B307": "a local function named eval",
  "tests/rules/security/SEC001.py:56:SEC001 B307": "a parameter named eval",
  "tests/rules/security/SEC002.py:50:SEC002 B102": "a local function named exec",
  "tests/rules/security/SEC004.py:60:SEC004 B605": "a local function named system",
  "tests/rules/security/SEC006.py:114:SEC006 B107": "an empty default is no secret",
  "tests/rules/security/SEC006.py:118:SEC006 B105": "token_type names a kind of token, it holds none",
  "tests/rules/security/SEC006.py:119:SEC006 B105": "PASSWORD_FIELD names a field (and its value spells the name)",
  "tests/rules/security/SEC006.py:120:SEC006 B105": "TOKEN_URL names where tokens come from",
  "tests/rules/security/SEC006.py:121:SEC006 B106": "token_type names a kind of token",
  "tests/rules/security/SEC006.py:132:SEC006 B105": "a redaction marker, not a value",
  "tests/rules/security/SEC006.py:133:SEC006 B105": "an enum value that spells its own name",
  "tests/rules/security/SEC006.py:135:SEC006 B105": "a template placeholder {secret}",
  "tests/rules/security/SEC006.py:136:SEC006 B105": "a template placeholder ${...}",
  "tests/rules/security/SEC006.py:137:SEC006 B105": "a mask: one character repeated",
  "tests/rules/security/SEC006.py:138:SEC006 B105": "a mask: one character repeated",
  "tests/rules/security/SEC006.py:139:SEC006 B105": "whitespace is no secret (a tokenizer's separator)",
  "tests/rules/security/SEC006.py:140:SEC006 B105": "one punctuation character (a tokenizer's padding token)",
  "tests/rules/security/SEC006.py:141:SEC006 B105": "one character",
  "tests/rules/security/SEC006.py:142:SEC006 B105": "whitespace (a newline) is no secret",
  "tests/rules/security/SEC006.py:143:SEC006 B105": "help text keyed 'pass' (pydoc's topics): text with a line break is no secret",
  "tests/rules/security/SEC006.py:149:SEC006 B105": "a parser comparing its token with a keyword",
  "tests/rules/security/SEC006.py:151:SEC006 B105": "a parser comparing its token with an operator",
  "tests/rules/security/SEC006.py:172:SEC006 B105": "comparing with an empty string checks for no password",
  "tests/rules/security/SEC006.py:86:SEC006 B105": "an empty string is no secret",
  "tests/rules/security/SEC006.py:97:SEC006 B105": "comparing with an empty string checks for no password",
};

// we report these (path:line:CODE); bandit does not, and why
const OURS_ONLY: Record<string, string> = {
  "fixtures/sample-project/taskrunner/artifacts.py:11:SEC006": "bandit's words lack access_key; the value is an AWS key ID shape",
  "fixtures/sample-project/taskrunner/http_client.py:21:SEC006": "bandit's words lack api_key",
  "fixtures/sample-project/taskrunner/planner_v2/sanitizer.py:6:SEC006": "bandit's words lack api_key; the value has the sk- shape",
  "tests/rules/security/SEC003.py:83:SEC003": "bandit's B602 needs a positional command; here it is args=",
  "tests/rules/security/SEC005.py:25:SEC005": "bandit 1.9.4's B311 list lacks shuffle",
  "tests/rules/security/SEC005.py:29:SEC005": "bandit 1.9.4's B311 list lacks gauss",
  "tests/rules/security/SEC005.py:33:SEC005": "bandit 1.9.4's B311 list lacks shuffle (imported with from)",
  "tests/rules/security/SEC006.py:158:SEC006": "camelCase api key: bandit matches snake_case words only, and lacks api_key",
  "tests/rules/security/SEC006.py:159:SEC006": "a GitHub token shape: bandit has no credential shapes",
  "tests/rules/security/SEC006.py:38:SEC006": "bandit's words lack api_key",
  "tests/rules/security/SEC006.py:39:SEC006": "bandit's words lack api_key (and camelCase)",
  "tests/rules/security/SEC006.py:40:SEC006": "bandit's words lack access_key",
  "tests/rules/security/SEC006.py:42:SEC006": "bandit does not look at annotated assignments",
  "tests/rules/security/SEC006.py:44:SEC006": "bandit's words lack api_key",
  "tests/rules/security/SEC006.py:47:SEC006": "bandit does not pair tuple targets with tuple values",
  "tests/rules/security/SEC006.py:51:SEC006": "bandit looks only at the left operand of a comparison",
  "tests/rules/security/SEC006.py:53:SEC006": "bandit's words lack api_key, and it compares names only",
  "tests/rules/security/SEC006.py:64:SEC006": "bandit's words lack api_key",
  "tests/rules/security/SEC006.py:74:SEC006": "an AWS key ID shape: bandit has no credential shapes",
  "tests/rules/security/SEC006.py:75:SEC006": "an AWS key ID shape: bandit has no credential shapes",
  "tests/rules/security/SEC006.py:76:SEC006": "a GitHub token shape: bandit has no credential shapes",
  "tests/rules/security/SEC006.py:77:SEC006": "a GitHub token shape: bandit has no credential shapes",
  "tests/rules/security/SEC006.py:78:SEC006": "a GitHub token shape: bandit has no credential shapes",
  "tests/rules/security/SEC006.py:79:SEC006": "a GitHub token shape: bandit has no credential shapes",
  "tests/rules/security/SEC006.py:80:SEC006": "an sk- API key shape: bandit has no credential shapes",
  "tests/rules/security/SEC006.py:81:SEC006": "a Slack token shape: bandit has no credential shapes",
  "tests/rules/security/SEC006.py:82:SEC006": "a Slack token shape: bandit has no credential shapes",
  "tests/rules/security/SEC006.py:83:SEC006": "a PEM private key: bandit has no credential shapes",
  "tests/rules/security/SEC006.py:84:SEC006": "a GitHub token shape in a header value: bandit has no credential shapes",
};

interface BanditResult {
  test_id: string;
  filename: string;
  line_number: number;
  line_range: number[];
}

function bandit(paths: string[]): { version: string; results: BanditResult[] } {
  const version = spawnSync(VENV_PYTHON, ['-c', 'import bandit; print(bandit.__version__)'], { encoding: 'utf8' }).stdout.trim();
  const r = spawnSync(VENV_PYTHON, ['-m', 'bandit', '-r', ...paths, '-f', 'json', '-q'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (!r.stdout) throw new Error(`bandit did not run (the venv: scripts/python-deps.sh): ${r.stderr}`);
  return { version, results: (JSON.parse(r.stdout).results as BanditResult[]).filter((x) => x.test_id in BANDIT_TO_OURS) };
}

describe('SEC rules agree with bandit where they mean the same thing', () => {
  const paths = ['fixtures/sample-project', 'tests/rules/security'];
  let ours: Finding[];
  let theirs: BanditResult[];
  let version: string;

  beforeAll(async () => {
    ({ version, results: theirs } = bandit(paths));
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      ours = (await runScan({ paths, select: ['SEC'], jobs: 1, language: 'python', cacheDir: null })).findings;
    } finally {
      process.chdir(cwd);
    }
  });

  const matches = (f: Finding, b: BanditResult) =>
    path.normalize(b.filename) === path.normalize(f.path) && BANDIT_TO_OURS[b.test_id] === f.code && b.line_range.some((l) => l >= f.line && l <= f.endLine);
  const line = (file: string, n: number) => fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')[n - 1].trim();

  test('the oracle is bandit 1.9.4 and it finds enough to compare', () => {
    expect(version).toBe('1.9.4');
    expect(theirs.length).toBeGreaterThan(40);
  });

  test('bandit findings that are not ours are exactly the listed ones', () => {
    const keys = [...new Set(theirs.filter((b) => !ours.some((f) => matches(f, b))).map((b) => `${path.normalize(b.filename)}:${b.line_number}:${BANDIT_TO_OURS[b.test_id]} ${b.test_id}`))];
    expect(keys.sort().map((k) => `${k} | ${line(k.split(':')[0], Number(k.split(':')[1]))}`)).toEqual(Object.keys(BANDIT_ONLY).sort().map((k) => `${k} | ${line(k.split(':')[0], Number(k.split(':')[1]))}`));
  });

  test('our findings that are not bandit\'s are exactly the listed ones', () => {
    const keys = [...new Set(ours.filter((f) => !theirs.some((b) => matches(f, b))).map((f) => `${f.path}:${f.line}:${f.code}`))];
    expect(keys.sort().map((k) => `${k} | ${line(k.split(':')[0], Number(k.split(':')[1]))}`)).toEqual(Object.keys(OURS_ONLY).sort().map((k) => `${k} | ${line(k.split(':')[0], Number(k.split(':')[1]))}`));
  });
});
