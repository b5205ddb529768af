// SEC005: Math.random is not a cryptographic generator.
const fs = require('node:fs');

const die = Math.floor(Math.random() * 6); // ruleid: SEC005
const coin = Math.random() < 0.5; // ruleid: SEC005
const id = Math.random().toString(36).slice(2); // ruleid: SEC005
const wide = Math.floor(Math.random() * fs.constants.O_RDONLY); // ruleid: SEC005

const Mathx = { random: () => 4 };
Mathx.random(); // ok: SEC005
function local(Math) {
  return Math.random(); // ok: SEC005
}
console.log(die >= 0 && die < 6, typeof coin, typeof id, wide, local({ random: () => 1 }));
