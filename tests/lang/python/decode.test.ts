import { codingCookie, decodePython, DecodeError, encodePython } from '../../../src/lang/python/decode';

describe('decodePython (PEP 263)', () => {
  test('plain UTF-8 with non-ASCII text', () => {
    const d = decodePython(Buffer.from('s = "héllo → 世界"\n', 'utf8'));
    expect(d).toEqual({ text: 's = "héllo → 世界"\n', encoding: 'utf-8', bom: false });
  });

  test('a UTF-8 BOM is stripped and remembered', () => {
    const d = decodePython(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = 1\n')]));
    expect(d.text).toBe('x = 1\n');
    expect(d.bom).toBe(true);
    expect(encodePython(d.text, d)).toEqual(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = 1\n')]));
  });

  test('a latin-1 coding cookie on line 1 or 2 decodes bytes as latin-1', () => {
    const bytes = Buffer.concat([Buffer.from('#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nname = "'), Buffer.from([0xe9]), Buffer.from('"\n')]);
    expect(codingCookie(bytes)).toBe('latin-1');
    const d = decodePython(bytes);
    expect(d.text).toContain('name = "é"');
    expect(d.encoding).toBe('latin1');
    expect(encodePython(d.text, d)).toEqual(bytes);
  });

  test('a cookie on line 2 counts only when line 1 is a comment', () => {
    expect(codingCookie(Buffer.from('x = 1\n# coding: latin-1\n'))).toBeNull();
    expect(codingCookie(Buffer.from('# vim: set fileencoding=cp1252 :\n'))).toBe('cp1252');
  });

  test('invalid UTF-8 is an error naming the offset, never replaced silently', () => {
    expect(() => decodePython(Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xff, 0x22]))).toThrow(/not valid UTF-8 \(byte 0xff at offset 5\)/);
  });

  test('an unknown codec in the cookie is an error', () => {
    expect(() => decodePython(Buffer.from('# coding: uft-8\nx = 1\n'))).toThrow(DecodeError);
  });

  test('a cp1252 cookie uses that codec', () => {
    const d = decodePython(Buffer.concat([Buffer.from('# coding: cp1252\ns = "'), Buffer.from([0x80]), Buffer.from('"\n')]));
    expect(d.text).toContain('"€"');
  });
});
