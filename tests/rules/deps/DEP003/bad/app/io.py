try:
    import orjson
except ImportError:
    orjson = None

try:
    import ujson as json
except ImportError:
    import json

try:
    import tomllib
except ModuleNotFoundError:
    import tomli as tomllib

try:
    import requests
except ImportError:
    requests = None

try:
    from app import extras
except ImportError:
    extras = None

try:
    from rich.console import Console
except Exception:
    Console = None
