import random
import random as r
import secrets
from random import choice
from random import randint as ri

items = ["a", "b", "c"]

# ruleid: SEC005
random.random()
# ruleid: SEC005
random.randint(1, 6)
# ruleid: SEC005
r.shuffle(items)
# ruleid: SEC005
choice(items)
# ruleid: SEC005
ri(1, 6)
# ruleid: SEC005
rng = random.Random(42)

# ok: SEC005
secrets.choice(items)
# ok: SEC005
random.seed(1)
# ok: SEC005
sysrand = random.SystemRandom()
