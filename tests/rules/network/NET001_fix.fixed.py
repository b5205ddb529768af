"""A small API client on requests: NET001 fix fixture."""
import json

import httpx  # ruleid: NET001
from httpx import HTTPStatusError  # ruleid: NET001

BASE = "http://127.0.0.1:8000"


def fetch(path, **params):
    response = httpx.get(BASE + path, params=params, timeout=5, follow_redirects=True)  # ruleid: NET001
    response.raise_for_status()
    return response.json()


def create(path, payload):
    response = httpx.post(BASE + path, json=payload, timeout=5, follow_redirects=False)  # ruleid: NET001
    return response.status_code, response.headers.get("location")


def fetch_all(paths):
    out = []
    with httpx.Client(follow_redirects=True) as session:  # ruleid: NET001
        session.headers["x-client"] = "netfix"
        for p in paths:
            out.append(session.get(BASE + p, timeout=5).text)
    return out


def safe_fetch(path):
    try:
        return fetch(path)
    except HTTPStatusError as err:  # ok: NET001
        return {"error": err.response.status_code}
    except httpx.ConnectError:  # ruleid: NET001
        return {"error": "unreachable"}
    except httpx.HTTPError:  # ruleid: NET001
        return {"error": "request failed"}


def dump(obj):
    return json.dumps(obj, sort_keys=True)
