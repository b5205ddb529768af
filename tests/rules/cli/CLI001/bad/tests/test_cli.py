import argparse

argparse.ArgumentParser()
