import argparse

parser = argparse.ArgumentParser()
