'use strict';
// Lint every .py file under a tree with Ruff's WASM build in one Node process,
// with the 19 Ruff rules that correspond to ours; prints the diagnostic count.
// Required (by bench.js), it only gives the rule list.
const fs = require('node:fs');

const RULES = ['S307', 'S102', 'S602', 'S604', 'S605', 'S311', 'S105', 'S106', 'S107', 'T201', 'UP006', 'UP007', 'UP031', 'UP032', 'D100', 'D101', 'D102', 'D103', 'ANN201'];
module.exports = { RULES };

function main(tree) {
  const { Workspace } = require('@astral-sh/ruff-wasm-nodejs');
  const { discover } = require('../dist/engine/discover.js');
  const ws = new Workspace({ lint: { select: RULES }, 'target-version': 'py311' }, fs.realpathSync(tree));
  let n = 0;
  for (const f of discover([tree], { projectRoot: tree }).files) {
    let text;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    try {
      n += ws.check(text).length;
    } catch {
      /* a file Ruff cannot read */
    }
  }
  process.stdout.write(`${n}\n`);
}

if (require.main === module) main(process.argv[2]);
