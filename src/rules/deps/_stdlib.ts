/**
 * Standard-library top-level module names per Python 3 minor version, from
 * `sys.stdlib_module_names` of CPython 3.11 and the documented additions and
 * removals of each release (PEP 594 removals in 3.13, distutils/imp/asyn* in
 * 3.12, ...). Private `_modules` are included as CPython lists them.
 */
const BASE_311 = `
  __future__ _abc _aix_support _ast _asyncio _bisect _blake2 _bootsubprocess _bz2 _codecs _codecs_cn
  _codecs_hk _codecs_iso2022 _codecs_jp _codecs_kr _codecs_tw _collections _collections_abc _compat_pickle
  _compression _contextvars _crypt _csv _ctypes _curses _curses_panel _datetime _dbm _decimal _elementtree
  _frozen_importlib _frozen_importlib_external _functools _gdbm _hashlib _heapq _imp _io _json _locale _lsprof
  _lzma _markupbase _md5 _msi _multibytecodec _multiprocessing _opcode _operator _osx_support _overlapped
  _pickle _posixshmem _posixsubprocess _py_abc _pydecimal _pyio _queue _random _scproxy _sha1 _sha256 _sha3
  _sha512 _signal _sitebuiltins _socket _sqlite3 _sre _ssl _stat _statistics _string _strptime _struct
  _symtable _thread _threading_local _tkinter _tokenize _tracemalloc _typing _uuid _warnings _weakref
  _weakrefset _winapi _zoneinfo abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit
  audioop base64 bdb binascii bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs
  codeop collections colorsys compileall concurrent configparser contextlib contextvars copy copyreg crypt csv
  ctypes curses dataclasses datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum
  errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass
  gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp importlib inspect io
  ipaddress itertools json keyword lib2to3 linecache locale logging lzma mailbox mailcap marshal math
  mimetypes mmap modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path numbers
  opcode operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib
  poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri
  random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil
  signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl
  stat statistics string stringprep struct subprocess sunau symtable sys sysconfig syslog tabnanny tarfile
  telnetlib tempfile termios textwrap this threading time timeit tkinter token tokenize tomllib trace
  traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings
  wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo
`.trim().split(/\s+/);

/** Changes relative to the previous version: [added, removed]. */
const CHANGES: Record<number, [string[], string[]]> = {
  9: [['zoneinfo', '_zoneinfo', 'graphlib'], ['dummy_threading', '_dummy_thread']],
  10: [[], ['formatter', 'parser', 'symbol', '_peg_parser', '_bootlocale']],
  11: [['tomllib'], ['binhex']],
  12: [['_pydatetime', '_pylong', '_wmi'], ['asynchat', 'asyncore', 'distutils', 'imp', 'smtpd']],
  13: [
    ['_colorize', '_pyrepl', '_interpchannels', '_interpqueues', '_interpreters', '_suggestions', '_sysconfig', '_opcode_metadata', '_android_support', '_apple_support'],
    ['aifc', 'audioop', 'cgi', 'cgitb', 'chunk', 'crypt', '_crypt', 'imghdr', 'mailcap', 'msilib', '_msi', 'nis', 'nntplib', 'ossaudiodev', 'pipes', 'sndhdr', 'spwd', 'sunau', 'telnetlib', 'uu', 'xdrlib', 'lib2to3'],
  ],
  14: [['annotationlib', 'compression', '_zstd', '_remote_debugging'], []],
};

export const MIN_MINOR = 8;
export const MAX_MINOR = 14;

const byMinor = new Map<number, Set<string>>();
{
  byMinor.set(11, new Set(BASE_311));
  for (let m = 11; m > MIN_MINOR; m--) {
    // walk back: undo the changes of version m
    const s = new Set(byMinor.get(m));
    const [added, removed] = CHANGES[m];
    for (const n of added) s.delete(n);
    for (const n of removed) s.add(n);
    byMinor.set(m - 1, s);
  }
  for (let m = 12; m <= MAX_MINOR; m++) {
    const s = new Set(byMinor.get(m - 1));
    const [added, removed] = CHANGES[m];
    for (const n of added) s.add(n);
    for (const n of removed) s.delete(n);
    byMinor.set(m, s);
  }
}

const anyVersion = new Set<string>([...byMinor.values()].flatMap((s) => [...s]));

/** Whether `topLevel` is a standard-library module in Python 3.`minor`. */
export function isStdlib(topLevel: string, minor: number): boolean {
  const m = Math.min(Math.max(minor, MIN_MINOR), MAX_MINOR);
  return byMinor.get(m)!.has(topLevel);
}

/** Whether `topLevel` is a standard-library module in some Python from 3.8 to 3.14. */
export function isStdlibInSomeVersion(topLevel: string): boolean {
  return anyVersion.has(topLevel);
}

/** The versions (minor numbers) where `topLevel` is in the standard library. */
export function stdlibVersions(topLevel: string): number[] {
  const out: number[] = [];
  for (let m = MIN_MINOR; m <= MAX_MINOR; m++) if (byMinor.get(m)!.has(topLevel)) out.push(m);
  return out;
}
