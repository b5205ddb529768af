import { allRules, isKnownSelector } from '../rules/registry';

/**
 * Inline suppressions, read from real comment nodes (never from strings):
 *   # noqa                  every finding on the line
 *   # noqa: SEC003, LOG001  those codes (prefixes allowed: `# noqa: SEC`; `ALL` is no code, as in ruff: warned)
 *   # nosec                 every SEC finding on the line (bandit's spelling)
 *   # nosec B602 B607       the SEC rules that match those bandit ids
 * A directive that names nothing we know suppresses nothing and is warned about.
 */
export interface LineSuppression {
  all: boolean;
  codes: string[]; // code prefixes
}

const NOQA = /#\s*noqa\b(:?)([^#]*)/i;
const NOSEC = /#\s*nosec\b([^#]*)/i;
const CODE = /^[A-Z]+[0-9]*$/;

let banditMap: Map<string, string[]> | null = null;
function banditToCodes(): Map<string, string[]> {
  if (!banditMap) {
    banditMap = new Map();
    for (const r of allRules()) {
      for (const b of r.nosec ?? []) banditMap.set(b, [...(banditMap.get(b) ?? []), r.code]);
    }
  }
  return banditMap;
}

export function parseSuppression(comment: string): { suppression: LineSuppression | null; warning: string | null } {
  const codes: string[] = [];
  let all = false;
  let warning: string | null = null;
  // a directive only counts at the start of a comment segment: "# foo # noqa" is fine, "# see noqa docs" is not
  for (const segment of comment.split(/(?=#)/)) {
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
        const valid = tokens.map((t) => t.toUpperCase()).filter((t) => t !== 'ALL' && CODE.test(t) && (/[0-9]/.test(t) || isKnownSelector(t)));
        if (tokens.some((t) => t.toUpperCase() === 'ALL')) warning = `'# noqa: ${tokens.find((t) => t.toUpperCase() === 'ALL')}' is not a rule code (a bare '# noqa' covers every code, as in ruff); ${valid.length ? `only ${valid.join(', ')} suppressed` : 'nothing suppressed'}`;
        else if (valid.length === 0) warning = `'# noqa:' names no rule code; nothing suppressed`;
        codes.push(...valid);
      }
    }
    const nosec = NOSEC.exec(segment);
    if (nosec && nosec.index === 0) {
      const tokens = nosec[1].split(/[\s,:]+/).filter(Boolean);
      const ids = tokens.filter((t) => /^B\d{3}$/i.test(t) || /^SEC\d{3}$/i.test(t)).map((t) => t.toUpperCase());
      if (ids.length === 0) {
        codes.push('SEC');
      } else {
        let mapped = 0;
        for (const id of ids) {
          if (id.startsWith('SEC')) {
            codes.push(id);
            mapped++;
          } else {
            const m = banditToCodes().get(id);
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
  if (!all && codes.length === 0) return { suppression: null, warning };
  return { suppression: { all, codes }, warning };
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
