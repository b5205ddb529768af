import fs from 'node:fs';
import path from 'node:path';
import { cli, tempProject } from '../helpers/cli';

/**
 * File names are text from the scanned tree (issue 21 item 14): an ESC in one
 * must not reach a report raw, HTML in one must not become markup, and a
 * GitHub annotation must name the file it is about or no file at all.
 */
const ESC = 'a\x1b[31mred.py';
const HTML = '<img src=x onerror=alert(1)>.py';
const ODD = 'b%,:c (1.py';
const BREAK = 'line\nbreak.py';

const unescapeProperty = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

describe('hostile file names in reports', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempProject({ [ESC]: 'eval(x)\n', [HTML]: 'eval(x)\n', [ODD]: 'eval(x)\n', [BREAK]: 'eval(x)\n' });
  });

  const scan = (format: string): string => {
    const out = path.join(dir, `report.${format}`);
    const r = cli(['scan', '.', '--select', 'SEC001', '--no-cache', '--fail-on', 'never', '--format', `${format}:${out}`], { cwd: dir });
    expect(r.code).toBe(0);
    return fs.readFileSync(out, 'utf8');
  };

  test('markdown: no raw control character; the ESC path shown as \\x1b', () => {
    const md = scan('markdown');
    expect(md).not.toMatch(/\x1b/); // eslint-disable-line no-control-regex
    expect(md).toContain('`a\\x1b[31mred.py:1:1`');
    expect(md).toContain('`line\\nbreak.py:1:1`');
  });

  test('checklist: no raw control character, no markup from a path, links that stay links', () => {
    const text = scan('checklist');
    expect(text).not.toMatch(/\x1b/); // eslint-disable-line no-control-regex
    expect(text).not.toContain('<img');
    expect(text).toContain('[&lt;img src=x onerror=alert(1)&gt;.py:1](%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.py#L1)');
    expect(text).toContain('[a\\\\x1b\\[31mred.py:1](a%1B%5B31mred.py#L1)');
    expect(text).toContain('[b%,:c (1.py:1](b%25%2C%3Ac%20%281.py#L1)');
  });

  test('github: every file property decodes (as the runner does) to the real path; a path the runner cannot carry gets no file and one warning', () => {
    const r = cli(['scan', '.', '--select', 'SEC001', '--no-cache', '--fail-on', 'never', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\x1b/); // eslint-disable-line no-control-regex
    const lines = r.stdout.split('\n').filter(Boolean);
    const files = lines.map((l) => /^::\w+ [^:]*\bfile=([^,:]*)/.exec(l)?.[1]).filter((f): f is string => f !== undefined).map(unescapeProperty);
    expect(files.sort()).toEqual([HTML, ODD, BREAK].sort());
    const warnings = lines.filter((l) => l.includes('paths with control characters'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('1 annotation names no file');
    const fileless = lines.filter((l) => l.includes('a\\x1b[31mred.py:1:1: eval()'));
    expect(fileless).toHaveLength(1);
    expect(fileless[0]).toMatch(/^::error title=SEC001::/);
  });
});
