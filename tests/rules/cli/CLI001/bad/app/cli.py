import argparse


def main(argv=None):
    parser = argparse.ArgumentParser(prog="app")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("path")
    return parser.parse_args(argv)
