def other():
    return 3
