import sys


def run():
    return len(sys.argv)
