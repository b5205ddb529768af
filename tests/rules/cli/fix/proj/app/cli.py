"""app's command line."""
import argparse
import logging


def main(argv=None):
    parser = argparse.ArgumentParser(prog="app", description="Does things.")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("path", nargs="?")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    return args.path
