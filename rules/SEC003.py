import subprocess
from subprocess import Popen as pop

cmd = "ls -l | wc -l"
use_shell = True

# ruleid: SEC003
subprocess.run("ls -l", shell=True)
# ruleid: SEC003
subprocess.call(cmd, shell=1)
# ruleid: SEC003
subprocess.Popen(cmd, shell="False")
# ruleid: SEC003
subprocess.run(cmd, shell=use_shell)
# ruleid: SEC003
pop(cmd, shell=True)
# ruleid: SEC003
out = subprocess.run(
    "echo $HOME && ls *.py",
    shell=True,
    capture_output=True,
)

# ok: SEC003
subprocess.run(cmd, shell=False)
# ok: SEC003
subprocess.run(cmd, shell=0)
# ok: SEC003
subprocess.run(cmd, shell=None)
# ok: SEC003
subprocess.run(cmd, shell=[])
# ok: SEC003
subprocess.run(cmd, shell="")
# ok: SEC003
subprocess.run(["ls", "-l"])
# ok: SEC003
message = "never call subprocess.run(cmd, shell=True)"
