"""SEC004: functions that always run a shell (os.system, os.popen, ...).

A docstring that mentions os.system("ls") must not be reported.
"""
import os
import os as o
import platform
import subprocess
from os import popen as p
from os import system
from subprocess import getoutput as go

try:
    import commands
    import popen2
except ImportError:
    pass

os.system("ls -l")  # ruleid: SEC004
o.system("make clean")  # ruleid: SEC004
system("uptime")  # ruleid: SEC004
p("df -h").read()  # ruleid: SEC004
listing = os.popen("ls").read()  # ruleid: SEC004
os.popen2("cat")  # ruleid: SEC004
os.popen3("cat")  # ruleid: SEC004
os.popen4("cat")  # ruleid: SEC004
o.popen("whoami")  # ruleid: SEC004
popen2.popen2("cat")  # ruleid: SEC004
popen2.popen3("cat")  # ruleid: SEC004
popen2.Popen3("cat")  # ruleid: SEC004
commands.getoutput("ls")  # ruleid: SEC004
commands.getstatusoutput("ls")  # ruleid: SEC004
subprocess.getoutput("ls")  # ruleid: SEC004
status, text = subprocess.getstatusoutput("ls")  # ruleid: SEC004
go("hostname")  # ruleid: SEC004
os.system(  # ruleid: SEC004
    "echo multi-line",
)

platform.system()  # ok: SEC004
os.path.join("a", "b")  # ok: SEC004
os.getcwd()  # ok: SEC004
subprocess.run(["ls", "-l"], check=False)  # ok: SEC004
note = 'os.system("rm -rf /")'  # ok: SEC004
# os.system("ls")  # ok: SEC004


class Machine:
    def system(self, command):
        return command


Machine().system("ls")  # ok: SEC004


def local_system():
    def system(command):
        return command

    return system("ls")  # ok: SEC004
