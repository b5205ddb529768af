"""Credentials written into the source."""
DB_PASSWORD = "hunter2"  # ruleid: SEC006
apiKey = "a8f5f167f44f4964e6c998dee827110c"  # ruleid: SEC006
GITHUB = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"  # ruleid: SEC006 nofix


class Client:
    def __init__(self, token="dev-token"):  # ruleid: SEC006
        self.secret_token = "s3cr3t"  # ruleid: SEC006
        self.token = token


def login(user, password):
    if password == "":  # ok: SEC006
        return None
    return Client(token="abc123")  # ruleid: SEC006
