"""The command line."""
import argparse
import sys

from minictl import store


def main(argv=None):
    parser = argparse.ArgumentParser(prog="minictl")
    parser.add_argument("name")
    args = parser.parse_args(argv)
    print("hello {}".format(args.name))
    print(store.summary({}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
