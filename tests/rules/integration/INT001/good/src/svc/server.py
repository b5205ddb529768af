import importlib

from . import handlers
from .store import db


def serve():
    importlib.import_module("svc.dynamic")
    return handlers, db
