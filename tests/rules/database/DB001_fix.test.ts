import { barePython } from '../../helpers/python';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixText } from '../../helpers/fixFixture';

/**
 * DB001's fix needs the pool: the test builds a project with the pool module
 * `rfsn-upgrade scaffold pool` writes (its template), fixes a module that opens
 * sqlite3 connections, compares with DB001_fix.fixed.py, and runs the result.
 */
const TEMPLATE = path.join(__dirname, '..', '..', '..', 'src', 'scaffold', 'templates', 'pool', '__PACKAGE__', 'db_pool.py');
const source = fs.readFileSync(path.join(__dirname, 'DB001_fix.py'), 'utf8');

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-db001-'));
  fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "app"\n');
  fs.mkdirSync(path.join(root, 'app'));
  fs.writeFileSync(path.join(root, 'app', '__init__.py'), '');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('without a pool module there is no fix, and the reason is given', async () => {
  const r = await fixText(source, ['DB001'], { unsafe: true, file: path.join(root, 'app', 'history.py'), settings: { projectRoot: root } });
  expect(r.changed).toBe(false);
  expect(r.unfixed).toEqual([{ code: 'DB001', reason: 'the project has no pool module yet (rfsn-upgrade scaffold pool)' }]);
});

test('with the pool scaffold: with-blocks take pooled connections, and the result runs', async () => {
  fs.writeFileSync(path.join(root, 'app', 'db_pool.py'), fs.readFileSync(TEMPLATE, 'utf8').replace(/__PACKAGE__/g, 'app'));
  const file = path.join(root, 'app', 'history.py');
  const r = await fixText(source, ['DB001'], { unsafe: true, file, settings: { projectRoot: root } });
  if (process.env.UPDATE_FIXED === '1') fs.writeFileSync(path.join(__dirname, 'DB001_fix.fixed.py'), r.text);
  expect(r.text).toBe(fs.readFileSync(path.join(__dirname, 'DB001_fix.fixed.py'), 'utf8'));
  expect(r.unfixed).toEqual([{ code: 'DB001', reason: 'only `with sqlite3.connect(path) as conn:` is rewritten; other calls need a person' }]);
  expect((await fixText(r.text, ['DB001'], { unsafe: true, file, settings: { projectRoot: root } })).changed).toBe(false);
  fs.writeFileSync(file, r.text);
  const run = spawnSync(
    barePython(),
    ['-c', 'import sys; from app import history as h\ndb = sys.argv[1]\nh.init(db); h.record(db, "build", "ok"); h.record(db, "test", "failed")\nprint(h.recent(db), h.count(db))', path.join(root, 'runs.db')],
    { cwd: root, encoding: 'utf8' },
  );
  expect(run.stderr).toBe('');
  expect(run.stdout.trim()).toBe("[('build', 'ok'), ('test', 'failed')] 2");
});

test('files of no project: a pool module under the folder the run falls back to (the working directory) is not theirs', async () => {
  fs.rmSync(path.join(root, 'pyproject.toml'));
  fs.writeFileSync(path.join(root, 'app', 'db_pool.py'), fs.readFileSync(TEMPLATE, 'utf8').replace(/__PACKAGE__/g, 'app'));
  const r = await fixText(source, ['DB001'], { unsafe: true, file: path.join(root, 'app', 'history.py'), settings: { projectRoot: root } });
  expect(r.changed).toBe(false);
  expect(r.unfixed).toEqual([{ code: 'DB001', reason: 'the project has no pool module yet (rfsn-upgrade scaffold pool)' }]);
  // the same folder made a project: its pool is found
  fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "app"\n');
  expect((await fixText(source, ['DB001'], { unsafe: true, file: path.join(root, 'app', 'history.py'), settings: { projectRoot: root } })).changed).toBe(true);
});
