import { exportedDeclarations, isDocumented } from './_docs';
import type { JsHandlers, JsRule } from '../rule';

/** DOC003 for JS/TS: an exported function (declaration, `export const f = () => …`, `export default function`) without a JSDoc comment. No fix yet. */
export const js: JsRule = {
  create(ctx): JsHandlers {
    if (!ctx.file.text.includes('export')) return {};
    for (const e of exportedDeclarations(ctx.file.sourceFile)) {
      if (e.kind === 'function' && !isDocumented(e)) ctx.report({ node: e.node, message: `exported function '${e.name}' has no JSDoc comment` });
    }
    return {};
  },
};
