"""ASY001 fix fixture: async functions that block, run before and after the fix."""
import subprocess
import sys
import time

import requests


async def pause(seconds):
    started = time.monotonic()
    time.sleep(seconds)
    return round(time.monotonic() - started, 1)


async def fetch_json(base):
    response = requests.get(base + "/data", params={"q": "1"}, timeout=5)
    response.raise_for_status()
    return response.json()


async def post_status(base):
    reply = requests.post(base + "/echo", json={"hello": "world"})
    return reply.status_code, reply.json()


async def follow(base):
    requests.get(base + "/redirect").raise_for_status()
    return "followed"


async def fetch_missing(base):
    try:
        response = requests.get(base + "/missing")
        response.raise_for_status()
    except requests.exceptions.HTTPError as exc:
        return "http error caught"
    return "no error"


async def unreachable():
    try:
        requests.get("http://127.0.0.1:9/")
    except (requests.exceptions.ConnectionError, ValueError):
        return "connection error caught"
    return "connected"


async def run_tool():
    proc = subprocess.run([sys.executable, "-c", "print('out'); import sys; sys.exit(3)"], capture_output=True, text=True)
    return proc.returncode, proc.stdout.strip()


async def run_bytes():
    done = subprocess.run([sys.executable, "-c", "import sys; sys.stdout.write('raw')"], capture_output=True)
    return done.stdout, done.returncode


async def run_quiet():
    subprocess.run([sys.executable, "-c", "pass"])
    return "ran"


async def kept_as_is(base):
    response = requests.get(base + "/data", verify=False)
    ok = response.ok
    checked = subprocess.run(["true"], check=True)
    return ok, checked
