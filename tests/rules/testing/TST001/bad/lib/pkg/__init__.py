def helper():
    return 4
