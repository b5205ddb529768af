"""Run pyupgrade (3.22, the venv's) restricted to the rewrites rfsn-upgrade implements.

usage: .venv/bin/python pyupgrade_only.py FEATURES MINOR  (JSON list of sources on stdin)
FEATURES: comma-separated from pep585, pep604, abc (`from typing import
Sequence` -> `from collections.abc import Sequence` and the other typing
entries of the imports plugin), format (percent -> .format, .format ->
f-string, positional '{0}' -> '{}'). Each source is rewritten the
way repeated pyupgrade runs would, until nothing changes (at most 10 runs), and
the results are printed as a JSON list.
"""
import json
import sys
import tokenize

from tokenize_rt import parse_string_literal, src_to_tokens, tokens_to_src, reversed_enumerate

from pyupgrade import _data, _main
from pyupgrade._data import Settings
from pyupgrade._plugins import imports

PLUGINS = {
    'pep585': ['pyupgrade._plugins.typing_pep585'],
    'pep604': ['pyupgrade._plugins.typing_pep604'],
    'format': ['pyupgrade._plugins.percent_format', 'pyupgrade._plugins.fstrings'],
    'abc': ['pyupgrade._plugins.imports'],
}


def restrict_imports_plugin():
    """Keep only the moves of names out of typing (collections.abc, collections, re)."""
    imports.REMOVALS.clear()
    imports.REPLACE_MODS.clear()
    for ver, moves in imports.REPLACE_EXACT.items():
        imports.REPLACE_EXACT[ver] = {k: v for k, v in moves.items() if k[0] == 'typing'}
    imports._for_version.cache_clear()


def restricted_funcs(features):
    modules = {m for f in features for m in PLUGINS[f]}
    funcs = _data.collections.defaultdict(list)
    for tp, fs in _data.FUNCS.items():
        funcs[tp] = [f for f in fs if f.__module__ in modules]
    return funcs


def token_pass(src):
    """The parts of _fix_tokens that belong to the format feature."""
    try:
        tokens = src_to_tokens(src)
    except tokenize.TokenError:
        return src
    for i, token in reversed_enumerate(tokens):
        if token.src == 'format' and i > 0 and tokens[i - 1].src == '.':
            _main._fix_format_literal(tokens, i - 2)
        elif token.name == 'STRING':
            prefix, rest = parse_string_literal(token.src)
            if 'f' in prefix.lower() and 'u' in prefix.lower():
                tokens[i] = token._replace(src=prefix.replace('u', '').replace('U', '') + rest)
    return tokens_to_src(tokens)


def run(src, features, minor):
    settings = Settings(min_version=(3, minor), keep_mock=True)
    funcs = restricted_funcs(features)
    _main.FUNCS = funcs
    # _fix_plugins lstrips the whole file once any rewrite ran: not a rewrite of ours
    lead = src[:len(src) - len(src.lstrip())]
    for _ in range(10):
        before = src
        src = _main._fix_plugins(src, settings=settings)
        if not src.startswith(lead):
            src = lead + src
        if 'format' in features:
            src = token_pass(src)
        if src == before:
            break
    return src


def main():
    features = sys.argv[1].split(',')
    restrict_imports_plugin()
    minor = int(sys.argv[2])
    sources = json.load(sys.stdin)
    out = []
    for s in sources:
        try:
            out.append(run(s, features, minor))
        except Exception as e:  # an oracle crash is a result too
            out.append({'error': repr(e)})
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
