import { readJUnit } from '../../src/fix/junitread';
import { runsPytest } from '../../src/fix/suite';

describe('readJUnit', () => {
  test("pytest's report: passed, failed, errored, skipped", () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="1" failures="1" skipped="1" tests="4">
<testcase classname="tests.test_app" name="test_ok" time="0.001" />
<testcase classname="tests.test_app" name="test_bad[a&gt;b]" time="0.001"><failure message="AssertionError: x &lt; &quot;y&quot;">def test_bad():
&gt;       assert 1 &lt; 0</failure></testcase>
<testcase classname="tests.test_app" name="test_err"><error message="failed on setup"><![CDATA[ <testcase name="fake"/> ]]></error></testcase>
<!-- <testcase name="commented"/> -->
<testcase classname="tests.test_app" name="test_skip"><skipped type="pytest.skip" message="no">x</skipped></testcase>
</testsuite></testsuites>`;
    expect([...readJUnit(xml)]).toEqual([
      ['tests.test_app::test_ok', 'passed'],
      ['tests.test_app::test_bad[a>b]', 'failed'],
      ['tests.test_app::test_err', 'failed'],
      ['tests.test_app::test_skip', 'skipped'],
    ]);
  });

  test("entities, numeric references, the other quote inside a value, `>` inside a value, a file attribute", () => {
    const xml = `<testsuite><testcase file='a.py' classname='k' name='it says "hi" &amp; &#233;&#x1F600; &apos;q&apos; a>b'/></testsuite>`;
    expect([...readJUnit(xml).keys()]).toEqual(['a.py::k::it says "hi" & é😀 \'q\' a>b']);
  });

  test('a test run twice counts as failed when one run failed', () => {
    const xml = '<testsuite><testcase name="t"><failure/></testcase><testcase name="t"/></testsuite>';
    expect(readJUnit(xml).get('t')).toBe('failed');
  });

  test.each([
    ['', 'empty document'],
    ['<testsuite><testcase name="t"></testsuite>', 'mismatched'],
    ['<testsuite><testcase name="t"/>', 'unclosed'],
    ['<html></html>', 'not a JUnit report'],
    ['<testsuite><testcase name="t &bogus;"/></testsuite>', 'unknown entity'],
    ['<testsuite><testcase name="t/></testsuite>', 'unterminated'],
    ['<testsuite><!-- x </testsuite>', 'unterminated comment'],
    ['<testsuite/><testsuite/>', 'more than one root'],
  ])('refuses %j', (xml, message) => {
    expect(() => readJUnit(xml)).toThrow(message);
  });
});

describe('runsPytest', () => {
  test.each([
    ['pytest', true],
    ['pytest -q tests', true],
    ['.venv/bin/pytest -x', true],
    ['python -m pytest -q', true],
    ['/usr/bin/python3 -m pytest', true],
    ['PYTHONPATH=src py.test', true],
    ['cd sub && python -m pytest', true],
    ['"my dir/.venv/bin/python" -m pytest', true],
    ['python -m unittest', false],
    ['tox -e py312', false],
    ['echo pytest-like | cat', false],
    ['python -m pytest; echo done', false],
    ["sh -c 'pytest'", false],
  ])('%s → %s', (cmd, expected) => {
    expect(runsPytest(cmd)).toBe(expected);
  });
});
