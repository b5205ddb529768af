"""SEC005: functions of the random module (not cryptographically secure).

This docstring mentions random.random() and must not be reported.
"""
import random
import random as r
import secrets
from random import choice, shuffle
from random import randint as ri

try:
    import numpy
    import numpy as np
except ImportError:
    pass

items = ["a", "b", "c"]

random.random()  # ruleid: SEC005
random.randint(1, 6)  # ruleid: SEC005
random.randrange(10)  # ruleid: SEC005
random.choice(items)  # ruleid: SEC005
random.choices(items, k=2)  # ruleid: SEC005
random.sample(items, 2)  # ruleid: SEC005
random.shuffle(items)  # ruleid: SEC005
random.uniform(0.0, 1.0)  # ruleid: SEC005
random.triangular(0.0, 1.0)  # ruleid: SEC005
random.getrandbits(32)  # ruleid: SEC005
random.gauss(0.0, 1.0)  # ruleid: SEC005
r.random()  # ruleid: SEC005
r.choice(items)  # ruleid: SEC005
choice(items)  # ruleid: SEC005
shuffle(items)  # ruleid: SEC005
ri(1, 10)  # ruleid: SEC005
session_id = "%08x" % random.getrandbits(32)  # ruleid: SEC005
pick = random.choice(  # ruleid: SEC005
    items,
)

secrets.choice(items)  # ok: SEC005
secrets.token_hex(16)  # ok: SEC005
secrets.randbelow(10)  # ok: SEC005
secrets.SystemRandom().random()  # ok: SEC005
sysrand = random.SystemRandom()  # ok: SEC005
sysrand.choice(items)  # ok: SEC005
numpy.random.rand(3)  # ok: SEC005
np.random.rand(3)  # ok: SEC005
np.random.default_rng(0).random()  # ok: SEC005
text = "random.random() is not secure"  # ok: SEC005
# random.random()  # ok: SEC005


# the fix: random.choice -> secrets.choice, others -> secrets.SystemRandom().fn; a seeded Random() stays
def token(n=32):
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(random.choice(alphabet) for _ in range(n))  # ruleid: SEC005


def pin():
    return random.randint(0, 9999)  # ruleid: SEC005


def reproducible():
    random.seed(42)  # ok: SEC005
    rng = random.Random(42)  # ruleid: SEC005 nofix
    return rng.random(), random.Random()  # ruleid: SEC005
