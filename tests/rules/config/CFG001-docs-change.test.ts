import fs from 'node:fs';
import path from 'node:path';
import { docsWords } from '../../../src/rules/config/_env';
import { tempProject } from '../../helpers/cli';

/**
 * The RFSN run: `fix --report MIGRATION_SAFE.md` said 8 CFG001 findings were
 * left, a scan afterwards 3: the guide it had just written names five of the
 * variables, but the docs' words were kept per project root for the life of
 * the process, and fix's summary scan runs in the same process.
 */
test('the docs words follow the docs: a file written, changed or removed in the same process is seen', () => {
  const root = tempProject({ 'README.md': '# App\n\nSet APP_HOME.\n', 'app.py': 'import os\nos.environ["APP_TOKEN"]\n' });
  expect(docsWords(root).has('APP_HOME')).toBe(true);
  expect(docsWords(root).has('APP_TOKEN')).toBe(false);
  fs.writeFileSync(path.join(root, 'MIGRATION.md'), 'APP_TOKEN is now required.\n');
  expect(docsWords(root).has('APP_TOKEN')).toBe(true);
  fs.writeFileSync(path.join(root, 'README.md'), '# App, rewritten with more words\n');
  expect(docsWords(root).has('APP_HOME')).toBe(false);
  fs.rmSync(path.join(root, 'MIGRATION.md'));
  expect(docsWords(root).has('APP_TOKEN')).toBe(false);
});
