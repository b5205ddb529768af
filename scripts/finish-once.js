'use strict';
/**
 * For scripts that start things (a browser, a server, temporary folders): one
 * way to end, whatever ends them (success, failure, Ctrl-C, SIGTERM). The
 * first call runs `cleanup`, prints the line (stdout for exit 0, stderr
 * otherwise) and exits; later calls do nothing.
 */
function finishOnce(cleanup, interruptedLine) {
  let finishing = false;
  async function finish(code, line) {
    if (finishing) return;
    finishing = true;
    await cleanup();
    if (code === 0) console.log(line);
    else console.error(line);
    process.exit(code);
  }
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => finish(1, interruptedLine(sig)));
  return finish;
}

module.exports = { finishOnce };
