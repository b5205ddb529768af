"""SEC006: hardcoded secrets.

This docstring talks about the password, the api_key and the token of a user;
talking about them is fine.
"""
import os
import re


class Settings:
    pass


class Tracker:
    def count(self, **labels):
        return labels


settings = Settings()
config = {}
tracker = Tracker()


def login(user=None, token=None, password=None):
    return user, token, password


def connect(host, user=None, passwd=None):
    return host, user, passwd


password = "hunter2"  # ruleid: SEC006
DB_PASSWORD = "s3cr3t!"  # ruleid: SEC006
db_passwd = 'letmein'  # ruleid: SEC006
admin_pwd = "root"  # ruleid: SEC006
client_secret = "0b1c2d3e4f"  # ruleid: SEC006
auth_token = "abc123"  # ruleid: SEC006
API_KEY = "k-1234567890"  # ruleid: SEC006
apiKey = "k-1234567890"  # ruleid: SEC006
aws_access_key = "not-the-real-one"  # ruleid: SEC006
PRIVATE_KEY_PASSPHRASE = "correct horse"  # ruleid: SEC006
annotated_password: str = "hunter2"  # ruleid: SEC006
settings.DB_PASSWD = "x9!x9!"  # ruleid: SEC006
settings.api_key = "k-0987654321"  # ruleid: SEC006
config["secret"] = "abc123"  # ruleid: SEC006
config["Password"] = "hunter2"  # ruleid: SEC006
user, password = "admin", "hunter2"  # ruleid: SEC006

if password == "hunter2":  # ruleid: SEC006
    pass
if "hunter2" == password:  # ruleid: SEC006
    pass
if settings.api_key != "k-1234567890":  # ruleid: SEC006
    pass

login(token="abc")  # ruleid: SEC006
connect("db.local", user="app", passwd="pw-1234")  # ruleid: SEC006


def create_user(name, password="changeme"):  # ruleid: SEC006
    return name, password


def fetch(url, *, api_key="k-1234567890"):  # ruleid: SEC006
    return url, api_key


class Client:
    def __init__(self, secret="s3cr3t"):  # ruleid: SEC006
        self.secret = secret
        self.token = "abc-def-ghi"  # ruleid: SEC006


aws_id = "AKIAIOSFODNN7EXAMPLE"  # ruleid: SEC006
print("uploading with AKIAIOSFODNN7EXAMPLE")  # ruleid: SEC006
github = "ghp_0000FAKE0000FAKE0000FAKE0000FAKE0000"  # ruleid: SEC006
oauth = "gho_0000FAKE0000FAKE0000FAKE0000FAKE0000"  # ruleid: SEC006
server_to_server = "ghs_0000FAKE0000FAKE0000FAKE0000FAKE0000"  # ruleid: SEC006
user_to_server = "ghu_0000FAKE0000FAKE0000FAKE0000FAKE0000"  # ruleid: SEC006
openai = "sk-FAKE0000000000000000000000000000000000000000000"  # ruleid: SEC006
slack_bot = "xoxb-000000000000-0000000000000-FAKEFAKEFAKEFAKEFAKEFAKE"  # ruleid: SEC006
slack_user = "xoxp-000000000000-000000000000-000000000000-0000fake0000fake0000fake0000fake"  # ruleid: SEC006
pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf\n-----END RSA PRIVATE KEY-----\n"  # ruleid: SEC006
headers = {"Authorization": "Bearer ghp_0000FAKE0000FAKE0000FAKE0000FAKE0000"}  # ruleid: SEC006

password = ""  # ok: SEC006
api_key = ''  # ok: SEC006
token = None  # ok: SEC006
token = os.environ["TOKEN"]  # ok: SEC006
api_key = os.getenv("API_KEY")  # ok: SEC006
secret = os.environ.get("SECRET", "")  # ok: SEC006
settings.password = os.environ.get("DB_PASSWORD")  # ok: SEC006
login(token=os.environ["TOKEN"])  # ok: SEC006
login(user="admin")  # ok: SEC006
max_tokens = 1024  # ok: SEC006
username = "admin"  # ok: SEC006
if password == "":  # ok: SEC006
    pass
if password is None:  # ok: SEC006
    pass
prompt = "Enter your password: "  # ok: SEC006
description = "the api_key and token are read from the environment"  # ok: SEC006
GITHUB_PATTERN = re.compile(r"ghp_[A-Za-z0-9]{36}")  # ok: SEC006
AWS_PATTERN = re.compile(r"AKIA[0-9A-Z]{16}")  # ok: SEC006
label = "a risk-free change"  # ok: SEC006
# password = "hunter2"  # ok: SEC006


def change_password(user, password=None):  # ok: SEC006
    """Change the user's password; the new password comes from the caller."""  # ok: SEC006
    return user, password


def authenticate(user, token: str = ""):  # ok: SEC006
    return user, token

# names that describe a secret rather than hold one
token_type = "bearer"  # ok: SEC006
PASSWORD_FIELD = "password"  # ok: SEC006
TOKEN_URL = "https://auth.example.com/token"  # ok: SEC006
tracker.count(token_type="prompt")  # ok: SEC006
password_reset_token = "e3b0c44298fc1c149afbf4c8"  # ruleid: SEC006


# bandit's names count too
db_pass = "hunter2"  # ruleid: SEC006
PASSPHRASE = "correct horse battery"  # ruleid: SEC006
client_secrete = "s3cr3t"  # ruleid: SEC006
user_pasword = "hunter2"  # ruleid: SEC006

# values that are no secret whatever the name
REDACTED_TOKEN = "[REDACTED:potential_injection]"  # ok: SEC006
TRACK_TOKEN_USAGE = "track_token_usage"  # ok: SEC006
api_key_hint = "<your-api-key>"  # ok: SEC006
secret_template = "{secret}"  # ok: SEC006
deploy_token_ref = "${DEPLOY_TOKEN}"  # ok: SEC006
masked_password = "********"  # ok: SEC006
MASK_TOKEN = "xxxxxxxx"  # ok: SEC006
sep_token = " "  # ok: SEC006
pad_token = "."  # ok: SEC006
unk_token = "a"  # ok: SEC006
eos_token = "\n"  # ok: SEC006
TOPICS = {"pass": 'The "pass" statement\n*******************\n'}  # ok: SEC006


# a parser compares its current token with keywords and operators
def parse_with(tokens):
    for token in tokens:
        if token == "with":  # ok: SEC006
            return True
        if token != "(":  # ok: SEC006
            continue
    return token == "s3cr3t-42"  # ruleid: SEC006


# the fix: os.environ["NAME"] only where the value is read when a function runs
DEFAULT_PASSWORD = "hunter2"  # ruleid: SEC006 nofix (read at import)
legacyApiKey = "a8f5f167f44f4964e6c998dee827110c"  # ruleid: SEC006 nofix (read at import)
GITHUB = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"  # ruleid: SEC006 nofix (a shape, no name)


class Service:
    retry_token = "rt-0000-class-level"  # ruleid: SEC006 nofix (class body runs at import)

    def __init__(self, session_token="dev-token", **credentials):  # ruleid: SEC006 nofix (a default)
        self.session_token = session_token
        self.secret_token = "s3cr3t"  # ruleid: SEC006
        self.credentials = credentials


def login_checked(user, password):
    if password == "":  # ok: SEC006
        return None
    if password == "letmein-42":  # ruleid: SEC006 nofix (a comparison)
        return user
    return Service(deploy_token="dt-4f9a2c71")  # ruleid: SEC006


def smtp_service():
    smtp_password = "mail-pw-1234"  # ruleid: SEC006
    return Service(smtp_password=smtp_password, headers={"webhook_secret": "wh-0b1c2d3e"})  # ruleid: SEC006


def signing(flag):
    if flag:
        return Service(signing_token="first-value")  # ruleid: SEC006 nofix (two values for SIGNING_TOKEN)
    return Service(signing_token="second-value")  # ruleid: SEC006 nofix


def vault(flag):
    first = Service(vault_token="vt-1111")  # ruleid: SEC006
    return first if flag else Service(vault_token="vt-1111")  # ruleid: SEC006


def audit():
    current = os.environ.get("AUDIT_TOKEN", "")
    return current or Service(audit_token="at-5555")  # ruleid: SEC006 nofix (AUDIT_TOKEN is read already)


def check():
    """What the fixed module must still compute, given the variables (the runtime test compares it)."""
    return [
        login_checked("ann", "pw").credentials,
        smtp_service().credentials,
        Service().secret_token,
        vault(True).credentials,
        vault(False).credentials,
    ]
