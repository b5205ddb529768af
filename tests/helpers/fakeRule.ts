import type { Fix } from '../../src/core/finding';
import type { Rule } from '../../src/core/rule';
import '../../src/lang/python/rule';

/** A rule that offers whatever fix `make` returns for each `pass` statement (for tests of the fix engine). */
export function fakeRule(code: string, make: (start: number, end: number) => Fix): Rule {
  return {
    code,
    name: 'fake',
    upgrade: 'U12',
    severity: 'low',
    summary: 'fake',
    docs: '',
    python: {
      create: (ctx) => ({ pass_statement: (node) => ctx.report({ node, message: 'fake', fix: make(node.startIndex, node.endIndex) }) }),
    },
  };
}
