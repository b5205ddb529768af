'use strict';
const fs = require('node:fs');

/** Remove the run's temporary folder (tests/setup/tmpdir.js); a test may have left a read-only folder in it. */
module.exports = async function teardown() {
  const dir = process.env.RFSN_JEST_TMPDIR;
  if (!dir) return;
  const writable = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && !e.isSymbolicLink()) {
        const p = `${d}/${e.name}`;
        try {
          fs.chmodSync(p, 0o700);
          writable(p);
        } catch {
          // gone or not ours: rmSync says what is left
        }
      }
    }
  };
  try {
    writable(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  } catch (err) {
    process.stderr.write(`could not remove the test run's temporary folder ${dir}: ${err.message}\n`);
  }
};
