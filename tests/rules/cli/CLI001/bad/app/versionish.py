from argparse import ArgumentParser

p = ArgumentParser()
p.add_argument("-v", "--version", action="version", version="1")
p.add_argument("-o", "--output")
