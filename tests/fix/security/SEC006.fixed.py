"""Credentials written into the source."""

import os

DB_PASSWORD = os.environ["DB_PASSWORD"]  # ruleid: SEC006
apiKey = os.environ["API_KEY"]  # ruleid: SEC006
GITHUB = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"  # ruleid: SEC006 nofix


class Client:
    def __init__(self, token=os.environ["TOKEN"]):  # ruleid: SEC006
        self.secret_token = os.environ["SECRET_TOKEN"]  # ruleid: SEC006
        self.token = token


def login(user, password):
    if password == "":  # ok: SEC006
        return None
    return Client(token=os.environ["TOKEN"])  # ruleid: SEC006
