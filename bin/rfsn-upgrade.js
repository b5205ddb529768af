#!/usr/bin/env node
'use strict';
// Thin launcher: all behaviour lives in dist/ (built from src/ by `npm run build`).
require('../dist/cli/index.js').main(process.argv);
