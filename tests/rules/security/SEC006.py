"""SEC006: hardcoded secrets.

This docstring talks about the password, the api_key and the token of a user;
talking about them is fine.
"""
import os
import re


class Settings:
    pass


settings = Settings()
config = {}


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
