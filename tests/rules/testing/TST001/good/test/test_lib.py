import lib
from lib.a import a
from lib.sub import b
