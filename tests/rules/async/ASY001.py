"""Fixture for ASY001: blocking calls directly inside async def."""
import asyncio
import os
import sqlite3
import subprocess
import time
import time as clock
import urllib.request
from subprocess import check_output as run_and_read
from time import sleep

import httpx
import requests
from requests import Session


async def handler(url):
    time.sleep(1)  # ruleid: ASY001
    clock.sleep(0.5)  # ruleid: ASY001
    sleep(2)  # ruleid: ASY001
    response = requests.get(url, timeout=5)  # ruleid: ASY001
    session = Session()  # ruleid: ASY001
    data = httpx.get(url)  # ruleid: ASY001
    with httpx.Client() as client:  # ruleid: ASY001
        client.get(url)  # ok: ASY001
    conn = sqlite3.connect("app.db")  # ruleid: ASY001
    conn.execute("select 1")  # ok: ASY001
    urllib.request.urlopen(url)  # ruleid: ASY001
    subprocess.run(["ls"], check=True)  # ruleid: ASY001
    subprocess.Popen(["ls"])  # ruleid: ASY001
    run_and_read(["ls"])  # ruleid: ASY001
    os.system("ls")  # ruleid: ASY001
    return response, session, data


async def fine(url):
    await asyncio.sleep(1)  # ok: ASY001
    async with httpx.AsyncClient() as client:  # ok: ASY001
        await client.get(url)  # ok: ASY001
    await asyncio.to_thread(time.sleep, 1)  # ok: ASY001
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, requests.get, url)  # ok: ASY001
    proc = await asyncio.create_subprocess_exec("ls")  # ok: ASY001
    print("time.sleep(1) in a string")  # ok: ASY001
    # time.sleep(1) in a comment  # ok: ASY001
    return proc


async def nested_sync_def():
    def worker():
        time.sleep(1)  # ok: ASY001
        return requests.get("https://example.org")  # ok: ASY001

    callback = lambda: time.sleep(1)  # ok: ASY001
    await asyncio.to_thread(worker)
    return callback


async def nested_async_in_sync_in_async():
    def outer():
        async def inner():
            time.sleep(1)  # ruleid: ASY001
        return inner

    return outer


def sync_function():
    time.sleep(1)  # ok: ASY001
    requests.get("https://example.org")  # ok: ASY001


class Worker:
    def sleep(self, seconds):
        return seconds

    async def run(self, time_module):
        self.sleep(1)  # ok: ASY001
        time_module.sleep(1)  # ok: ASY001
        self.time.sleep(1)  # ok: ASY001

    async def shadowed(self):
        time = FakeClock()
        time.sleep(1)  # ok: ASY001


class FakeClock:
    def sleep(self, seconds):
        return seconds


async def defaults_run_in_the_enclosing_body():
    def later(delay=time.sleep(0)):  # ruleid: ASY001
        return delay

    return later


async def class_body_runs_inline():
    class Config:
        started = time.sleep(0)  # ruleid: ASY001

        def method(self):
            time.sleep(1)  # ok: ASY001

    return Config
