from __future__ import annotations

import json
import os.path
import sys

import requests
import yaml
from dateutil import parser
from PIL import Image
from google.cloud import storage
import numpy.linalg as la
import sklearn
import tomllib

from app import util
from . import util as u2

try:
    import ujson
except ImportError:
    ujson = None

if sys.version_info >= (3, 11):
    import tomllib as toml
else:
    import tomli as toml
