"""Optional imports whose handler catches Exception or everything: DEP003's case, not DEP001's."""
try:
    import ujson as json
except Exception:
    import json

try:
    from rich.console import Console
except:  # noqa: E722
    Console = None

try:
    import simplejson
except (OSError, BaseException):
    simplejson = None

try:
    import msgpack
except ValueError:
    msgpack = None
