import builtins

expr = "1 + 2"

# ruleid: SEC001
eval(expr)
# ruleid: SEC001
value = eval("[1, 2]", {}, {})
# ruleid: SEC001
builtins.eval(expr)


class Model:
    def eval(self):
        return self


# ok: SEC001
Model().eval()
# ok: SEC001
text = "eval(expr)"
# eval(expr) in a comment is never a finding
