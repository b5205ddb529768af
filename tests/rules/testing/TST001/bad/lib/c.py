def untested():
    return 3
