import * as path from 'path';
import picomatch from 'picomatch';
import { z } from 'zod';
import { ts } from 'ts-morph';
import { ruleOptions } from '../../core/rule';
import { globalMember } from '../calls';
import { addNamedImport, finishFix, moduleKind, morphOf, sameNode } from '../edit';
import type { FixResult } from '../../core/finding';
import type { JsContext, JsHandlers, JsRule } from '../rule';

/** The options the JS side reads (to merge into LOG001's `options` in the second stage). */
export const JS_OPTIONS = {
  'allow-print-in': z.array(z.string()).optional(),
  'js-logger': z.string().regex(/^[^:]+:[A-Za-z_$][\w$]*$/, 'expected "module:export", e.g. "./log:logger"').optional(),
};

const METHODS: Record<string, string> = { log: 'info', info: 'info', debug: 'debug', warn: 'warn', error: 'error' };

function allowed(ctx: JsContext): boolean {
  const globs = ruleOptions(ctx.options, JS_OPTIONS)['allow-print-in'];
  if (!globs?.length) return false;
  const root = ctx.options.settings.projectRoot || process.cwd();
  const rel = path.relative(root, ctx.file.absPath || ctx.file.path).split(path.sep).join('/');
  return picomatch(globs, { dot: true })(rel);
}

/** `./log:logger` -> the specifier from this file (project-relative paths made file-relative) and the export. */
export function loggerImport(setting: string, ctx: JsContext): { spec: string; name: string } {
  const i = setting.lastIndexOf(':');
  const mod = setting.slice(0, i);
  const name = setting.slice(i + 1);
  if (!mod.startsWith('.')) return { spec: mod, name };
  const root = ctx.options.settings.projectRoot || process.cwd();
  let spec = path.relative(path.dirname(ctx.file.absPath || path.resolve(ctx.file.path)), path.resolve(root, mod)).split(path.sep).join('/');
  if (!spec.startsWith('.')) spec = `./${spec}`;
  return { spec, name };
}

function buildFix(ctx: JsContext, call: ts.CallExpression, method: string): FixResult {
  const setting = ruleOptions(ctx.options, JS_OPTIONS)['js-logger'];
  if (!setting) return { declined: 'no logger configured: set js-logger = "./log:logger" in [tool.rfsn-upgrade]' };
  const { spec, name } = loggerImport(setting, ctx);
  const kind = moduleKind(ctx.file);
  if (kind === 'unknown') return { declined: 'cannot tell whether this file is an ES module or CommonJS to import the logger' };
  const existing = ctx.names.bindings.get(name);
  const same = existing && existing.name === name && path.posix.normalize(existing.module) === path.posix.normalize(spec);
  if (!same && ctx.names.isDeclared(name)) return { declined: `'${name}' is already bound to something else in this file` };
  const morph = morphOf(ctx.file);
  const m = sameNode(morph, call);
  if (!m) return { declined: 'internal: the call was not found in the ts-morph copy' };
  m.asKindOrThrow(ts.SyntaxKind.CallExpression).setExpression(`${name}.${METHODS[method]}`);
  if (!same) addNamedImport(morph, kind, spec, name);
  return finishFix(ctx.file, morph.getFullText(), 'unsafe', `console.${method}() -> ${name}.${METHODS[method]}() (imported from '${spec}')`);
}

/**
 * LOG001 for JS/TS: `console.log/info/debug/warn/error` outside the files
 * `allow-print-in` allows. Unsafe fix: the call goes to the logger
 * `js-logger` names (`"./log:logger"`: module, project-relative when it starts
 * with `.`, and export), imported (ESM or CommonJS, as the file is); declined
 * when none is configured or the file's module kind is unknown.
 */
export const js: JsRule = {
  create(ctx): JsHandlers {
    if (!ctx.file.text.includes('console') || allowed(ctx)) return {};
    return {
      CallExpression(node) {
        const call = node as ts.CallExpression;
        const m = globalMember(call.expression, 'console', ctx.names);
        if (!m || !(m in METHODS)) return;
        ctx.report({ node, message: `console.${m}() in library code; log through the configured logger`, fix: () => buildFix(ctx, call, m) });
      },
    };
  },
};
