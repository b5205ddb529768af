"""List the environment variables a Python project reads, as JSON on stdout.

Used by ``rfsn-upgrade scaffold config-docs``. It finds ``os.getenv("X", d)``,
``os.environ["X"]``, ``os.environ.get("X", d)``, ``os.environ.setdefault``,
``"X" in os.environ`` (also through ``from os import environ, getenv`` and
aliases) in every ``.py`` file under the root (virtual environments excepted), marks
the variables only tests read, and guesses each variable's type from how the
value is used.
Usage:

    python3 env_inventory.py PROJECT_ROOT
"""

from __future__ import annotations

import ast
import json
import os
import sys
from pathlib import Path
from typing import Any

SKIP_DIRS = {"__pycache__", "venv", "env", "node_modules", "build", "dist", "site-packages"}
TEST_DIRS = {"tests", "test", "testing"}
CONVERTERS = {"int": "int", "float": "float", "bool": "bool", "Path": "path", "Decimal": "decimal"}
TRUTHY = {"1", "true", "yes", "on", "0", "false", "no", "off", "y", "n", "t", "f"}


def python_files(root: Path) -> list[Path]:
    """Return the project's Python files, without hidden folders and virtual environments."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS and not (Path(folder) / d / "pyvenv.cfg").exists())
        found.extend(Path(folder) / name for name in sorted(files) if name.endswith(".py"))
    return found


def is_test_file(path: Path, root: Path) -> bool:
    """Tell whether a file belongs to the tests rather than to the code."""
    rel = path.relative_to(root)
    name = rel.name
    in_test_dir = any(part in TEST_DIRS for part in rel.parts[:-1])
    return in_test_dir or name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"


class Aliases:
    """Names under which one module refers to ``os``, ``os.environ`` and ``os.getenv``."""

    def __init__(self, tree: ast.Module) -> None:
        """Collect the aliases from the module's imports."""
        self.os_names: set[str] = set()
        self.environ_names: set[str] = set()
        self.getenv_names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "os":
                        self.os_names.add(alias.asname or "os")
            elif isinstance(node, ast.ImportFrom) and node.module == "os":
                for alias in node.names:
                    if alias.name == "environ":
                        self.environ_names.add(alias.asname or "environ")
                    elif alias.name == "getenv":
                        self.getenv_names.add(alias.asname or "getenv")

    def is_environ(self, node: ast.expr) -> bool:
        """Tell whether an expression is ``os.environ``."""
        if isinstance(node, ast.Attribute) and node.attr == "environ":
            return isinstance(node.value, ast.Name) and node.value.id in self.os_names
        return isinstance(node, ast.Name) and node.id in self.environ_names

    def is_getenv(self, node: ast.expr) -> bool:
        """Tell whether an expression is ``os.getenv``."""
        if isinstance(node, ast.Attribute) and node.attr == "getenv":
            return isinstance(node.value, ast.Name) and node.value.id in self.os_names
        return isinstance(node, ast.Name) and node.id in self.getenv_names


def default_of(call: ast.Call) -> ast.expr | None:
    """Return the default argument of a getenv/get/setdefault call."""
    if len(call.args) > 1:
        return call.args[1]
    return next((k.value for k in call.keywords if k.arg in ("default", "value")), None)


def literal_type(node: ast.expr | None) -> str | None:
    """Guess a type from a literal default value."""
    if not isinstance(node, ast.Constant) or node.value is None:
        return None
    value = node.value
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return type(value).__name__
    if isinstance(value, str):
        text = value.strip().lower()
        if text.lstrip("-").isdigit():
            return "int"
        try:
            float(text)
        except ValueError:
            return "bool" if text in TRUTHY and text not in ("y", "n", "t", "f") else "str"
        return "float"
    return None


def usage_type(read: ast.expr, parents: dict[ast.AST, ast.AST]) -> str | None:
    """Guess a type from what the code does with the value it read."""
    node: ast.AST = read
    parent = parents.get(node)
    # look through .strip()/.lower() and `x or default`
    while parent is not None:
        if isinstance(parent, ast.Attribute) and parent.attr in ("strip", "lower", "upper", "casefold") and isinstance(parents.get(parent), ast.Call):
            node = parents[parent]
        elif isinstance(parent, ast.BoolOp):
            node = parent
        else:
            break
        parent = parents.get(node)
    if isinstance(parent, ast.Call) and parent.args and parent.args[0] is node:
        callee = parent.func.attr if isinstance(parent.func, ast.Attribute) else parent.func.id if isinstance(parent.func, ast.Name) else ""
        if callee in CONVERTERS:
            return CONVERTERS[callee]
    if isinstance(parent, ast.Attribute) and parent.attr in ("split", "splitlines"):
        return "list"
    if isinstance(parent, ast.Compare):
        others = [parent.left, *parent.comparators]
        constants = [c for o in others if o is not node for c in ([o] if isinstance(o, ast.Constant) else getattr(o, "elts", []))]
        if constants and all(isinstance(c, ast.Constant) and isinstance(c.value, str) and c.value.lower() in TRUTHY for c in constants):
            return "bool"
    return None


def scan_file(path: Path, root: Path, found: dict[str, dict[str, Any]], dynamic: list[dict[str, Any]]) -> None:
    """Record every environment read of one file."""
    source = path.read_text(encoding="utf-8", errors="replace")
    try:
        tree = ast.parse(source, str(path))
    except SyntaxError:
        return
    aliases = Aliases(tree)
    if not (aliases.os_names or aliases.environ_names or aliases.getenv_names):
        return
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    where = path.relative_to(root).as_posix()
    for node in ast.walk(tree):
        name_node: ast.expr | None = None
        default: ast.expr | None = None
        required = False
        how = ""
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            if aliases.is_getenv(func):
                name_node, default, how = node.args[0], default_of(node), "getenv"
            elif isinstance(func, ast.Attribute) and func.attr in ("get", "setdefault") and aliases.is_environ(func.value):
                name_node, default, how = node.args[0], default_of(node), f"environ.{func.attr}"
        elif isinstance(node, ast.Subscript) and aliases.is_environ(node.value) and isinstance(node.ctx, ast.Load):
            name_node, required, how = node.slice, True, "environ[]"
            if isinstance(name_node, ast.Index):  # Python 3.8
                name_node = name_node.value  # type: ignore[attr-defined]
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)) and aliases.is_environ(node.comparators[0]):
            name_node, how = node.left, "in environ"
        if name_node is None:
            continue
        if not (isinstance(name_node, ast.Constant) and isinstance(name_node.value, str)):
            dynamic.append({"path": where, "line": node.lineno, "code": ast.get_source_segment(source, node) or ""})
            continue
        entry = found.setdefault(
            name_node.value, {"name": name_node.value, "defaults": [], "types": [], "required": False, "presence": False, "reads": []}
        )
        entry["reads"].append({"path": where, "line": node.lineno, "how": how, "test": is_test_file(path, root)})
        if required:
            entry["required"] = True
        if default is not None:
            text = ast.get_source_segment(source, default) or ""
            if text:
                entry["defaults"].append((where, node.lineno, text))
        if how == "in environ":
            entry["presence"] = True
            continue
        guess = usage_type(node, parents) or literal_type(default)
        if guess and guess not in entry["types"]:
            entry["types"].append(guess)


def inventory(root: Path) -> dict[str, Any]:
    """Return every variable read under ``root``, sorted by name, and the reads whose name is computed."""
    found: dict[str, dict[str, Any]] = {}
    dynamic: list[dict[str, Any]] = []
    for path in python_files(root):
        scan_file(path, root, found, dynamic)
    variables = []
    for name in sorted(found):
        entry = found[name]
        entry["reads"].sort(key=lambda read: (read["path"], read["line"]))
        defaults = [text for _, _, text in sorted(entry["defaults"])]
        entry["defaults"] = [text for i, text in enumerate(defaults) if text not in defaults[:i]]
        types = entry.pop("types")
        presence = entry.pop("presence")
        only_presence = all(read["how"] == "in environ" for read in entry["reads"])
        specific = [t for t in types if t != "str"]
        entry["type"] = specific[0] if specific else "bool" if only_presence else "str"
        # environ["X"] behind an `"X" in environ` check, or with a default elsewhere, is not required
        entry["required"] = entry["required"] and not presence and not entry["defaults"]
        entry["tests_only"] = all(read["test"] for read in entry["reads"])
        variables.append(entry)
    return {"variables": variables, "dynamic": dynamic}


def main(argv: list[str]) -> int:
    """Print the inventory of the project named on the command line."""
    if len(argv) != 2:
        sys.stderr.write("usage: env_inventory.py PROJECT_ROOT\n")
        return 2
    sys.stdout.write(json.dumps(inventory(Path(argv[1]).resolve())) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
