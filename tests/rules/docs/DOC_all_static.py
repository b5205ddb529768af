"""Fixture: a module whose __all__ decides what is public."""

__all__ = [
    "exported",  # a comment inside the list is fine
    "Exported",
    "_exported_private",
]


def exported():  # ruleid: DOC003
    pass


def not_exported():  # ok: DOC003
    pass


def _exported_private():  # ruleid: DOC003
    pass


class Exported:  # ruleid: DOC002
    def method(self):  # ruleid: DOC004
        pass


class NotExported:  # ok: DOC002
    def method(self):  # ok: DOC004
        pass
