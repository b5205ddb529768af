import fs from 'node:fs';
import path from 'node:path';
import { headingAnchors, markdownLinks } from '../helpers/markdown';

/**
 * Issue 24: the README sent CI users to a docs/ci.md that had been emptied.
 * Every relative link in README.md and in the Markdown under docs/ must name
 * something in the repository: a file that is not empty, or a folder; and a
 * `#anchor` into a Markdown file must name one of its headings.
 */
const ROOT = path.resolve(__dirname, '../..');

function markdownUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return markdownUnder(p);
    return e.name.endsWith('.md') ? [p] : [];
  });
}

/** What is wrong with one link of `from`, or null when it holds. */
function problem(from: string, target: string): string | null {
  // links to the web (https:, mailto:) are not checked here
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null;
  const hash = target.indexOf('#');
  const file = decodeURI(hash < 0 ? target : target.slice(0, hash));
  const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
  const abs = file === '' ? from : path.resolve(path.dirname(from), file);
  const inRepo = path.relative(ROOT, abs);
  if (inRepo.startsWith('..') || path.isAbsolute(inRepo)) return 'points outside the repository';
  if (!fs.existsSync(abs)) return 'does not exist';
  const stat = fs.statSync(abs);
  if (stat.isFile() && stat.size === 0) return 'is an empty file';
  if (anchor !== null && abs.endsWith('.md')) {
    if (!headingAnchors(fs.readFileSync(abs, 'utf8')).has(anchor)) return `has no heading for #${anchor}`;
  }
  return null;
}

const FILES = [path.join(ROOT, 'README.md'), ...markdownUnder(path.join(ROOT, 'docs'))];

test('README.md and docs/ hold links to check (the reader finds them)', () => {
  const readme = markdownLinks(fs.readFileSync(FILES[0], 'utf8')).map((l) => l.target);
  expect(readme).toEqual(expect.arrayContaining(['docs/ci.md', 'docs/cache.md', '#semgrep', 'docs/dashboard.png']));
});

test.each(FILES.map((f) => [path.relative(ROOT, f)]))('every relative link in %s names a non-empty file, a folder or a heading', (rel) => {
  const from = path.join(ROOT, rel);
  const text = fs.readFileSync(from, 'utf8');
  expect(text.trim()).not.toBe('');
  const broken = markdownLinks(text)
    .map((l) => ({ ...l, why: problem(from, l.target) }))
    .filter((l) => l.why !== null)
    .map((l) => `${rel}:${l.line}: ${l.target} ${l.why}`);
  expect(broken).toEqual([]);
});

describe('the Markdown reader', () => {
  test('inline links, images, titles, angle brackets, nested brackets, reference definitions', () => {
    const md = [
      'See [the guide](docs/a.md "title") and ![a picture](img/p.png).',
      'A [link with [nested] text](b.md#part) and <https://example.com>.',
      '[spread over',
      'two lines](c.md) then [angle](<d e.md>) and [paren](f(1).md).',
      '[ref]: refs/g.md',
      '[not a link] (h.md) and \\[escaped](i.md).',
    ].join('\n');
    expect(markdownLinks(md)).toEqual([
      { target: 'docs/a.md', line: 1 },
      { target: 'img/p.png', line: 1 },
      { target: 'b.md#part', line: 2 },
      { target: 'c.md', line: 3 },
      { target: 'd e.md', line: 4 },
      { target: 'f(1).md', line: 4 },
      { target: 'refs/g.md', line: 5 },
    ]);
  });

  test('code holds no links: fenced blocks and code spans', () => {
    const md = ['```yaml', '[x](in-fence.md)', '```', '~~~', '[y](in-tilde.md)', '~~~', 'a `[z](in-span.md)` b ``[w](`double`.md)`` [real](r.md)'].join('\n');
    expect(markdownLinks(md)).toEqual([{ target: 'r.md', line: 7 }]);
  });

  test('an image inside a link: both', () => {
    expect(markdownLinks('[![badge](b.svg)](page.md)').map((l) => l.target)).toEqual(['page.md', 'b.svg']);
  });

  test("heading anchors as GitHub makes them: punctuation dropped, code kept, repeats numbered", () => {
    const md = ['# rfsn-upgrade', '## Use in CI', '### Only what changed: `--changed-since REV`', '## Use in CI', '```', '# not a heading', '```', '## Exit codes ##'].join('\n');
    expect([...headingAnchors(md)]).toEqual(['rfsn-upgrade', 'use-in-ci', 'only-what-changed---changed-since-rev', 'use-in-ci-1', 'exit-codes']);
  });
});
