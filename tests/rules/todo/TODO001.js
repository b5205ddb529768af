// TODO001: tagged comments, never strings.
// TODO: retry on 503 // ruleid: TODO001
const a = 1; // FIXME(bob): off by one // ruleid: TODO001
/* HACK: until the API has paging */ const b = 2; // ruleid: TODO001
/**
 * XXX: remove after the migration // ruleid: TODO001
 */
function f() {
  return `TODO: in a template ${a}`; // ok: TODO001
}
const s = '// TODO: in a string'; // ok: TODO001
const re = /\/\/ TODO/; // ok: TODO001
// todo in lower case is not a tag // ok: TODO001
module.exports = { a, b, f, s, re };
