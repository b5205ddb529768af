import os
import os as o
import platform
import subprocess
from os import popen as p
from os import system

# ruleid: SEC004
os.system("ls -l")
# ruleid: SEC004
o.system("make clean")
# ruleid: SEC004
system("uptime")
# ruleid: SEC004
p("df -h").read()
# ruleid: SEC004
status, text = subprocess.getstatusoutput("ls")
# ruleid: SEC004
os.popen2("cat")

# ok: SEC004
platform.system()
# ok: SEC004
os.path.join("a", "b")
# ok: SEC004
subprocess.run(["ls", "-l"], check=False)
# ok: SEC004
note = 'os.system("rm -rf /")'


class Machine:
    def system(self, command):
        return command


# ok: SEC004
Machine().system("ls")
