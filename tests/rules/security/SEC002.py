"""SEC002: calls of the builtin exec().

This docstring mentions exec(code) and must not be reported.
"""
import os

source = "x = 1"
namespace = {}

exec(source)  # ruleid: SEC002
exec(source, namespace)  # ruleid: SEC002
exec(compile(source, "<string>", "exec"), {"__builtins__": {}}, namespace)  # ruleid: SEC002
exec(  # ruleid: SEC002
    source,
    namespace,
)


def run_plugin(code, scope):
    exec(code, scope)  # ruleid: SEC002
    return scope


class Cursor:
    def execute(self, sql):
        return sql


class Application:
    def exec(self):
        return 0


cursor = Cursor()
cursor.execute("SELECT 1")  # ok: SEC002
app = Application()
app.exec()  # ok: SEC002
note = "exec(source) would run arbitrary code"  # ok: SEC002
# exec(source)  # ok: SEC002


def exec_in_child(path):
    os.execv(path, [path])  # ok: SEC002


def sandboxed(code):
    def exec(text):  # ok: SEC002
        return len(text)

    return exec(code)  # ok: SEC002
