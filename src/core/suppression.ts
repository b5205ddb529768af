import type { Finding, LazyFix } from './finding';
import type { FileNoqa, NoqaContext, Rule } from './rule';

/**
 * Inline suppressions, read from real comment nodes (never from strings):
 *   # noqa                  every finding on the line
 *   # noqa: SEC003, LOG001  those codes (prefixes allowed: `# noqa: SEC`; `ALL` is no code, as in ruff: warned)
 *   # noqa: T201, S307      other tools' codes for our findings (each rule's `aliases`: ruff, flake8 and its plugins)
 *   # nosec                 every finding of the groups whose rules bandit also checks (bandit's spelling)
 *   # nosec B602 B607       the rules that match those bandit ids
 * A directive that names nothing we know suppresses nothing and is warned about.
 * What the codes mean is the rules' knowledge: it comes in a NoqaVocabulary.
 */
export interface LineSuppression {
  all: boolean;
  codes: string[]; // code prefixes
}

/** What a `# noqa` or `# nosec` comment can name, as the rules say (rules/registry.ts `noqaVocabulary`). */
export interface NoqaVocabulary {
  /** a code or prefix of ours (SEC, SEC003), or of a user's semgrep rule */
  isKnown(selector: string): boolean;
  /** our rule codes a code or prefix covers */
  codesUnder(prefix: string): string[];
  /** other tools' codes (ruff, flake8 and its plugins: T201, S307) to ours */
  aliases: ReadonlyMap<string, string[]>;
  /** bandit test ids (B602) to ours */
  bandit: ReadonlyMap<string, string[]>;
  /** the code prefixes of the rules bandit also checks: what a bare `# nosec` covers, and whose codes `# nosec` may name */
  nosecGroups: string[];
}

/** One code of a `# noqa: A, B` list, where it is in the comment (what the unused-noqa rule judges and removes). */
export interface NoqaCode {
  /** as written, upper-cased */
  text: string;
  /** offsets in the comment text */
  start: number;
  end: number;
  /** our rule codes it suppresses: a code, the codes of a prefix, an alias's rules; empty for another tool's code we do not map */
  ours: string[];
}

/** A `# noqa: …` directive with codes (not a bare `# noqa`, not `# nosec`), by offsets in the comment text. */
export interface NoqaDirective {
  /** its `#` */
  start: number;
  /** the end of its last code */
  end: number;
  /** where the next directive of the comment starts, or the comment ends (what else it says is part of it) */
  segmentEnd: number;
  codes: NoqaCode[];
}

const NOQA = /#\s*noqa\b(:?)([^#]*)/i;
const NOSEC = /#\s*nosec\b([^#]*)/i;
const CODE = /^[A-Z]+[0-9]*$/;

let registered: (() => NoqaVocabulary) | null = null;

/**
 * Where the vocabulary comes from when a caller passes none (both languages'
 * dispatchers): the rules registry sets it as it loads, so whoever holds rules
 * reads their codes. Core itself never asks the rules.
 */
export function setNoqaVocabulary(resolve: () => NoqaVocabulary): void {
  registered = resolve;
}

function registeredVocabulary(): NoqaVocabulary {
  if (!registered) throw new Error('internal error: no noqa vocabulary (src/rules/registry.ts sets it as it loads)');
  return registered();
}

/** Our rule codes a `# noqa:` code covers: itself or the codes it prefixes, and the rules it is an alias of. */
function ourCodes(token: string, vocab: NoqaVocabulary): string[] {
  return [...new Set([...vocab.codesUnder(token), ...(vocab.aliases.get(token) ?? [])])];
}

export function parseSuppression(comment: string, vocab: NoqaVocabulary = registeredVocabulary()): { suppression: LineSuppression | null; warning: string | null; directives: NoqaDirective[] } {
  const codes: string[] = [];
  const directives: NoqaDirective[] = [];
  let all = false;
  let warning: string | null = null;
  let at = 0; // the segment's offset in the comment
  // a directive only counts at the start of a comment segment: "# foo # noqa" is fine, "# see noqa docs" is not
  for (const segment of comment.split(/(?=#)/)) {
    const segmentAt = at;
    at += segment.length;
    const noqa = NOQA.exec(segment);
    if (noqa && noqa.index === 0) {
      const colon = noqa[1] === ':';
      const rest = noqa[2].trim();
      if (!colon) {
        if (rest === '' || !/^[A-Za-z]+[0-9]+\b/.test(rest)) all = true;
        else warning = `'# noqa ${rest}' is missing ':' (write '# noqa: ${rest.split(/[\s,]+/)[0]}'); nothing suppressed`;
      } else {
        const tokens = rest.split(/[\s,]+/).filter(Boolean);
        // a full code of any tool (E501, SEC003) or a prefix of ours (SEC); ALL selects rules on the command line but is
        // no code: ruff rejects '# noqa: ALL' with a warning and suppresses nothing, and so does this
        const valid = tokens.map((t) => t.toUpperCase()).filter((t) => t !== 'ALL' && CODE.test(t) && (/[0-9]/.test(t) || vocab.isKnown(t)));
        if (tokens.some((t) => t.toUpperCase() === 'ALL')) warning = `'# noqa: ${tokens.find((t) => t.toUpperCase() === 'ALL')}' is not a rule code (a bare '# noqa' covers every code, as in ruff); ${valid.length ? `only ${valid.join(', ')} suppressed` : 'nothing suppressed'}`;
        else if (valid.length === 0) warning = `'# noqa:' names no rule code; nothing suppressed`;
        codes.push(...valid);
        // each valid code also suppresses the rules it is an alias of
        for (const t of valid) codes.push(...(vocab.aliases.get(t) ?? []));
        if (valid.length) {
          const listAt = segmentAt + noqa[0].length - noqa[2].length;
          const list = [...noqa[2].matchAll(/[^\s,]+/g)].map((m) => ({ text: m[0].toUpperCase(), start: listAt + m.index!, end: listAt + m.index! + m[0].length }));
          const named = list.filter((t) => valid.includes(t.text));
          directives.push({ start: segmentAt, end: named[named.length - 1].end, segmentEnd: at, codes: named.map((t) => ({ ...t, ours: ourCodes(t.text, vocab) })) });
        }
      }
    }
    const nosec = NOSEC.exec(segment);
    if (nosec && nosec.index === 0) {
      const tokens = nosec[1].split(/[\s,:]+/).filter(Boolean);
      const ours = (id: string): boolean => vocab.nosecGroups.some((g) => id.startsWith(g) && /^\d{3}$/.test(id.slice(g.length)));
      const ids = tokens.map((t) => t.toUpperCase()).filter((t) => /^B\d{3}$/.test(t) || ours(t));
      if (ids.length === 0) {
        codes.push(...vocab.nosecGroups);
      } else {
        let mapped = 0;
        for (const id of ids) {
          if (ours(id)) {
            codes.push(id);
            mapped++;
          } else {
            const m = vocab.bandit.get(id);
            if (m) {
              codes.push(...m);
              mapped++;
            }
          }
        }
        if (mapped === 0) warning = `'# nosec ${ids.join(' ')}' names no bandit test this tool maps; nothing suppressed`;
      }
    }
  }
  if (!all && codes.length === 0) return { suppression: null, warning, directives };
  return { suppression: { all, codes }, warning, directives };
}

/** Record a comment's suppression on its line, joining it with one already there. */
export function addSuppression(byLine: Map<number, LineSuppression>, line: number, s: LineSuppression): void {
  const prev = byLine.get(line);
  byLine.set(line, prev ? { all: prev.all || s.all, codes: [...prev.codes, ...s.codes] } : s);
}

export function isSuppressed(code: string, s: LineSuppression | undefined): boolean {
  if (!s) return false;
  return s.all || s.codes.some((c) => code.startsWith(c));
}

/**
 * A file's `# noqa: CODE` directives by line, with file offsets, and which of
 * their codes suppressed a finding: what a rule's `noqa` check (the
 * unused-noqa rule) judges once the file's findings were filtered.
 */
export class FileDirectives {
  private readonly byLine = new Map<number, FileNoqa[]>();

  /** The directives of one comment (offsets in `parseSuppression`'s text, which starts where the comment does). */
  add(line: number, comment: FileNoqa['comment'], directives: NoqaDirective[]): void {
    if (!directives.length) return;
    const list = this.byLine.get(line) ?? [];
    const shift = (d: NoqaDirective): NoqaDirective => ({
      start: comment.start + d.start,
      end: comment.start + d.end,
      segmentEnd: comment.start + d.segmentEnd,
      codes: d.codes.map((c) => ({ ...c, start: comment.start + c.start, end: comment.start + c.end })),
    });
    for (const d of directives) list.push({ line, comment, directive: shift(d), used: d.codes.map(() => false) });
    this.byLine.set(line, list);
  }

  /** A finding of `code` was suppressed by the directives on these lines: each code of them that covers it was used. */
  markUsed(code: string, lines: number[]): void {
    for (const line of new Set(lines)) {
      for (const n of this.byLine.get(line) ?? []) {
        n.directive.codes.forEach((c, i) => {
          if (code.startsWith(c.text) || c.ours.includes(code)) n.used[i] = true;
        });
      }
    }
  }

  get size(): number {
    return this.byLine.size;
  }

  list(): FileNoqa[] {
    return [...this.byLine.values()].flat();
  }
}

/** Whether the directives on these lines suppress the finding; the codes of theirs that did are marked used. */
export function suppressedAt(f: Finding, lines: number[], suppressions: Map<number, LineSuppression>, directives: FileDirectives): boolean {
  const by = lines.filter((l) => isSuppressed(f.code, suppressions.get(l)));
  if (by.length) directives.markUsed(f.code, by);
  return by.length > 0;
}

/**
 * The `noqa` checks of the rules that have one (the unused-noqa rule), once
 * the file's findings were filtered: what they report, less what a directive
 * on its line suppresses (`# noqa: NQA001`). Both languages' dispatchers.
 */
export function judgeDirectives(
  rules: Rule[],
  text: string,
  directives: FileDirectives,
  ran: Set<string>,
  suppressions: Map<number, LineSuppression>,
  guarded: (rule: Rule, what: string, fn: () => void) => void,
  make: (rule: Rule, a: { start: number; end: number; message: string; fix?: LazyFix }) => Finding,
): Finding[] {
  if (!directives.size) return [];
  const out: Finding[] = [];
  for (const rule of rules) {
    if (!rule.noqa) continue;
    const ctx: NoqaContext = { text, directives: directives.list(), ran, report: (a) => out.push(make(rule, a)) };
    guarded(rule, 'noqa', () => rule.noqa!(ctx));
  }
  return out.filter((f) => !isSuppressed(f.code, suppressions.get(f.line)));
}
