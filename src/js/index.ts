export { JsSourceFile, isJsPath, JS_EXTENSIONS, type JsComment } from './source';
export { checkJsFile, jsOf, jsSuppression } from './check';
export type { JsRule, JsContext, JsHandlers, JsReportArgs, JsRuleDef } from './rule';
export { applyEdits } from './edit';
