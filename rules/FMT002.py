import logging

log = logging.getLogger(__name__)
key, value, n = "k", "v", 3

# ruleid: FMT002
a = "%s: %s" % (key, value)
# ruleid: FMT002
b = "%(key)s=%(value)r" % {"key": key, "value": value}
# ruleid: FMT002
f = "%s" % key
# ruleid: FMT002
h = "%s and %s" % (
    key,
    value,
)
# ruleid: FMT002
j = "a=%s " "b=%s" % (key, value)
# ruleid: FMT002
u = u"%d" % n

# ok: FMT002
log.info("%s: %s", key, value)
fmt = "%s"
# ok: FMT002
o = fmt % key
# ok: FMT002
p = b"%s" % (b"x",)
# ok: FMT002
q = 10 % 3
