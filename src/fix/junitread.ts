/**
 * A reader of the JUnit XML that test runners write (pytest's --junitxml,
 * jest-junit, surefire, go-junit-report): which test passed, failed or was
 * skipped. No XML parser is installed (package.json is not ours to change),
 * so this reads the subset those files use, carefully: the prolog, comments,
 * CDATA and DOCTYPE are stepped over, attribute values may hold `>` and
 * quotes of the other kind, and the five named entities and numeric
 * character references are decoded. Anything that is not well formed
 * enough to read (an unclosed tag, a stray `<`) throws: a half-read report
 * must not pass for a green run.
 */
export type TestOutcome = 'passed' | 'failed' | 'skipped';

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ent: string) => {
    if (ent[0] === '#') {
      const n = ent[1] === 'x' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      if (!Number.isFinite(n) || n > 0x10ffff) throw new Error(`bad character reference ${whole}`);
      return String.fromCodePoint(n);
    }
    if (!(ent in NAMED)) throw new Error(`unknown entity ${whole}`);
    return NAMED[ent];
  });
}

interface Tag {
  name: string;
  attrs: Record<string, string>;
  close: boolean;
  selfClose: boolean;
}

/** The tags of a document in order (text between them is not needed). */
function tags(xml: string): Tag[] {
  const out: Tag[] = [];
  let i = 0;
  const skipTo = (end: string, what: string): void => {
    const j = xml.indexOf(end, i);
    if (j < 0) throw new Error(`unterminated ${what}`);
    i = j + end.length;
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) skipTo('-->', 'comment');
    else if (xml.startsWith('<![CDATA[', i)) skipTo(']]>', 'CDATA section');
    else if (xml.startsWith('<?', i)) skipTo('?>', 'processing instruction');
    else if (xml.startsWith('<!', i)) skipTo('>', 'declaration'); // DOCTYPE without an internal subset
    else {
      i++;
      const close = xml[i] === '/';
      if (close) i++;
      const m = /^[A-Za-z_][\w.:-]*/.exec(xml.slice(i, i + 200));
      if (!m) throw new Error(`bad tag at offset ${lt}`);
      const name = m[0];
      i += name.length;
      const attrs: Record<string, string> = {};
      let selfClose = false;
      for (;;) {
        while (/\s/.test(xml[i] ?? '')) i++;
        if (i >= xml.length) throw new Error(`unterminated tag <${name}>`);
        if (xml[i] === '>') {
          i++;
          break;
        }
        if (xml.startsWith('/>', i)) {
          selfClose = true;
          i += 2;
          break;
        }
        const a = /^([A-Za-z_][\w.:-]*)\s*=\s*(["'])/.exec(xml.slice(i, i + 300));
        if (!a || close) throw new Error(`bad attribute in <${name}> at offset ${i}`);
        i += a[0].length;
        const end = xml.indexOf(a[2], i);
        if (end < 0) throw new Error(`unterminated attribute ${a[1]} in <${name}>`);
        attrs[a[1]] = decode(xml.slice(i, end));
        i = end + 1;
      }
      out.push({ name, attrs, close, selfClose });
    }
  }
  return out;
}

/**
 * Each test case of a JUnit XML document by its id (`file::classname::name`,
 * the parts that are present), with its outcome: failed when it holds a
 * `<failure>` or `<error>`, skipped for `<skipped>`, else passed. A test
 * that appears twice (a rerun plugin) counts as failed if any run failed.
 */
export function readJUnit(xml: string): Map<string, TestOutcome> {
  const result = new Map<string, TestOutcome>();
  let current: { id: string; outcome: TestOutcome } | null = null;
  const stack: string[] = [];
  const finish = (): void => {
    if (!current) return;
    if (result.get(current.id) !== 'failed') result.set(current.id, current.outcome);
    current = null;
  };
  let root = false;
  for (const t of tags(xml)) {
    if (t.close) {
      if (stack.pop() !== t.name) throw new Error(`mismatched </${t.name}>`);
      if (t.name === 'testcase') finish();
      continue;
    }
    if (!stack.length) {
      if (root) throw new Error('more than one root element');
      root = true;
      if (t.name !== 'testsuites' && t.name !== 'testsuite') throw new Error(`not a JUnit report (root element <${t.name}>)`);
    }
    if (t.name === 'testcase') {
      if (current) throw new Error('<testcase> inside <testcase>');
      const id = [t.attrs.file, t.attrs.classname, t.attrs.name].filter((p) => p !== undefined && p !== '').join('::');
      if (!id) throw new Error('<testcase> without a name');
      current = { id, outcome: 'passed' };
    } else if (current && (t.name === 'failure' || t.name === 'error')) current.outcome = 'failed';
    else if (current && t.name === 'skipped' && current.outcome === 'passed') current.outcome = 'skipped';
    if (t.selfClose) {
      if (t.name === 'testcase') finish();
    } else stack.push(t.name);
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1]}>`);
  if (!root) throw new Error('empty document');
  return result;
}
