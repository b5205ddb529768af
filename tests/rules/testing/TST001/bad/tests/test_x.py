from lib import a
import lib.sub.d
