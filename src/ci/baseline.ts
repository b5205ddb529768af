import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { decodePython } from '../lang/python/decode';
import { SourceFile } from '../lang/python/source';
import type { Finding } from '../core/finding';
import { VERSION } from '../version';
import { writeAtomic } from '../core/write';
import { UsageError } from '../core/errors';
import { relPosix } from '../core/paths';

/**
 * A baseline records the findings a team has accepted, so CI fails only on
 * new ones. Each finding is remembered by a fingerprint of its rule code, its
 * path, the text of its first source line with whitespace normalised, and its
 * occurrence index among findings with that same code, path and text: moving
 * code up or down keeps the fingerprint, editing the line changes it. Only
 * hashes are stored, never the line itself (a SEC006 line holds a secret).
 */
export const DEFAULT_BASELINE = '.rfsn-baseline.json';

/** Decoded source text by path, read once per run; a file that cannot be read has no lines. */
export class SourceCache {
  private files = new Map<string, SourceFile | null>();

  /** `p`'s text as given (stdin), not as on disk */
  put(p: string, text: string): void {
    const abs = path.resolve(p);
    this.files.set(abs, new SourceFile(p, abs, text));
  }

  get(p: string): SourceFile | null {
    const abs = path.resolve(p);
    if (!this.files.has(abs)) {
      let file: SourceFile | null = null;
      try {
        const bytes = fs.readFileSync(abs);
        let text: string;
        try {
          text = decodePython(bytes).text;
        } catch {
          text = bytes.toString('utf8');
        }
        file = new SourceFile(p, abs, text);
      } catch {
        file = null;
      }
      this.files.set(abs, file);
    }
    return this.files.get(abs)!;
  }

  lineText(p: string, line: number): string {
    const f = this.get(p);
    return f && line >= 1 && line <= f.lineCount ? f.lineText(line) : '';
  }
}

export function normaliseLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function hash(parts: Array<string | number>): string {
  return crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);
}

/**
 * One fingerprint per finding, in the order given. `keyPath` is the path the
 * fingerprint is computed with (baseline-relative, or repository-relative for
 * SARIF and GitLab), so it does not depend on the directory a run starts in.
 */
export function fingerprints(findings: Finding[], keyPath: (f: Finding) => string, cache: SourceCache): string[] {
  const order = findings.map((_, i) => i);
  order.sort((a, b) => {
    const x = findings[a];
    const y = findings[b];
    return x.path < y.path ? -1 : x.path > y.path ? 1 : x.line - y.line || x.column - y.column || x.code.localeCompare(y.code) || a - b;
  });
  const seen = new Map<string, number>();
  const out: string[] = new Array(findings.length);
  for (const i of order) {
    const f = findings[i];
    const p = keyPath(f);
    // a finding about the module (project-level rules, a docstring missing from the module) is
    // remembered by what it says, not by the text of line 1: a line added at the top must not make it new
    const text = f.project ? `\u0001project\u0000${f.message}` : f.line === 1 && f.column === 1 && f.endLine === 1 && f.endColumn === 1 ? '\u0001module' : normaliseLine(cache.lineText(f.path, f.line));
    const key = `${f.code}\u0000${p}\u0000${text}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    out[i] = hash([f.code, p, text, n]);
  }
  return out;
}

const entrySchema = z
  .object({
    count: z.number().int().nonnegative(),
    fingerprints: z.array(z.string()).optional(),
  })
  .strict();

const baselineSchema = z
  .object({
    version: z.literal(1),
    tool: z.object({ name: z.string(), version: z.string() }).passthrough().optional(),
    paths: z.array(z.string()).optional(),
    files: z.record(z.string(), z.record(z.string(), entrySchema)),
  })
  .strict();

export type BaselineEntry = z.infer<typeof entrySchema>;
export type Baseline = z.infer<typeof baselineSchema>;

export interface StaleEntry {
  path: string;
  code: string;
  /** how many recorded findings of this code in this file are gone */
  count: number;
  fingerprints: string[];
}

export interface BaselineOutcome {
  kept: Finding[];
  hidden: number;
  stale: StaleEntry[];
}

/** Path of a finding as the baseline records it: relative to the baseline's folder, `/` separators. */
export function baselinePath(baselineFile: string, findingPath: string): string {
  return relPosix(path.dirname(path.resolve(baselineFile)), path.resolve(findingPath));
}

export function createBaseline(findings: Finding[], baselineFile: string, paths: string[], cache: SourceCache): Baseline {
  const keyPath = (f: Finding): string => baselinePath(baselineFile, f.path);
  const fps = fingerprints(findings, keyPath, cache);
  const files: Baseline['files'] = {};
  findings.forEach((f, i) => {
    const p = keyPath(f);
    const byCode = (files[p] ??= {});
    const e = (byCode[f.code] ??= { count: 0, fingerprints: [] });
    e.count++;
    e.fingerprints!.push(fps[i]);
  });
  const dir = path.dirname(path.resolve(baselineFile));
  const recorded = (paths.length ? paths : ['.']).map((p) => relPosix(dir, path.resolve(p)) || '.');
  return { version: 1, tool: { name: 'rfsn-upgrade', version: VERSION }, paths: recorded, files: sortBaseline(files) };
}

function sortBaseline(files: Baseline['files']): Baseline['files'] {
  const out: Baseline['files'] = {};
  for (const p of Object.keys(files).sort()) {
    const byCode: Record<string, BaselineEntry> = {};
    for (const code of Object.keys(files[p]).sort()) {
      const e = files[p][code];
      byCode[code] = e.fingerprints ? { count: e.count, fingerprints: [...e.fingerprints].sort() } : { count: e.count };
    }
    out[p] = byCode;
  }
  return out;
}

export function serializeBaseline(b: Baseline): string {
  return `${JSON.stringify({ ...b, files: sortBaseline(b.files) }, null, 2)}\n`;
}

export function readBaseline(file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`baseline file not found: ${file} (create it with 'rfsn-upgrade baseline create')`);
    throw new UsageError(`${file}: not a baseline: ${(err as Error).message}`);
  }
  const parsed = baselineSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${file}: not a baseline: ${issue.path.map(String).join('.') || '(top)'}: ${issue.message}`);
  }
  for (const [p, byCode] of Object.entries(parsed.data.files)) {
    for (const [code, e] of Object.entries(byCode)) {
      if (e.fingerprints && e.fingerprints.length !== e.count) throw new UsageError(`${file}: ${p} ${code}: count ${e.count} but ${e.fingerprints.length} fingerprints`);
    }
  }
  return parsed.data;
}

export interface ApplyOptions {
  /** whether a baseline-relative path was read in this run (entries of other files are never stale) */
  scanned: (baselineRelPath: string) => boolean;
  /** whether a rule ran in this run (entries of other codes are never stale) */
  ran: (code: string) => boolean;
}

/**
 * Hide the findings the baseline knows. A finding is matched by fingerprint; an
 * entry written without fingerprints matches up to its count of findings of
 * that code in that file. What is left of an entry, for a file that was read
 * (or no longer exists) and a rule that ran, is stale.
 */
export function applyBaseline(findings: Finding[], baseline: Baseline, baselineFile: string, opts: ApplyOptions, cache: SourceCache): BaselineOutcome {
  const keyPath = (f: Finding): string => baselinePath(baselineFile, f.path);
  const fps = fingerprints(findings, keyPath, cache);
  const remaining = new Map<string, { fps: Map<string, number>; loose: number }>();
  for (const [p, byCode] of Object.entries(baseline.files)) {
    for (const [code, e] of Object.entries(byCode)) {
      const m = new Map<string, number>();
      for (const fp of e.fingerprints ?? []) m.set(fp, (m.get(fp) ?? 0) + 1);
      remaining.set(`${p}\u0000${code}`, { fps: m, loose: e.fingerprints ? 0 : e.count });
    }
  }
  const kept: Finding[] = [];
  const unmatched: number[] = [];
  findings.forEach((f, i) => {
    const r = remaining.get(`${keyPath(f)}\u0000${f.code}`);
    const n = r?.fps.get(fps[i]) ?? 0;
    if (r && n > 0) {
      r.fps.set(fps[i], n - 1);
      return;
    }
    unmatched.push(i);
  });
  // count-only entries take what fingerprints did not
  for (const i of unmatched) {
    const f = findings[i];
    const r = remaining.get(`${keyPath(f)}\u0000${f.code}`);
    if (r && r.loose > 0) r.loose--;
    else kept.push(f);
  }
  const dir = path.dirname(path.resolve(baselineFile));
  const stale: StaleEntry[] = [];
  for (const [key, r] of remaining) {
    const [p, code] = key.split('\u0000');
    const gone = !fs.existsSync(path.resolve(dir, p));
    if (!gone && !(opts.scanned(p) && opts.ran(code))) continue;
    const left = [...r.fps].flatMap(([fp, n]) => Array<string>(n).fill(fp));
    const count = left.length + r.loose;
    if (count > 0) stale.push({ path: p, code, count, fingerprints: left });
  }
  stale.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.code.localeCompare(b.code)));
  return { kept, hidden: findings.length - kept.length, stale };
}

/** The baseline without its stale entries. */
export function pruneBaseline(baseline: Baseline, stale: StaleEntry[]): Baseline {
  const files: Baseline['files'] = JSON.parse(JSON.stringify(baseline.files));
  for (const s of stale) {
    const e = files[s.path]?.[s.code];
    if (!e) continue;
    if (e.fingerprints) {
      for (const fp of s.fingerprints) {
        const at = e.fingerprints.indexOf(fp);
        if (at >= 0) e.fingerprints.splice(at, 1);
      }
      e.count = e.fingerprints.length;
    } else {
      e.count = Math.max(0, e.count - s.count);
    }
    if (e.count === 0) delete files[s.path][s.code];
    if (Object.keys(files[s.path]).length === 0) delete files[s.path];
  }
  return { ...baseline, files: sortBaseline(files) };
}

/** Lines for a person: how many findings the baseline hid, and which entries are stale. */
export function baselineNotes(outcome: BaselineOutcome, baselineFile: string): string[] {
  const notes = [`${outcome.hidden} finding${outcome.hidden === 1 ? '' : 's'} hidden by baseline (${baselineFile}).`];
  if (outcome.stale.length) {
    const n = outcome.stale.reduce((s, e) => s + e.count, 0);
    notes.push(`${n} stale baseline entr${n === 1 ? 'y' : 'ies'} (fixed or changed since the baseline was made; 'rfsn-upgrade baseline prune' removes them):`);
    for (const s of outcome.stale) notes.push(`  ${s.path} ${s.code}${s.count > 1 ? ` ×${s.count}` : ''}`);
  }
  return notes;
}

/** Write a baseline file: a new one directly, an existing one atomically (the committed baseline is never left half-written). */
export function writeBaselineFile(file: string, b: Baseline): void {
  const text = serializeBaseline(b);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (fs.existsSync(file)) writeAtomic(file, Buffer.from(text), fs.statSync(file).mode);
  else fs.writeFileSync(file, text);
}
