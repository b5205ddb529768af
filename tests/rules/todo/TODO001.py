"""Fixture for TODO001.

TODO: a tag inside a docstring is not a comment.
"""
import logging

log = logging.getLogger(__name__)

# TODO: retry on 503  # ruleid: TODO001
x = 1  # FIXME: x should come from config  # ruleid: TODO001
# XXX this is fragile  # ruleid: TODO001
#HACK: no space after the hash  # ruleid: TODO001
y = 2  # see TODO(bob) before release  # ruleid: TODO001


def todo():  # ok: TODO001
    """A function named todo is not a comment."""
    TODO = "TODO: in a string"  # ok: TODO001
    note = "# FIXME inside a string"  # ok: TODO001
    log.info("XXX %s", TODO)  # ok: TODO001
    return note


# todo: lower case is not a tag  # ok: TODO001
# TODOS and XXXL and HACKER are other words  # ok: TODO001
# NOTE: an ordinary comment  # ok: TODO001
z = "HACK"  # ok: TODO001
