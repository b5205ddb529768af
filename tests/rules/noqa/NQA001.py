"""NQA001 fixture: run with SEC, LOG001 and DEP001 beside it."""
import requests  # noqa: DEP001  # ok: NQA001 (a project-level rule: not judged)


def f(text, cmd):
    print(text)  # noqa: LOG001  # ok: NQA001
    print(text)  # noqa: T201  # ok: NQA001 (ruff's code for LOG001)
    a = eval(text)  # noqa: S307  # ok: NQA001
    b = int(text)  # noqa: SEC001  # ruleid: NQA001
    c = 2  # noqa: E501  # ok: NQA001 (another tool's code)
    d = 3  # noqa: E501, LOG001  # ruleid: NQA001
    e = 4  # noqa  # ok: NQA001 (a bare noqa may be another linter's)
    g = 5  # nosec B602  # ok: NQA001
    h = 6  # noqa: SEC, RUF100  # ok: NQA001 (RUF100 is NQA001: suppressed)
    print(text)  # noqa: SEC  # ruleid: NQA001
    print(eval(text))  # noqa: LOG001, SEC001, SEC002  # ruleid: NQA001
    k = 7  # keep this  # noqa: S102  # ruleid: NQA001
    m = 8  # noqa: TYP001  # ok: NQA001 (TYP001 did not run)
    return a, b, c, d, e, g, h, k, m, requests, cmd
