"""List the public functions and classes of one Python module, as JSON on stdout.

Used by ``rfsn-upgrade scaffold tests --for MODULE``: for each symbol it says
whether it can be called (or instantiated) without arguments, judged from the
syntax tree alone; the module is never imported. Usage:

    python3 public_symbols.py path/to/module.py
"""

from __future__ import annotations

import ast
import json
import sys
from typing import Any

ENUM_BASES = {"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"}
ABSTRACT_BASES = {"ABC", "Protocol"}
PLAIN_BASES = {"object", "Generic"}
EXCEPTION_SUFFIXES = ("Error", "Exception", "Warning")
ENTRY_POINT_NAMES = {"main", "cli", "run_cli"}


def base_name(node: ast.expr) -> str:
    """Return the last name of a base class expression: ``enum.Enum`` -> ``Enum``, ``Generic[T]`` -> ``Generic``."""
    if isinstance(node, ast.Subscript):
        return base_name(node.value)
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def decorator_name(node: ast.expr) -> str:
    """Return the last name of a decorator, without its call arguments."""
    return base_name(node.func if isinstance(node, ast.Call) else node)


def required_parameters(args: ast.arguments, skip_first: bool) -> list[str]:
    """Return the names of the parameters that have no default (without ``self`` when ``skip_first``)."""
    positional = [*args.posonlyargs, *args.args]
    without_default = positional[: len(positional) - len(args.defaults)]
    if skip_first:
        without_default = without_default[1:]
    keyword = [a for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is None]
    return [a.arg for a in [*without_default, *keyword]]


def is_generator(node: ast.AST) -> bool:
    """Tell whether a function body yields (ignoring nested functions)."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        if isinstance(child, (ast.Yield, ast.YieldFrom)):
            return True
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(child))
    return False


def describe_function(node: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, Any]:
    """Describe a module-level function."""
    required = required_parameters(node.args, skip_first=False)
    info: dict[str, Any] = {
        "name": node.name,
        "kind": "function",
        "async": isinstance(node, ast.AsyncFunctionDef),
        "generator": is_generator(node),
        "line": node.lineno,
    }
    if required:
        info.update(action="skip", reason=f"{node.name}() needs {', '.join(required)}")
    elif node.name in ENTRY_POINT_NAMES:
        info.update(action="skip", reason=f"{node.name}() is an entry point: call it with explicit arguments")
    else:
        info.update(action="call")
    return info


def dataclass_required_fields(node: ast.ClassDef) -> list[str]:
    """Return the fields of a dataclass that have no default."""
    required = []
    for stmt in node.body:
        if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
            continue
        if "ClassVar" in ast.dump(stmt.annotation) or "InitVar" in ast.dump(stmt.annotation):
            continue
        value = stmt.value
        if value is None:
            required.append(stmt.target.id)
        elif isinstance(value, ast.Call) and decorator_name(value) == "field":
            if not any(k.arg in ("default", "default_factory") for k in value.keywords):
                required.append(stmt.target.id)
    return required


def describe_class(node: ast.ClassDef) -> dict[str, Any]:
    """Describe a module-level class and how a test can get an instance of it."""
    info: dict[str, Any] = {"name": node.name, "kind": "class", "line": node.lineno}
    bases = {base_name(b) for b in node.bases}
    metaclass = next((base_name(k.value) for k in node.keywords if k.arg == "metaclass"), "")
    decorators = {decorator_name(d) for d in node.decorator_list}
    methods = {s.name: s for s in node.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
    abstract = any(decorator_name(d) == "abstractmethod" for m in methods.values() for d in m.decorator_list)
    if bases & ENUM_BASES:
        info.update(action="enum")
    elif bases & ABSTRACT_BASES or metaclass == "ABCMeta" or abstract:
        info.update(action="skip", reason=f"{node.name} is abstract: test a concrete subclass")
    elif "__init__" in methods:
        required = required_parameters(methods["__init__"].args, skip_first=True)
        if required:
            info.update(action="skip", reason=f"{node.name}() needs {', '.join(required)}")
        else:
            info.update(action="construct")
    elif "dataclass" in decorators:
        required = dataclass_required_fields(node)
        if required and bases - PLAIN_BASES:
            info.update(action="skip", reason=f"{node.name}() needs {', '.join(required)} and the fields it inherits")
        elif required:
            info.update(action="skip", reason=f"{node.name}() needs {', '.join(required)}")
        elif bases - PLAIN_BASES:
            info.update(action="probe")
        else:
            info.update(action="construct")
    elif "NamedTuple" in bases:
        required = dataclass_required_fields(node)
        if required:
            info.update(action="skip", reason=f"{node.name}() needs {', '.join(required)}")
        else:
            info.update(action="construct")
    elif "TypedDict" in bases:
        info.update(action="construct")
    elif any(b.endswith(EXCEPTION_SUFFIXES) or b == "BaseException" for b in bases):
        info.update(action="exception")
    elif not bases - PLAIN_BASES:
        info.update(action="construct")
    else:
        info.update(action="probe")
    return info


def public_names(tree: ast.Module) -> set[str] | None:
    """Return the names listed in a literal ``__all__``, or None when there is none."""
    for stmt in tree.body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets) and stmt.value is not None:
            try:
                return set(ast.literal_eval(stmt.value))
            except ValueError:
                return None
    return None


def inventory(source: str, filename: str) -> dict[str, Any]:
    """Return the public functions and classes defined at the top of a module."""
    tree = ast.parse(source, filename)
    exported = public_names(tree)
    symbols: dict[str, dict[str, Any]] = {}
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            public = stmt.name in exported if exported is not None else not stmt.name.startswith("_")
            if not public:
                continue
            if isinstance(stmt, ast.ClassDef):
                symbols[stmt.name] = describe_class(stmt)
            elif "overload" not in {decorator_name(d) for d in stmt.decorator_list}:
                symbols[stmt.name] = describe_function(stmt)
    return {"docstring": ast.get_docstring(tree) is not None, "symbols": list(symbols.values())}


def main(argv: list[str]) -> int:
    """Print the inventory of the module named on the command line."""
    if len(argv) != 2:
        sys.stderr.write("usage: public_symbols.py MODULE.py\n")
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        source = handle.read()
    try:
        result = inventory(source, argv[1])
    except SyntaxError as exc:
        sys.stderr.write(f"{argv[1]}:{exc.lineno}: syntax error: {exc.msg}\n")
        return 1
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
