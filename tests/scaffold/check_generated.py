"""Check generated Python against the conventions rfsn-upgrade asks of other code.

Prints one line per problem ("path:line: message") and exits 1 if there is
any. The tool's own rules cover part of this; this script covers all of it,
whatever rules the scan engine has at the moment:

- a docstring on every module, class and function (nested ones included);
- a return annotation on every function;
- no print(), eval(), exec(), os.system/os.popen, shell=True, random module;
- typing.List/Dict/Optional/Union... replaced by builtins and X | None,
  with ``from __future__ import annotations``;
- no "...".format(...) or "..." % args on string literals.

Usage: python3 check_generated.py FILE_OR_DIR...
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

OLD_TYPING = {"List", "Dict", "Tuple", "Set", "FrozenSet", "Type", "Deque", "DefaultDict", "Optional", "Union", "Text"}


def problems(path: Path) -> list[str]:
    """Return the problems of one file."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, str(path))
    found: list[str] = []

    def report(node: ast.AST | None, message: str) -> None:
        """Record one problem."""
        found.append(f"{path}:{getattr(node, 'lineno', 1)}: {message}")

    if ast.get_docstring(tree) is None:
        report(None, "module without docstring")
    if "annotations" not in {a.name for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "__future__" for a in n.names}:
        report(None, "no `from __future__ import annotations`")
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and ast.get_docstring(node) is None:
            report(node, f"{node.name} without docstring")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is None:
            report(node, f"{node.name} without return annotation")
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else f"{getattr(func.value, 'id', '?')}.{func.attr}" if isinstance(func, ast.Attribute) else ""
            if name in ("print", "eval", "exec", "os.system", "os.popen", "random.random", "random.choice", "random.randint"):
                report(node, f"{name}() call")
            if any(k.arg == "shell" and isinstance(k.value, ast.Constant) and k.value.value is True for k in node.keywords):
                report(node, "shell=True")
            if isinstance(func, ast.Attribute) and func.attr == "format" and isinstance(func.value, ast.Constant) and isinstance(func.value.value, str):
                report(node, '"...".format() on a literal')
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
            report(node, '"..." % args on a literal')
        if isinstance(node, ast.Import) and any(a.name == "random" for a in node.names):
            report(node, "random module imported")
        if isinstance(node, ast.ImportFrom) and node.module == "typing":
            old = sorted({a.name for a in node.names} & OLD_TYPING)
            if old:
                report(node, f"old typing names: {', '.join(old)}")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "typing" and node.attr in OLD_TYPING:
            report(node, f"typing.{node.attr}")
    return found


def main(argv: list[str]) -> int:
    """Check every .py file under the given paths."""
    files: list[Path] = []
    for arg in argv[1:]:
        path = Path(arg)
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    found = [line for file in files for line in problems(file)]
    sys.stdout.write("".join(f"{line}\n" for line in found))
    sys.stdout.write(f"checked {len(files)} files, {len(found)} problems\n")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
