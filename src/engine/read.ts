import fs from 'node:fs';
import { decodePython, DecodeError, type Decoded } from '../python/decode';
import { SourceFile } from '../python/source';

/**
 * Read one Python file with the guards every command shares: size limit,
 * binary detection, decoding by PEP 263. Returns a one-line reason instead of
 * throwing, so a bad file never stops a run.
 */
export type ReadResult = { ok: true; file: SourceFile; decoded: Decoded; bytes: Buffer; mode: number } | { ok: false; message: string };

export function readSource(absPath: string, displayPath: string, maxFileSize: number): ReadResult {
  let bytes: Buffer;
  let mode = 0o644;
  try {
    const st = fs.statSync(absPath);
    mode = st.mode;
    if (!st.isFile()) return { ok: false, message: 'not a regular file; skipped' };
    if (st.size > maxFileSize) return { ok: false, message: `file is ${formatSize(st.size)}, over max-file-size (${formatSize(maxFileSize)}); skipped` };
    bytes = fs.readFileSync(absPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'file vanished' : (code ?? (err as Error).message);
    return { ok: false, message: `cannot read file: ${why}; skipped` };
  }
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, message: 'binary file (contains NUL bytes); skipped' };
  let decoded: Decoded;
  try {
    decoded = decodePython(bytes);
  } catch (err) {
    if (err instanceof DecodeError) return { ok: false, message: `cannot decode: ${err.message}; skipped` };
    throw err;
  }
  return { ok: true, file: new SourceFile(displayPath, absPath, decoded.text), decoded, bytes, mode };
}

export function formatSize(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}
