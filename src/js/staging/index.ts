import type { Rule } from '../../core/rule';
import type { JsRule } from '../rule';
import { js as SEC001 } from './SEC001';
import { js as SEC003 } from './SEC003';
import { js as SEC004 } from './SEC004';
import { js as SEC005 } from './SEC005';
import { js as SEC006 } from './SEC006';
import { js as LOG001 } from './LOG001';
import { js as DOC002 } from './DOC002';
import { js as DOC003 } from './DOC003';
import { js as TYP004 } from './TYP004';
import { js as DEP001 } from './DEP001';
import { js as DEP002 } from './DEP002';
import { js as TODO001 } from './TODO001';

/**
 * The staged JS sides with the metadata of their rule files (code, upgrade,
 * severity as there), for tests and the bench until the second stage puts
 * each `js` into its rule file beside `python` (then this file goes).
 */
const META: Array<[string, string, string, Rule['severity'], JsRule]> = [
  ['SEC001', 'builtin-eval', 'U02', 'high', SEC001],
  ['SEC003', 'subprocess-shell-true', 'U02', 'high', SEC003],
  ['SEC004', 'os-system-shell', 'U02', 'high', SEC004],
  ['SEC005', 'insecure-random', 'U02', 'low', SEC005],
  ['SEC006', 'hardcoded-secret', 'U02', 'medium', SEC006],
  ['LOG001', 'print-call', 'U06', 'low', LOG001],
  ['DOC002', 'class-docstring', 'U09', 'low', DOC002],
  ['DOC003', 'function-docstring', 'U09', 'low', DOC003],
  ['TYP004', 'missing-return-annotation', 'U18', 'low', TYP004],
  ['DEP001', 'undeclared-import', 'U08', 'medium', DEP001],
  ['DEP002', 'unused-dependency', 'U08', 'low', DEP002],
  ['TODO001', 'todo-comment', 'U13', 'info', TODO001],
];

export function stagedRules(): Array<Rule & { js: JsRule }> {
  return META.map(([code, name, upgrade, severity, js]) => ({ code, name, upgrade, severity, summary: code, docs: '', js }));
}
