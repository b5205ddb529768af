import path from 'node:path';
import { ROOT, tempProject } from '../helpers/cli';

/** The project of the `fix --verify` tests (verify*.test.ts): a fix one test notices, others no test minds, a test that always fails. */
export const PY = path.join(ROOT, '.venv', 'bin', 'python');
export const PYTEST = `${PY} -m pytest -q -p no:cacheprovider`;

// a safe fix a test notices (a function's return annotation read through get_type_hints), one beside it that no test
// reads, and string-format fixes in another file that no test minds
export const HINTS = `"""Hints."""
from typing import List


def numbers() -> List[int]:
    """Return numbers."""
    return [1, 2]


def names(prefix: str) -> List[str]:
    """Return names."""
    return [prefix + "a"]
`;
export const GREET = `"""Greetings."""


def hello(name: str) -> str:
    """Greet."""
    return "hello %s" % (name,)


def bye(name: str) -> str:
    """Leave."""
    return "bye {}".format(name)
`;
export const TESTS = `import typing

from app.greet import bye, hello
from app.hints import names, numbers


def test_hints():
    assert typing.get_type_hints(numbers)["return"] == typing.List[int]


def test_greet():
    assert hello("x") == "hello x"
    assert bye("x") == "bye x"
    assert names("p") == ["pa"]


def test_always_fails():
    assert False, "fails before any fix"
`;

export function project(extra: Record<string, string> = {}): string {
  return tempProject({
    'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.10"\n',
    'app/__init__.py': '"""App."""\n',
    'app/hints.py': HINTS,
    'app/greet.py': GREET,
    'tests/test_app.py': TESTS,
    ...extra,
  });
}

