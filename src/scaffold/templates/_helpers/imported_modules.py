"""Print, as JSON, the modules each given Python file imports (absolute imports, read with ``ast``).

``import a.b as x`` gives ``a.b``; ``from a.b import c`` gives ``a.b`` and ``a.b.c`` (``c`` may be a
module). A file that cannot be read or parsed maps to null. Used by ``scaffold tests`` to tell whether
an existing test file is the one for a module.
"""

from __future__ import annotations

import ast
import json
import sys


def imported(path: str) -> list[str] | None:
    """The absolute imports of the file at ``path``, sorted; None when it cannot be read or parsed."""
    try:
        with open(path, "rb") as fh:
            tree = ast.parse(fh.read(), filename=path)
    except (OSError, SyntaxError, ValueError):
        return None
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module)
            out.update(node.module + "." + alias.name for alias in node.names if alias.name != "*")
    return sorted(out)


json.dump({path: imported(path) for path in sys.argv[1:]}, sys.stdout)
