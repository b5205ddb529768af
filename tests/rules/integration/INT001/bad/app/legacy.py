"""Nobody imports this."""


def old():
    return 1
