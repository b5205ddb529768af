import { FileReadError, formatBytes, readRegularFile } from '../core/readfile';
import { decodePython, DecodeError, encodePython, type Decoded } from '../lang/python/decode';
import type { DecodedText, ReadFailure } from '../core/adapter';
import { SourceFile } from '../lang/python/source';
import { JsSourceFile } from '../lang/js/source';

/**
 * Read one Python file with the guards every command shares: size limit,
 * binary detection, decoding by PEP 263. Returns a one-line reason instead of
 * throwing, so a bad file never stops a run.
 */
export type ReadResult = { ok: true; file: SourceFile; decoded: Decoded; bytes: Buffer; mode: number } | ReadFailure;

export type { ReadFailure };

export function readSource(absPath: string, displayPath: string, maxFileSize: number): ReadResult {
  const raw = readBytes(absPath, maxFileSize);
  if (!raw.ok) return raw;
  const { bytes, mode } = raw;
  let decoded: Decoded;
  try {
    decoded = decodePython(bytes);
  } catch (err) {
    if (err instanceof DecodeError) return { ok: false, message: `cannot decode: ${err.message}; skipped`, bytes };
    throw err;
  }
  return { ok: true, file: new SourceFile(displayPath, absPath, decoded.text), decoded, bytes, mode };
}

/** A JS/TS file, read with the same guards; the text is UTF-8 (a BOM is dropped and put back on write). */
export type JsReadResult = { ok: true; file: JsSourceFile; bom: boolean; bytes: Buffer; mode: number } | ReadFailure;

export function readJsSource(absPath: string, displayPath: string, maxFileSize: number): JsReadResult {
  const raw = readBytes(absPath, maxFileSize);
  if (!raw.ok) return raw;
  const { bytes, mode } = raw;
  const d = decodeUtf8(bytes);
  if (!d.ok) return d;
  return { ok: true, file: new JsSourceFile(displayPath, absPath, d.text), bom: d.bom, bytes, mode };
}

/** A JS/TS file's bytes as text: UTF-8 or refused, a BOM taken off (and said, so a write puts it back). */
function decodeUtf8(bytes: Buffer): { ok: true; text: string; bom: boolean } | ReadFailure {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, message: 'cannot decode: not valid UTF-8; skipped', bytes };
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { ok: true, text: bom ? text.slice(1) : text, bom };
}

function readBytes(absPath: string, maxFileSize: number): { ok: true; bytes: Buffer; mode: number } | ReadFailure {
  let bytes: Buffer;
  let mode: number;
  try {
    // through the one guarded reader: a FIFO or device put where a source was never blocks the run
    ({ bytes, stat: { mode } } = readRegularFile(absPath, maxFileSize));
  } catch (err) {
    if (!(err instanceof FileReadError)) throw err;
    if (err.reason === 'special') return { ok: false, message: 'not a regular file; skipped' };
    if (err.reason === 'size') return { ok: false, message: `file is ${formatSize(err.size!)}, over max-file-size (${formatSize(maxFileSize)}); skipped` };
    const code = err.code;
    // a name that is not valid UTF-8 reaches us with U+FFFD in it: Node cannot open such a file by a string path
    const badName = code === 'ENOENT' && absPath.includes('\ufffd');
    if (badName) return { ok: false, message: 'cannot read file: its name is not valid UTF-8, so it cannot be opened by name (rename it to check it); skipped' };
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'file vanished (deleted or renamed during the run)' : (code ?? err.message);
    return { ok: false, message: `cannot read file: ${why}; skipped` };
  }
  const bad = nulBytes(bytes);
  return bad ?? { ok: true, bytes, mode };
}

/** Why bytes cannot be source: a NUL among them (said where, past the first 8 KB). */
function nulBytes(bytes: Buffer): ReadFailure | null {
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, message: 'binary file (contains NUL bytes); skipped', bytes };
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    // past the first 8 KB: a text file with a NUL in it, which Python refuses; say where
    const before = bytes.subarray(0, nul);
    let line = 1;
    for (const b of before) if (b === 10) line++;
    const column = before.subarray(before.lastIndexOf(10) + 1).toString('utf8').length + 1;
    return { ok: false, message: `contains a NUL byte at line ${line}, column ${column} (Python refuses source with NUL bytes); skipped`, bytes };
  }
  return null;
}

export type DecodedBytes = DecodedText;

/**
 * Bytes that were not read from a file (stdin), decoded by `decode` as that
 * file's language decodes them, after the same size limit and NUL check.
 */
export function decodeBytes(bytes: Buffer, maxFileSize: number, decode: (bytes: Buffer) => DecodedText): DecodedText {
  if (bytes.length > maxFileSize) return { ok: false, message: `input is ${formatSize(bytes.length)}, over max-file-size (${formatSize(maxFileSize)}); skipped` };
  return nulBytes(bytes) ?? decode(bytes);
}

/** Python's decoding (PEP 263), with the encoding to write a fixed text back in. */
export function decodePythonBytes(bytes: Buffer): DecodedText {
  try {
    const decoded = decodePython(bytes);
    return { ok: true, text: decoded.text, encode: (t) => encodePython(t, decoded) };
  } catch (err) {
    if (err instanceof DecodeError) return { ok: false, message: `cannot decode: ${err.message}; skipped`, bytes };
    throw err;
  }
}

/** JS/TS's: UTF-8, a BOM dropped and put back by `encode`. */
export function decodeJsBytes(bytes: Buffer): DecodedText {
  const d = decodeUtf8(bytes);
  if (!d.ok) return d;
  return { ok: true, text: d.text, encode: (t) => Buffer.from(d.bom ? `\ufeff${t}` : t, 'utf8') };
}

export const formatSize = formatBytes;
