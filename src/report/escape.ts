/**
 * Text from the scanned code (messages quote it, source lines are it, paths
 * name it) must not drive the terminal that shows a report: an OSC sequence
 * retitles the window, a lone CR or backspace hides what came before. Every
 * C0 control but tab, DEL, and the C1 controls are shown as visible escapes
 * (`\x1b`, `\r`, `\u009b`); line breaks too, since one finding is one line.
 */
const NAMED: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\b': '\\b', '\x07': '\\a', '\f': '\\f', '\v': '\\v' };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_BREAKS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;

/** Whether `s` holds a control character `escapeTerminal` would escape (line breaks aside with `keepBreaks`). */
export function hasControl(s: string, keepBreaks = false): boolean {
  const re = keepBreaks ? CONTROL_BUT_BREAKS : CONTROL;
  re.lastIndex = 0;
  return re.test(s);
}

/** `keepBreaks`: leave CR and LF for a format with its own escaping of them (GitHub's workflow commands). */
export function escapeTerminal(s: string, keepBreaks = false): string {
  const re = keepBreaks ? CONTROL_BUT_BREAKS : CONTROL;
  re.lastIndex = 0;
  if (!re.test(s)) return s;
  re.lastIndex = 0;
  return s.replace(re, (ch) => NAMED[ch] ?? (ch.charCodeAt(0) < 0x80 ? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
