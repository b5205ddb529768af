"""SEC003: calls with a truthy or non-literal shell= keyword.

Mentions of shell=True in this docstring must not be reported.
"""
import asyncio
import os
import subprocess
import subprocess as sp
from subprocess import Popen as pop

cmd = "ls -l | wc -l"
use_shell = True
options = {"shell": False}

subprocess.run("ls -l", shell=True)  # ruleid: SEC003
subprocess.call(cmd, shell=1)  # ruleid: SEC003
subprocess.Popen(cmd, shell='False')  # ruleid: SEC003
subprocess.check_output(cmd, shell=[True])  # ruleid: SEC003
subprocess.check_call(cmd, shell=cmd)  # ruleid: SEC003
subprocess.run(cmd, shell=use_shell)  # ruleid: SEC003
subprocess.run(cmd, shell=options.get("shell"))  # ruleid: SEC003
subprocess.run(cmd, shell="yes")  # ruleid: SEC003
pop(cmd, shell=True)  # ruleid: SEC003
sp.check_output(cmd, shell=True)  # ruleid: SEC003
out = subprocess.run(  # ruleid: SEC003
    "echo $HOME && ls *.py",
    shell=True,
    capture_output=True,
)


def run_remote(host, command, shell=False):
    return host, command, shell


run_remote("build01", "uptime", shell=True)  # ruleid: SEC003 medium


class Validator:
    def validate_shell_execution(self, argv, shell=False):
        return argv, shell


validator = Validator()
validator.validate_shell_execution(["ls"], shell=True)  # ruleid: SEC003 medium
validator.validate_shell_execution(["ls"], shell=use_shell)  # ruleid: SEC003 medium

subprocess.run(cmd, shell=False)  # ok: SEC003
subprocess.run(cmd, shell=0)  # ok: SEC003
subprocess.run(cmd, shell=None)  # ok: SEC003
subprocess.run(cmd, shell=[])  # ok: SEC003
subprocess.run(cmd, shell={})  # ok: SEC003
subprocess.run(cmd, shell='')  # ok: SEC003
subprocess.run(cmd, shell="")  # ok: SEC003
subprocess.run(["ls", "-l"])  # ok: SEC003
pop(["ls", "-l"], shell=False)  # ok: SEC003
# subprocess.run(cmd, shell=True)  # ok: SEC003
message = "never call subprocess.run(cmd, shell=True)"  # ok: SEC003
shell = True  # ok: SEC003


def documented():
    """Run the command; do not pass shell=True here."""  # ok: SEC003
    return subprocess.run(["true"], check=False)  # ok: SEC003


async def spawn(cmd):
    return await asyncio.create_subprocess_shell(cmd, shell=True)  # ruleid: SEC003


def spawn_os(cmd):
    return os.popen(cmd, shell=True)  # ruleid: SEC003


# the fix: a literal command becomes an argv list, any other command shlex.split(cmd)
def run(cmd, branch):
    subprocess.run("git log -n 5 --format='%h %s'", shell=True, check=True)  # ruleid: SEC003
    subprocess.check_output(cmd, shell=True)  # ruleid: SEC003
    subprocess.call(  # ruleid: SEC003
        "make -C build all",
        shell=True,
    )
    pop(shell=True, args="echo one two")  # ruleid: SEC003
    subprocess.run("ls *.py | wc -l", shell=True)  # ruleid: SEC003 nofix
    subprocess.run(f"git log {branch}", shell=True)  # ruleid: SEC003
    subprocess.run(["ls", "-l"], shell=True)  # ruleid: SEC003 nofix
    subprocess.run("echo $HOME", shell=True)  # ruleid: SEC003 nofix
    subprocess.run("echo ok", shell=False)  # ok: SEC003
