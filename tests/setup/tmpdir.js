'use strict';
/**
 * Every temporary folder of a test run (tempProject, mkdtemp in tests, and
 * what the CLI under test creates) goes under one folder of this run, removed
 * when the run ends: the suite used to leave hundreds of /tmp/rfsn-* folders
 * per run. Set before jest starts its workers, so they and the processes they
 * spawn inherit TMPDIR; os.tmpdir() reads it on every call.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-jest-'));
  process.env.RFSN_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
