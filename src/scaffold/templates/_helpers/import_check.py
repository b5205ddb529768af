"""Compile and import the modules rfsn-upgrade wrote, and the project's modules that import them.

Run with the project's own interpreter, cwd at the project root:
    python import_check.py REQUEST.json
REQUEST: {"root": ..., "paths": [root, root/src], "written": [abs .py files]}
Prints one JSON object: {"results": [{"module", "file", "status", "message"}]}
where status is "ok", "missing" (a third-party module is not installed here:
"message" is its name) or "error" (the module does not compile or import).
The imports may print: stdout is sent to stderr until the answer is written.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import os
import sys
import traceback

SKIP_DIRS = {"node_modules", "__pycache__", "site-packages", "build", "dist", "venv"}


def module_name(path: str, paths: list[str]) -> tuple[str, bool]:
    """The dotted name of a file, and whether it is importable by that name from `paths`."""
    d, base = os.path.split(os.path.abspath(path))
    parts = [os.path.splitext(base)[0]]
    while os.path.isfile(os.path.join(d, "__init__.py")) and d not in paths and os.path.dirname(d) != d:
        parts.insert(0, os.path.basename(d))
        d = os.path.dirname(d)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts), d in paths and bool(parts)


def project_files(root: str) -> list[str]:
    """Every .py file of the project, outside virtual environments and tool folders."""
    out = []
    for d, dirs, files in os.walk(root):
        # virtual environments and tool folders are not the project's code
        dirs[:] = [x for x in dirs if not x.startswith(".") and x not in SKIP_DIRS and not os.path.isfile(os.path.join(d, x, "pyvenv.cfg"))]
        out.extend(os.path.join(d, f) for f in files if f.endswith(".py"))
    return out


def imported_names(path: str, name: str) -> set[str]:
    """Every dotted name an import statement of the file may load (a from-import's names too: they can be modules)."""
    try:
        with open(path, "rb") as fh:
            tree = ast.parse(fh.read(), path)
    except (SyntaxError, ValueError, OSError):
        return set()
    package = name if os.path.basename(path) == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".") if package else []
                parts = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            out.add(base)
            out.update(base + "." + a.name if base else a.name for a in node.names)
    return out


def own_top_level(paths: list[str]) -> set[str]:
    """The project's own top-level names: a missing one is the project's fault, not an uninstalled dependency."""
    names = set()
    for p in paths:
        if os.path.isdir(p):
            for e in os.listdir(p):
                names.add(e[:-3] if e.endswith(".py") else e)
    return names


def check(path: str, paths: list[str], own: set[str], counter: int) -> dict:
    """Compile and import one file; its result as the answer reports it."""
    name, importable = module_name(path, paths)
    res = {"module": name, "file": path}
    try:
        with open(path, "rb") as fh:
            compile(fh.read(), path, "exec", dont_inherit=True)
        if importable:
            importlib.import_module(name)
        else:
            # a test file outside any package: loaded by path, as pytest's default import mode does
            spec = importlib.util.spec_from_file_location(f"_rfsn_check_{counter}", path)
            mod = importlib.util.module_from_spec(spec)
            # registered, as an import would: dataclasses and pickling look the module up by name
            sys.modules[spec.name] = mod
            spec.loader.exec_module(mod)
        res["status"] = "ok"
    except ModuleNotFoundError as e:
        missing = (e.name or "").split(".")[0]
        if missing and missing not in own:
            res.update(status="missing", message=missing)
        else:
            res.update(status="error", message=f"{type(e).__name__}: {e}")
    except SystemExit as e:
        res.update(status="error", message=f"SystemExit: {e.code}")
    except BaseException as e:  # whatever the module raises at import is its failure
        last = traceback.extract_tb(e.__traceback__)[-1:] if e.__traceback__ else []
        where = f" ({os.path.relpath(last[0].filename)}:{last[0].lineno})" if last and last[0].filename != path else ""
        first = str(e).splitlines()[0] if str(e) else ""
        res.update(status="error", message=f"{type(e).__name__}: {first}{where}")
    return res


def main() -> None:
    """Read the request, check the written modules and their importers, print the answer."""
    with open(sys.argv[1], encoding="utf-8") as fh:
        req = json.load(fh)
    paths = [os.path.abspath(p) for p in req["paths"]]
    for p in reversed(paths):
        sys.path.insert(0, p)
    own = own_top_level(paths)
    written = [os.path.abspath(p) for p in req["written"]]
    targets = {module_name(p, paths)[0] for p in written}
    # before the write, a file that is still to be created is not there: its importers are checked alone
    files = [p for p in written if os.path.isfile(p)]
    for f in project_files(req["root"]):
        f = os.path.abspath(f)
        if f in files:
            continue
        name = module_name(f, paths)[0]
        if imported_names(f, name) & targets:
            files.append(f)
    out = sys.stdout
    sys.stdout = sys.stderr
    results = [check(f, paths, own, i) for i, f in enumerate(files)]
    sys.stdout = out
    out.write(json.dumps({"results": results}) + "\n")
    out.flush()
    # a module that started threads must not keep the check alive
    os._exit(0)


main()
