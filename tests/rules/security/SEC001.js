// SEC001: eval, new Function, and timers given a string. "eval(x)" in a string is text.
const note = 'eval(userInput) is only text';
const userInput = '[1, 2]';

eval('1 + 1'); // ruleid: SEC001
const r = 1 + eval(userInput)[0]; // ruleid: SEC001
(0, eval)('2'); // ruleid: SEC001
globalThis.eval('3'); // ruleid: SEC001
const f = new Function('a', 'return a'); // ruleid: SEC001
const g = Function('return 1'); // ruleid: SEC001
setTimeout('tick()', 10); // ruleid: SEC001
setInterval(`tick(${r})`, 10); // ruleid: SEC001
window.setTimeout('tick' + '()', 5); // ruleid: SEC001

setTimeout(() => tick(), 10); // ok: SEC001
setTimeout(tick, 10); // ok: SEC001
const obj = { eval: (s) => s };
obj.eval('x'); // ok: SEC001
function shadow(eval) {
  return eval('x'); // ok: SEC001
}
function local() {
  const Function = (s) => s;
  return new Function('x'); // ok: SEC001
}
// eval('in a comment') is not code
function tick() {
  return [note, f, g, shadow, local];
}
module.exports = { tick };
