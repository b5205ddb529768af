"""Retries through an adapter: nothing in httpx maps to HTTPAdapter."""
import requests
from requests.adapters import HTTPAdapter


def session_with_retries():
    s = requests.Session()
    s.mount("https://", HTTPAdapter(max_retries=3))
    return s
