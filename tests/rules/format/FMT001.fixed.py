# target-version: py311
"""str.format on literals: f-strings where pyupgrade makes them."""
import logging

log = logging.getLogger(__name__)
name, total, done, obj, items = "x", 3, 1, object(), [1]

a = f"{done} of {total} done"  # ruleid: FMT001
b = f"{done} of {total} done"  # ruleid: FMT001
c = f"{name}: {total:>5}"  # ruleid: FMT001
d = f"{obj!r} at {1.5:.2f}"  # ruleid: FMT001
e = f"{obj.__class__.__name__}"  # ruleid: FMT001
f = f"{name}"  # ruleid: FMT001
g = "{} {}".format(name, "quoted")  # ruleid: FMT001
h = "{0} and {0}".format(name)  # ruleid: FMT001 nofix
i = "{0[0]}".format(items)  # ruleid: FMT001 nofix
j = "{}".format(*items)  # ruleid: FMT001 nofix
k = "{} {}".format(  # ruleid: FMT001 nofix
    name, total)
m = "first {} " "second {}".format(1, 2)  # ruleid: FMT001 nofix
n = ("{}" "-{}").format(1, 2)  # ruleid: FMT001
o = "{}".format({1})  # ruleid: FMT001 nofix
p = "{:{}}".format(name, 5)  # ruleid: FMT001 nofix
q = "{:^10}".format  # ruleid: FMT001
template = "{} {}"
r = template.format(1, 2)  # ok: FMT001
s = f"{name}"  # ok: FMT001
t = b"{}"  # ok: FMT001
log.info("%s done", name)  # ok: FMT001
