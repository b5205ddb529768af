done, total = 1, 2
template = "{} of {}"

# ruleid: FMT001
msg = "{} of {} done".format(done, total)
# ruleid: FMT001
other = '{0} and {1}'.format(done, total)
# ruleid: FMT001
multi = "{a}".format(
    a=done,
)
# ruleid: FMT001
prefixed = u"{}".format(done)
# ruleid: FMT001
joined = "first {} " "second {}".format(1, 2)
# ruleid: FMT001
wrapped = ("{0}" "-{1}").format(1, 2)
# ruleid: FMT001
padded = list(map("{0:>4}".format, [done, total]))

# ok: FMT001
from_variable = template.format(done, total)
# ok: FMT001
already = f"{done} of {total}"
