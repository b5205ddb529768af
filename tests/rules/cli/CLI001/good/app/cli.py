import argparse


def build_parser():
    parser = argparse.ArgumentParser(prog="app")
    parser.add_argument("--version", action="version", version="1.0")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    sub = parser.add_subparsers()
    sync = sub.add_parser("sync")
    sync.add_argument("--dry-run", action="store_true")
    sync.add_argument("--format", choices=["text", "json"])
    return parser
