#!/usr/bin/env node
'use strict';
// Thin launcher: all behaviour lives in dist/ (built from src/ by `npm run build`). A git install that
// npm could not build (pre-commit's node hooks) compiles src/ once, here, on its first run.
const fs = require('node:fs');
const path = require('node:path');
if (!fs.existsSync(path.join(__dirname, '..', 'dist', 'cli', 'index.js'))) {
  try {
    require('../scripts/build.js').ensureBuilt();
  } catch (err) {
    process.stderr.write(`rfsn-upgrade: ${err.message}\n`);
    process.exit(2);
  }
}
require('../dist/cli/index.js').main(process.argv);
