# target-version: py311
"""printf-style formatting of literals, as pyupgrade rewrites it."""
import logging

log = logging.getLogger(__name__)
key, value, n, pct, obj = "k", "v", 3, 0.25, object()

a = "{}: {}".format(key, value)  # ruleid: FMT002
b = "{key}={value!r}".format(key=key, value=value)  # ruleid: FMT002
c = "{:.2f}% done".format(pct)  # ruleid: FMT002
d = "%-10r|" % (obj,)  # ruleid: FMT002 nofix
e = "%d items" % (n,)  # ruleid: FMT002 nofix
f = "%s" % key  # ruleid: FMT002 nofix
g = "%5s|" % (key,)  # ruleid: FMT002 nofix
h = "{} and {}".format(  # ruleid: FMT002
    key,
    value,
)
i = "{{}} {}".format(key)  # ruleid: FMT002
j = "%(a)s" % {"a": key, **{}}  # ruleid: FMT002 nofix
k = "{} {}".format(key, "v")  # ruleid: FMT002
m = "{:x}".format(255)  # ruleid: FMT002
log.info("%s: %s", key, value)  # ok: FMT002
fmt = "%s"
o = fmt % key  # ok: FMT002
p = b"%s" % (b"x",)  # ok: FMT002
q = 10 % 3  # ok: FMT002
