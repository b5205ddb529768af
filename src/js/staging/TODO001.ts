import { TAG } from '../../rules/todo/TODO001-todo-comment';
import type { JsHandlers, JsRule } from '../rule';

/** A comment's text without its markers: `// x`, `/* x *\/`, `/** x *\/`, ` * x` lines. */
export function jsCommentText(text: string): string {
  const body = text.startsWith('//') ? text.slice(2) : text.slice(2, -2);
  return body
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*\*+\s?/, '').trim())
    .filter(Boolean)
    .join(' ')
    .replace(/^[/*!\s]+/, '')
    .trim();
}

/** TODO001 for JS/TS: line and block comments (JSDoc included) with a TODO/FIXME/XXX/HACK tag; never strings. */
export const js: JsRule = {
  create(ctx): JsHandlers {
    if (!TAG.test(ctx.file.text)) return {};
    for (const c of ctx.file.comments) {
      if (!TAG.test(c.text)) continue;
      ctx.report({ start: c.start, end: c.end, message: jsCommentText(c.text) });
    }
    return {};
  },
};
