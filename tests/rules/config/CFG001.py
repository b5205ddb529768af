"""Fixture for CFG001: environment reads documented nowhere.

UNDOCUMENTED_IN_DOCSTRING appears here, which is not a docs file.
"""
import os
import os as operating_system
from os import environ
from os import getenv as env

# documented: README.md, docs/guide/configuration.rst, .env.example
home = os.getenv("APP_HOME")  # ok: CFG001
db = os.environ["DATABASE_URL"]  # ok: CFG001
level = environ.get("LOG_LEVEL", "info")  # ok: CFG001

# not documented
timeout = os.getenv("APP_TIMEOUT", "30")  # ruleid: CFG001
token = os.environ["APP_TOKEN"]  # ruleid: CFG001
region = os.environ.get("APP_REGION")  # ruleid: CFG001
cache = environ.get("APP_CACHE_DIR", default="/tmp")  # ruleid: CFG001
workers = env("APP_WORKERS", "4")  # ruleid: CFG001
debug = operating_system.environ.setdefault("APP_DEBUG", "0")  # ruleid: CFG001
built_only = os.getenv("VENDORED_ONLY")  # ruleid: CFG001
by_key = os.getenv(key="APP_BY_KEY")  # ruleid: CFG001
documented_in_code = os.getenv("UNDOCUMENTED_IN_DOCSTRING")  # ruleid: CFG001

# not reads
os.environ["APP_WRITTEN"] = "1"  # ok: CFG001
del os.environ["APP_WRITTEN"]  # ok: CFG001
name = "APP_DYNAMIC"
dynamic = os.getenv(name)  # ok: CFG001
settings = {"APP_SETTING": 1}
value = settings.get("APP_SETTING")  # ok: CFG001
message = "os.getenv('APP_IN_STRING')"  # ok: CFG001
# os.getenv("APP_IN_COMMENT")  # ok: CFG001


def shadowed(environ):
    return environ.get("APP_SHADOWED")  # ok: CFG001


class Config:
    environ = {}

    def getenv(self, key):
        return self.environ.get(key)

    def load(self):
        return self.getenv("APP_METHOD")  # ok: CFG001


# set by the OS, the shell or a CI system: no project docs needed
with open(os.environ["GITHUB_OUTPUT"], "a") as out:  # ok: CFG001
    out.write("done=1\n")
summary = os.getenv("GITHUB_STEP_SUMMARY")  # ok: CFG001
sha = os.environ.get("GITHUB_SHA", "")  # ok: CFG001
in_ci = os.getenv("CI") == "true"  # ok: CFG001
user_home = os.environ["HOME"]  # ok: CFG001
search_path = os.getenv("PATH", "").split(os.pathsep)  # ok: CFG001
who = os.getenv("USER")  # ok: CFG001
scratch = env("TMPDIR", "/tmp")  # ok: CFG001
job = os.getenv("CI_JOB_ID")  # ok: CFG001
# a name that only starts like one is the project's own
ciao = os.getenv("CIAO_TOKEN")  # ruleid: CFG001
github_like = os.getenv("MY_GITHUB_TOKEN")  # ruleid: CFG001
if "APP_FLAG" in os.environ:  # ok: CFG001
    flag = os.environ["APP_FLAG"]  # ruleid: CFG001
