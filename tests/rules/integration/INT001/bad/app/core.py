from . import util


def run():
    return util.VALUE
