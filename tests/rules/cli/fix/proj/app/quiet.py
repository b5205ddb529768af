"""A tool that logs, with no way to see its debug output."""
import argparse
import logging

log = logging.getLogger(__name__)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="quiet")
    parser.add_argument("name")
    args = parser.parse_args(argv)
    log.debug("hello %s", args.name)
    return logging.getLogger().level
