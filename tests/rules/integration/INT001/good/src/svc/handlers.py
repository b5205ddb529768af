from .store.db import connect
