import requests
import yaml

try:
    import ujson as json
except ImportError:
    import json


def run():
    return requests, yaml.safe_load("a: 1"), json.dumps({})
