import fs from 'node:fs';
import path from 'node:path';
import { ruleByCode } from '../../src/rules/registry';
import { hashedCode, mapSemgrepOutput, mapSeverity, semgrepArgs, semgrepCode, type SgOutput } from '../../src/semgrep';
import { ByteIndex } from '../../src/semgrep/positions';
import { decodePython } from '../../src/lang/python/decode';

/** The pure half: semgrep JSON recorded from semgrep 1.185.0 (tests/semgrep/recorded) mapped to our model. */
const REC = path.join(__dirname, 'recorded');
const recorded = JSON.parse(fs.readFileSync(path.join(REC, 'partial-parse.json'), 'utf8')) as SgOutput;
const read = (abs: string): Buffer => fs.readFileSync(path.join(REC, `${path.basename(abs)}.txt`));

test('severities', () => {
  expect(['ERROR', 'CRITICAL', 'HIGH', 'error', 'WARNING', 'MEDIUM', 'INFO', 'LOW', 'EXPERIMENT', undefined].map(mapSeverity)).toEqual([
    'high', 'high', 'high', 'high', 'medium', 'medium', 'low', 'low', 'medium', 'medium',
  ]);
});

test('codes: ours, chosen in metadata, or SG and six digits of a hash of the id', () => {
  expect(semgrepCode('SEC003', {})).toEqual({ code: 'SEC003', ours: true });
  expect(semgrepCode('sec003', {})).toEqual({ code: 'SEC003', ours: true });
  expect(semgrepCode('no-pickle', { 'rfsn-code': 'acme7' })).toEqual({ code: 'ACME7', ours: false });
  // a malformed rfsn-code is passed over
  expect(semgrepCode('no-pickle', { 'rfsn-code': 'no good' }).code).toBe(hashedCode('no-pickle'));
  // FNV-1a of "a" is 0xe40c292c = 3826002220; "" is the offset basis 2166136261
  expect(hashedCode('a')).toBe('SG002220');
  expect(hashedCode('')).toBe('SG136261');
  const code = hashedCode('python.lang.security.audit.eval-detected');
  expect(code).toMatch(/^SG[0-9]{6}$/);
  // it fits the config's code regex and is no code or prefix of ours
  expect(code).toMatch(/^([A-Za-z]+[0-9]*|ALL)$/);
  expect(ruleByCode(code)).toBeUndefined();
});

test('recorded output: byte offsets become code points and UTF-16, partial parses become errors at the file', () => {
  const r = mapSemgrepOutput(recorded, { cwd: '/proj', read });
  expect(r.version).toBe('1.185.0');
  expect(r.findings.map(({ code, path: p, line, column, endLine, endColumn, start, end, source, upgrade, severity }) => ({ code, p, line, column, endLine, endColumn, start, end, source, upgrade, severity }))).toEqual([
    { code: 'SEC001', p: 'syn.py', line: 2, column: 3, endLine: 2, endColumn: 10, start: 10, end: 17, source: '  eval(x)', upgrade: 'U02', severity: 'high' },
    // semgrep: col 15, offset 14 (bytes); "é😀" is 2 code points, 3 UTF-16 units, 6 bytes
    { code: 'SEC001', p: 'u.py', line: 1, column: 11, endLine: 1, endColumn: 18, start: 11, end: 18, source: 'x = "é😀"; eval(x)', upgrade: 'U02', severity: 'high' },
  ]);
  expect(r.errors).toEqual([{ path: 'syn.py', message: 'semgrep PartialParsing: Syntax error at line syn.py:4: `class` was unexpected' }]);
});

test('a file that cannot be read back is an error, not a finding at a made-up place', () => {
  const r = mapSemgrepOutput(recorded, { cwd: '/proj', read: (abs) => (abs.endsWith('u.py') ? Buffer.from([0x78, 0xff, 0xfe]) : read(abs)) });
  expect(r.findings.map((f) => f.path)).toEqual(['syn.py']);
  expect(r.errors[0].path).toBe('u.py');
  expect(r.errors[0].message).toMatch(/^semgrep reported a finding, but the file cannot be read back: /);
});

test('two rules with one code are an error', () => {
  const one = recorded.results![0];
  const out: SgOutput = { results: [{ ...one, check_id: 'a', extra: { ...one.extra, metadata: { 'rfsn-code': 'X1' } } }, { ...one, check_id: 'b', extra: { ...one.extra, metadata: { 'rfsn-code': 'X1' } } }] };
  const r = mapSemgrepOutput(out, { cwd: '/proj', read, configs: ['/proj/my-rules'] });
  expect(r.errors).toEqual([{ path: 'my-rules', message: 'semgrep rules a and b share the code X1; give one a metadata rfsn-code', internal: true }]);
});

test('ByteIndex: UTF-8 with a BOM, single-byte codecs (latin-1, cp1252, koi8-r) and multi-byte ones (shift_jis, gb18030)', () => {
  const cases: Array<[Buffer, string]> = [
    [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a = "€"; b', 'utf8')]), 'b'],
    [Buffer.concat([Buffer.from('# coding: latin-1\nx = "'), Buffer.from([0xe9, 0xe8]), Buffer.from('"; y')]), 'y'],
    [Buffer.concat([Buffer.from('# coding: cp1252\nx = "'), Buffer.from([0x80, 0x99]), Buffer.from('"; z')]), 'z'],
    // a codec our writer does not know (the stdlib's encodings/koi8_r.py test data has one): single-byte, found from the size
    [Buffer.concat([Buffer.from('# -*- coding: koi8-r -*-\nx = "'), Buffer.from([0xc1, 0xc2]), Buffer.from('"; w')]), 'w'],
  ];
  for (const [bytes, needle] of cases) {
    const decoded = decodePython(bytes);
    const byteOffset = bytes.lastIndexOf(needle);
    expect(new ByteIndex(decoded.text, decoded, bytes).indices([byteOffset, 0, bytes.length]).get(byteOffset)).toBe(decoded.text.lastIndexOf(needle));
  }
  // a multi-byte codec: あ is 2 bytes in shift_jis, 1 UTF-16 unit; 𠀋 is 4 bytes in gb18030, 2 units
  for (const [enc, mid] of [['shift_jis', [0x82, 0xa0]], ['gb18030', [0x95, 0x32, 0x82, 0x36]]] as const) {
    const bytes = Buffer.concat([Buffer.from(`# coding: ${enc}\nx = "`), Buffer.from(mid), Buffer.from('"; v')]);
    const d = decodePython(bytes);
    const at = bytes.lastIndexOf('v');
    const map = new ByteIndex(d.text, d, bytes).indices([at, at - 4, bytes.length]);
    expect([map.get(at), map.get(bytes.length)]).toEqual([d.text.lastIndexOf('v'), d.text.length]);
  }
});

test('arguments: the flags the issue names, and files after --', () => {
  expect(semgrepArgs({ files: [], configs: ['rules', 'mine.yaml'], jobs: 2, timeout: 5, maxTargetBytes: 5000000 }, ['-x.py', 'a.py'])).toEqual([
    'scan', '--json', '--metrics=off', '--disable-version-check', '--no-rewrite-rule-ids', '--quiet',
    '--config', 'rules', '--config', 'mine.yaml', '--jobs', '2', '--timeout', '5', '--max-target-bytes', '5000000', '--', '-x.py', 'a.py',
  ]);
});
