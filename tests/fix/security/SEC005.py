"""Tokens drawn from the random module."""
import random
import string


def token(n=32):
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(n))  # ruleid: SEC005


def pin():
    return random.randint(0, 9999)  # ruleid: SEC005


def reproducible():
    random.seed(42)  # ok: SEC005
    rng = random.Random(42)  # ruleid: SEC005 nofix
    return rng.random(), random.Random()  # ruleid: SEC005
