"""A module that already has a logger: the fix reuses it."""
import logging

log = logging.getLogger("tool")


def run(n):
    print("running", n)  # ruleid: LOG001
    return n
