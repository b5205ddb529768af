// LOG001: console output in library code.
export function work(n) {
  console.log('working', n); // ruleid: LOG001
  console.error('bad'); // ruleid: LOG001
  console.debug('detail'); // ruleid: LOG001
  window.console.warn('careful'); // ruleid: LOG001
  console.table([n]); // ok: LOG001
  return n * 2;
}
export function quiet(console) {
  console.log('a parameter named console'); // ok: LOG001
}
const s = 'console.log("in a string")'; // ok: LOG001
export { s };
