// SEC004: exec / execSync always run a shell.
import { exec, execSync } from 'node:child_process';
import * as cp from 'child_process';

exec('git status', (err, out) => console.log(err, out)); // ruleid: SEC004
const v = execSync('node --version'); // ruleid: SEC004
cp.exec('ls -l | wc -l'); // ruleid: SEC004
cp.execSync(`echo ${v}`); // ruleid: SEC004

cp.execFile('git', ['status']); // ok: SEC004
const exec2 = { exec: (c) => c };
exec2.exec('git status'); // ok: SEC004
