"""A small report tool that prints its progress: LOG001 fixture."""
import logging
import sys
from pprint import pprint

logger = logging.getLogger(__name__)


def report(rows, seconds):
    logger.info("starting")  # ruleid: LOG001
    logger.info("rows: %s in %s s", len(rows), seconds)  # ruleid: LOG001
    logger.info("%s rows in %.2fs (%r)", len(rows), seconds, rows)  # ruleid: LOG001
    logger.info("100%% of %s rows done", len(rows))  # ruleid: LOG001
    logger.info(rows)  # ruleid: LOG001
    logger.info("%s rows, first %r", len(rows), rows[0])  # ruleid: LOG001
    logger.error("warning: empty")  # ruleid: LOG001
    logger.info("a, b")  # ruleid: LOG001
    logger.info("flushed")  # ruleid: LOG001
    logger.info("")  # ruleid: LOG001
    print("no newline", end="")  # ruleid: LOG001 nofix
    print("joined", *rows)  # ruleid: LOG001 nofix
    with open("/dev/null", "w") as out:
        print("to a file", file=out)  # ruleid: LOG001 nofix
    pprint(rows)  # ok: LOG001
    return len(rows)


class Console:
    def print(self, text):  # ok: LOG001
        sys.stdout.write(text)

    def show(self, text):
        self.print(text)  # ok: LOG001


def local_print(print=len):
    return print("x")  # ok: LOG001
