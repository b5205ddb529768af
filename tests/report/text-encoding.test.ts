import { cli, tempProject } from '../helpers/cli';

describe('text report source lines (issue 21 item 14)', () => {
  test('a latin-1 or cp1252 file shows its line as the checker decoded it, not U+FFFD', () => {
    const dir = tempProject({
      'l1.py': Buffer.from('# -*- coding: latin-1 -*-\nx = eval("caf\xe9")\n', 'latin1'),
      'cp.py': Buffer.from('# coding: cp1252\ny = eval("\x80 caf\xe9")\n', 'latin1'),
    });
    const r = cli(['scan', '.', '--select', 'SEC001', '--no-cache', '--fail-on', 'never'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\ufffd');
    expect(r.stdout).toContain('│ x = eval("café")');
    expect(r.stdout).toContain('│ y = eval("€ café")');
  });
});
