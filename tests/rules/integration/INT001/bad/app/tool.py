def go():
    pass


if __name__ == "__main__":
    go()
