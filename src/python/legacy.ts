// TRANSITIONAL: adapts rules still written in the old flat shape (nodeTypes/visit/finish/facts); removed once every rule has `python`.
import type { Rule } from '../core/rule';
import type { Node } from './parser';
import type { PythonContext, PythonHandlers, PythonRule } from './rule';
import type { SourceFile } from './source';

interface LegacyRule {
  nodeTypes?: string[];
  nodeTypesFor?(file: SourceFile): string[];
  visit?(node: Node, ctx: PythonContext): void;
  finish?(ctx: PythonContext): void;
  facts?(ctx: PythonContext): unknown;
}

const adapted = new WeakMap<Rule, PythonRule | null>();

export function pythonOf(rule: Rule): PythonRule | null {
  if (rule.python) return rule.python;
  if (adapted.has(rule)) return adapted.get(rule)!;
  const old = rule as unknown as LegacyRule;
  if (!old.nodeTypes && !old.visit && !old.finish && !old.facts) {
    adapted.set(rule, null);
    return null;
  }
  const py: PythonRule = {
    create(ctx) {
      const h: PythonHandlers = {};
      for (const t of old.nodeTypesFor ? old.nodeTypesFor(ctx.file) : (old.nodeTypes ?? [])) h[t] = old.visit ? (n) => old.visit!(n, ctx) : () => {};
      if (old.finish) h['module:exit'] = () => old.finish!(ctx);
      return h;
    },
    facts: old.facts ? (ctx) => old.facts!(ctx) : undefined,
  };
  adapted.set(rule, py);
  return py;
}
