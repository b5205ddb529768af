import requests
import yaml
from dateutil import tz
from google.cloud import storage

try:
    import ujson
except ImportError:
    ujson = None
