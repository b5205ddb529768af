from lib.pkg import inner
