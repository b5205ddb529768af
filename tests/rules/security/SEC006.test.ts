import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { envVarName, isSecretName, nameParts } from '../../../src/rules/security/SEC006-hardcoded-secret';
import { expectOkLinesKept, fixText } from '../../helpers/fixFixture';
import { barePython } from '../../helpers/python';
import { ruleTable } from '../../helpers/ruleTable';

const fixture = path.join(__dirname, 'SEC006.py');

test('SEC006: findings and fixes of its fixture (see SEC006.snapshot)', async () => {
  await ruleTable('SEC006', __dirname);
});

test('SEC006: the unsafe fix converges and leaves ok and nofix lines alone', async () => {
  const text = fs.readFileSync(fixture, 'utf8');
  const r = await fixText(text, ['SEC006'], { unsafe: true, file: fixture });
  expect(r.converged).toBe(true);
  expect(r.rejected).toEqual([]);
  expect(r.applied.filter((a) => a.code === 'SEC006').length).toBeGreaterThan(0);
  expectOkLinesKept('SEC006', text, r.text);
  expect((await fixText(text, ['SEC006'], { file: fixture })).changed).toBe(false);
});

/**
 * The fixed fixture, run by Debian's python3: it imports with every variable
 * the fix introduced unset (TOKEN, which the fixture itself reads at import,
 * is set), each variable stands for one value, and with the variables set to
 * the values they replaced, `check()` computes what the original computed.
 */
const RUNNER = `
import ast, json, os, sys
names = json.loads(sys.argv[1])
for n in names:
    os.environ.pop(n, None)
sys.path.insert(0, sys.argv[2])
import fixed_mod
out = {"imported": True, "values": {}}
for n, sources in names.items():
    values = sorted({ast.literal_eval(s) for s in sources})
    out["values"][n] = len(values)
    os.environ[n] = values[0]
import orig_mod
out["fixed"] = repr(fixed_mod.check())
out["original"] = repr(orig_mod.check())
print(json.dumps(out))
`;

test('SEC006: a fixed module imports with the variables unset and computes the same with them set', async () => {
  const text = fs.readFileSync(fixture, 'utf8');
  const r = await fixText(text, ['SEC006'], { unsafe: true, file: fixture });
  // each applied fix's last edit replaces one literal with os.environ["NAME"]
  const names: Record<string, string[]> = {};
  for (const f of r.initial) {
    if (f.code !== 'SEC006' || !f.fix) continue;
    const e = f.fix.edits[f.fix.edits.length - 1];
    const name = /^os\.environ\["([A-Z0-9_]+)"\]$/.exec(e.text)?.[1];
    expect({ edit: e.text, isEnvironRead: !!name }).toEqual({ edit: e.text, isEnvironRead: true });
    (names[name!] ??= []).push(text.slice(e.start, e.end));
  }
  expect(Object.keys(names).sort()).toEqual(['DEPLOY_TOKEN', 'SECRET_TOKEN', 'SMTP_PASSWORD', 'VAULT_TOKEN', 'WEBHOOK_SECRET']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sec006-'));
  try {
    fs.writeFileSync(path.join(dir, 'orig_mod.py'), text);
    fs.writeFileSync(path.join(dir, 'fixed_mod.py'), r.text);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', TOKEN: 'from-the-environment' };
    const out = JSON.parse(execFileSync(barePython(), ['-I', '-c', RUNNER, JSON.stringify(names), dir], { cwd: dir, env, encoding: 'utf8' }).split('\n').filter(Boolean).pop()!);
    expect(out.imported).toBe(true);
    // one variable per distinct value
    for (const n of Object.keys(names)) expect({ variable: n, values: out.values[n] }).toEqual({ variable: n, values: 1 });
    expect(out.fixed).toBe(out.original);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The splitting SEC006 had before (quadratic on a long run of capitals), as the reference for what the words are. */
function regexParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const NAMES = [
  'apiKey', 'API_KEY', 'api_key', 'HTTPServerToken', 'getHTTPResponseCode', 'v2Token', 'TOKEN2', 'x', '_', '__secret__',
  'DB_PASSWORD', 'self', 'PASSWORD_FIELD', 'aB', 'Ab', 'ABc', 'abC', 'a1B2c3', 'ALLCAPS', 'already-kebab', 'with space',
  'mixed_CASE_nameHere', 'JSONtoXML', 'XMLHttpRequest', 'iOSAppToken', 'privateKEY', 'A', 'AB', 'ABC', '9lives', 'x__y', 'é_token',
];

test('nameParts splits names as before, and envVarName joins them', () => {
  for (const n of NAMES) expect({ name: n, parts: nameParts(n) }).toEqual({ name: n, parts: regexParts(n) });
  expect(envVarName('apiKey')).toBe('API_KEY');
  expect(envVarName('self.secret_token'.split('.').pop()!)).toBe('SECRET_TOKEN');
  expect(envVarName('HTTPServerToken')).toBe('HTTP_SERVER_TOKEN');
});

test('nameParts and isSecretName run no regular expression on the name (linear: no backtracking is possible)', () => {
  const proto = RegExp.prototype as unknown as Record<string | symbol, unknown>;
  const keys: Array<string | symbol> = ['exec', 'test', Symbol.replace, Symbol.split, Symbol.match, Symbol.matchAll, Symbol.search];
  const saved = keys.map((k) => proto[k]);
  const name = `${'A'.repeat(20000)}_TOKEN`;
  const ran: string[] = [];
  keys.forEach((k, i) => {
    proto[k] = function (this: RegExp, ...args: unknown[]) {
      // only the name's own words may be matched (bandit's password spellings, one short word at a time)
      if (args.some((a) => typeof a === 'string' && a.length > 64)) ran.push(`${String(k)} ${this.source}`);
      return (saved[i] as (...a: unknown[]) => unknown).apply(this, args);
    };
  });
  let parts: string[];
  let secret: boolean;
  let env: string;
  try {
    parts = nameParts(name);
    secret = isSecretName(name);
    env = envVarName(name);
  } finally {
    keys.forEach((k, i) => (proto[k] = saved[i]));
  }
  expect(ran).toEqual([]);
  expect(parts).toEqual(['a'.repeat(20000), 'token']);
  expect(secret).toBe(true);
  expect(env).toBe(`${'A'.repeat(20000)}_TOKEN`);
});
