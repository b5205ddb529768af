import { exportedDeclarations, isDocumented } from './_docs';
import type { JsHandlers, JsRule } from '../rule';

/** DOC002 for JS/TS: an exported class (`export class`, `export default class`, `export const C = class`) without a JSDoc comment. No fix yet. */
export const js: JsRule = {
  create(ctx): JsHandlers {
    if (!ctx.file.text.includes('export')) return {};
    for (const e of exportedDeclarations(ctx.file.sourceFile)) {
      if (e.kind === 'class' && !isDocumented(e)) ctx.report({ node: e.node, message: `exported class '${e.name}' has no JSDoc comment` });
    }
    return {};
  },
};
