// SEC003: child_process spawners with a shell.
const cp = require('child_process');
const { spawn, execFile: run } = require('node:child_process');
const spawnSync = cp.spawnSync;
const useShell = process.env.SHELL_ON === '1';

cp.spawn('ls', ['-l'], { shell: true }); // ruleid: SEC003
spawn('ls', { shell: '/bin/bash' }); // ruleid: SEC003
run('ls', [], { cwd: '.', shell: useShell }); // ruleid: SEC003
spawnSync('ls', [], { shell: true }); // ruleid: SEC003
require('child_process').fork('w.js', [], { shell: true }); // ruleid: SEC003

cp.spawn('ls', ['-l'], { shell: false }); // ok: SEC003
spawn('ls', ['-l']); // ok: SEC003
run('ls', [], { shell: undefined }); // ok: SEC003
const other = { spawn: (a, b) => [a, b] };
other.spawn('ls', { shell: true }); // ok: SEC003
function inner() {
  const spawn = (a, b) => [a, b];
  return spawn('ls', { shell: true }); // ok: SEC003
}
module.exports = { inner };
