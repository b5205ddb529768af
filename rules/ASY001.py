import asyncio
import os
import sqlite3
import subprocess
import time
import time as clock
from time import sleep

import httpx
import requests
from requests import Session


async def handler(url):
    # ruleid: ASY001
    time.sleep(1)
    # ruleid: ASY001
    clock.sleep(0.5)
    # ruleid: ASY001
    sleep(2)
    # ruleid: ASY001
    response = requests.get(url, timeout=5)
    # ruleid: ASY001
    session = Session()
    # ruleid: ASY001
    data = httpx.get(url)
    # ruleid: ASY001
    conn = sqlite3.connect("app.db")
    # ok: ASY001
    conn.execute("select 1")
    # ruleid: ASY001
    subprocess.run(["ls"], check=True)
    # ruleid: ASY001
    os.system("ls")
    return response, session, data


async def fine(url):
    # ok: ASY001
    await asyncio.sleep(1)
    async with httpx.AsyncClient() as client:
        # ok: ASY001
        await client.get(url)
    # ok: ASY001
    await asyncio.to_thread(time.sleep, 1)

    def worker():
        # ok: ASY001
        time.sleep(1)

    # ruleid: ASY001
    time.sleep(3)

    # ok: ASY001
    runner = lambda: time.sleep(1)
    return worker, runner


async def before_a_nested_def():
    # ruleid: ASY001
    time.sleep(1)

    def helper():
        return 1

    return helper


async def class_body_runs_inline():
    class Config:
        # ruleid: ASY001
        started = time.sleep(0)

        def method(self):
            # ok: ASY001
            time.sleep(1)

    return Config


def plain():
    # ok: ASY001
    time.sleep(1)
