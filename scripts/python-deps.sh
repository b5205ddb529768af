#!/usr/bin/env bash
# One virtual environment for everything the tests run in Python: pytest, the
# scaffolds' runtime packages (prometheus-client, aiosqlite, httpx,
# opentelemetry-sdk), semgrep (which carries its engine) and the oracles
# (pyupgrade, bandit, ruff, pydocstyle, interrogate), pinned in
# requirements-test.txt. Built at .venv with the first python3 on PATH (a
# Python with venv and pip); rebuilt when the requirements change. Tests that
# check generated code on a bare interpreter use Debian's /usr/bin/python3.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${RFSN_TEST_VENV:-.venv}"
req=requirements-test.txt
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
py="$(command -v python3 || true)"
if [ -z "$py" ]; then
  echo "python-deps: no python3 on PATH; the tests need one with venv and pip" >&2
  exit 1
fi
echo "python-deps: building $venv with $("$py" --version 2>&1) from $req" >&2
"$py" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
echo "$want" > "$stamp"
