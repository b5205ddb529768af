"""Commands run through a shell."""
import subprocess
from subprocess import Popen as pop


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
