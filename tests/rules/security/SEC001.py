"""SEC001: calls of the builtin eval().

A docstring that says eval(user_input) is only text and must not be reported.
"""
import ast

expression = "1 + 2"
user_input = "[1, 2, 3]"

eval("1 + 1")  # ruleid: SEC001
result = eval(expression, {"__builtins__": {}}, {})  # ruleid: SEC001
total = 1 + eval(user_input)[0]  # ruleid: SEC001
handlers = [lambda text: eval(text)]  # ruleid: SEC001
nested = str(eval(expression))  # ruleid: SEC001
multi = eval(  # ruleid: SEC001
    expression,
    {},
)


def compute(source):
    return eval(source)  # ruleid: SEC001


class Calculator:
    def run(self, text):
        return eval(text)  # ruleid: SEC001

    def eval(self, text):  # ok: SEC001
        return ast.literal_eval(text)  # ok: SEC001

    def apply(self, text):
        return self.eval(text)  # ok: SEC001


class Model:
    def eval(self):
        return self


model = Model()
model.eval()  # ok: SEC001
ast.literal_eval(user_input)  # ok: SEC001
text = "eval(user_input)"  # ok: SEC001
# eval(user_input) in a comment  # ok: SEC001


def render(template):
    def eval(node):  # ok: SEC001
        return str(node)

    return eval(template)  # ok: SEC001


def apply_with(eval, value):
    return eval(value)  # ok: SEC001


def after_local(value):
    return eval(value)  # ruleid: SEC001


# the fix: eval(x) becomes ast.literal_eval(x); eval with globals/locals is left alone
def load(text, fallback):
    settings = eval(text)  # ruleid: SEC001
    extra = eval(fallback, {"__builtins__": {}})  # ruleid: SEC001 nofix
    model = Model()
    model.eval()  # ok: SEC001
    return settings, extra
