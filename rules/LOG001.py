import pprint
import sys

# ruleid: LOG001
print("loaded")
# ruleid: LOG001
print("cannot connect", file=sys.stderr)
# ruleid: LOG001
print(
    "several",
    "lines",
)


class Console:
    def print(self, text):
        return text


# ok: LOG001
Console().print("x")
# ok: LOG001
pprint.pprint({"a": 1})
# ok: LOG001
label = "print('x')"
