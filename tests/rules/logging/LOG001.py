"""A small report tool that prints its progress: LOG001 fixture."""
import sys
from pprint import pprint


def report(rows, seconds):
    print("starting")  # ruleid: LOG001
    print("rows:", len(rows), "in", seconds, "s")  # ruleid: LOG001
    print(f"{len(rows)} rows in {seconds:.2f}s ({rows!r})")  # ruleid: LOG001
    print(f"100% of {len(rows)} rows", "done")  # ruleid: LOG001
    print(rows)  # ruleid: LOG001
    print("%s rows, first %r" % (len(rows), rows[0]))  # ruleid: LOG001
    print("warning: empty", file=sys.stderr)  # ruleid: LOG001
    print("a", "b", sep=", ")  # ruleid: LOG001
    print("flushed", flush=True)  # ruleid: LOG001
    print()  # ruleid: LOG001
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
