import { allRules } from '../../core/registry';
import type { Rule } from '../../core/rule';
import type { JsRule } from '../rule';
import { js as DEP001 } from './DEP001';
import { js as DEP002 } from './DEP002';
import { js as TODO001 } from './TODO001';

/** Until their rule files get them (after the codemod work there): the staged JS sides of DEP001, DEP002, TODO001. */
const STAGED: Record<string, JsRule> = { DEP001, DEP002, TODO001 };

/** Every rule with a JS side: the rule files' `js`, plus the three still staged here. */
export function stagedRules(): Array<Rule & { js: JsRule }> {
  return allRules()
    .map((r) => (r.js ? r : STAGED[r.code] ? { ...r, js: STAGED[r.code] } : r))
    .filter((r): r is Rule & { js: JsRule } => !!r.js);
}
