"""Describe what one Python module defines, as JSON on stdout, without importing it.

Used by the scaffolds that generate code against a module of the project's own
(``scaffold benchmarks`` against its ``db_pool.py``, ``scaffold grafana`` and
``scaffold metrics-server`` against its ``metrics.py``): its top-level names,
its classes with their methods and ``__init__`` parameters, the return
annotation of its functions, its string constants, and the Prometheus metrics
it creates (``Counter("app_requests_total", ...)``, with ``namespace=`` and
``subsystem=`` when they are literals). Usage:

    python3 module_shape.py path/to/module.py
"""

from __future__ import annotations

import ast
import json
import sys
from typing import Any

METRIC_TYPES = {"Counter", "Gauge", "Histogram", "Summary", "Info", "Enum"}


def last_name(node: ast.expr) -> str:
    """Return the last name of ``a.b.C`` or ``C``, else an empty string."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def literal(node: ast.expr | None) -> str | None:
    """Return the value of a string literal, else None."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def bound_names(tree: ast.Module) -> list[str]:
    """Return the names bound at module level (also inside top-level if/try/with)."""
    names: set[str] = set()
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            for field in ("body", "orelse", "finalbody", "handlers"):
                for child in getattr(node, field, []):
                    stack.extend(child.body if isinstance(child, ast.ExceptHandler) else [child])
    return sorted(names)


def class_shape(node: ast.ClassDef) -> dict[str, Any]:
    """Return a class's methods and its ``__init__`` parameters (without ``self``)."""
    methods = [m for m in node.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))]
    init = next((m for m in methods if m.name == "__init__"), None)
    params: list[str] = []
    varkw = False
    if init is not None:
        args = init.args
        params = [a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]][1:]
        varkw = args.kwarg is not None
    return {"name": node.name, "methods": sorted(m.name for m in methods), "init": params, "init_varkw": varkw}


def metric_of(call: ast.Call) -> dict[str, str] | None:
    """Return the type and full name of a metric a call creates, when its name is a literal."""
    kind = last_name(call.func)
    if kind not in METRIC_TYPES:
        return None
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    name = literal(call.args[0]) if call.args else literal(keywords.get("name"))
    if name is None:
        return None
    if any(key in keywords and literal(keywords[key]) is None for key in ("namespace", "subsystem")):
        return None  # a computed namespace or subsystem: the full name is not known here
    parts = [literal(keywords.get("namespace")), literal(keywords.get("subsystem")), name]
    return {"type": kind, "name": "_".join(p for p in parts if p)}


def shape(tree: ast.Module) -> dict[str, Any]:
    """Return everything this helper reports about a module."""
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = literal(node.value)
            if value is not None:
                constants[node.targets[0].id] = value
    classes = [class_shape(n) for n in tree.body if isinstance(n, ast.ClassDef)]
    functions = [
        {"name": n.name, "returns": last_name(n.returns) if n.returns is not None else ""}
        for n in tree.body
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    metrics = [m for n in ast.walk(tree) if isinstance(n, ast.Call) for m in [metric_of(n)] if m]
    return {"names": bound_names(tree), "classes": classes, "functions": functions, "constants": constants, "metrics": metrics}


def main(argv: list[str]) -> int:
    """Print the shape of the module named on the command line."""
    if len(argv) != 1:
        sys.stderr.write("usage: module_shape.py MODULE.py\n")
        return 2
    try:
        with open(argv[0], "rb") as handle:
            tree = ast.parse(handle.read(), filename=argv[0])
    except (OSError, SyntaxError, ValueError) as exc:
        sys.stderr.write(f"{argv[0]}: cannot read it as Python: {exc}\n")
        return 1
    sys.stdout.write(json.dumps(shape(tree)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
