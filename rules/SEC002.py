import builtins

code = "x = 1"

# ruleid: SEC002
exec(code)
# ruleid: SEC002
exec(code, {"__builtins__": {}})
# ruleid: SEC002
builtins.exec(code)


class Cursor:
    def exec(self, sql):
        return sql


# ok: SEC002
Cursor().exec("select 1")
# ok: SEC002
note = "exec(code)"
