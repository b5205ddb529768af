"""eval of configuration text."""
import ast
import json


def load(text, fallback):
    settings = ast.literal_eval(text)  # ruleid: SEC001
    extra = eval(fallback, {"__builtins__": {}})  # ruleid: SEC001 nofix
    model = Model()
    model.eval()  # ok: SEC001
    return settings, extra, json.dumps(settings)


class Model:
    def eval(self):
        return self
