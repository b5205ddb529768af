"""Fixture for NET001: uses of requests.

This docstring mentions requests.get(url) and import requests: not code.
"""
import logging
import requests  # ruleid: NET001
import requests as rq  # ruleid: NET001
import requests.adapters  # ruleid: NET001
from requests import Session  # ruleid: NET001
from requests.exceptions import HTTPError as RequestsHTTPError  # ruleid: NET001
import requests_toolbelt  # ok: NET001
import httpx  # ok: NET001

log = logging.getLogger(__name__)
BASE = "https://example.org"


def fetch(url):
    response = requests.get(url, timeout=5)  # ruleid: NET001
    rq.post(url, json={})  # ruleid: NET001
    with Session() as session:  # ruleid: NET001
        session.get(url)  # ok: NET001
    adapter = requests.adapters.HTTPAdapter(max_retries=3)  # ruleid: NET001
    try:
        response.raise_for_status()  # ok: NET001
    except requests.exceptions.ConnectionError:  # ruleid: NET001
        log.info("requests.get failed for %s", url)  # ok: NET001
    except RequestsHTTPError:  # ok: NET001
        pass
    status = requests.codes.ok  # ruleid: NET001
    return adapter, status


def submit(executor, url):
    return executor.submit(requests.get, url)  # ruleid: NET001


def local_names(requests, cache):
    requests.get("key")  # ok: NET001
    cache.get("requests")  # ok: NET001
    return httpx.get(BASE)  # ok: NET001


class Client:
    def get(self, url):
        return url

    def run(self):
        self.requests = {}
        self.requests.get("x")  # ok: NET001
        return self.get(BASE)  # ok: NET001


# requests.get(url) in a comment  # ok: NET001
EXAMPLE = "requests.post(url)"  # ok: NET001
