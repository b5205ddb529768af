# ruleid: NET001
import requests
# ruleid: NET001
from requests import Session
# ruleid: NET001
from requests.adapters import HTTPAdapter


def fetch(url):
    # ruleid: NET001
    resp = requests.get(url, timeout=10)
    # ruleid: NET001
    session = Session()
    # ruleid: NET001
    session.mount("https://", HTTPAdapter())
    return resp, session


def local(requests):
    # ok: NET001
    return len(requests)


class Client:
    def get(self, url):
        return url


# ok: NET001
Client().get("https://example.org")
