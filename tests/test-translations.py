#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks every translation in po/LINGUAS against the CURRENT sources.

It builds a fresh template from po/POTFILES.in in a temporary directory (with
the xgettext arguments po/meson.build uses), merges each .po into a temporary
copy, and fails on anything a user would see in English or broken: an
untranslated or fuzzy string, a format that no longer matches, a lost keyboard
mnemonic, a lost marker the code or a trader relies on (▲ ▼ $ tickers), or a
wrong plural rule.

Usage: test-translations.py SOURCE_ROOT -- XGETTEXT_ARG...
"""

import os
import re
import subprocess
import sys
import tempfile

# The plural rules of the languages we ship, as the gettext manual gives them.
PLURAL_FORMS = {
    'de': 'nplurals=2; plural=(n != 1);',
    'ro': 'nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);',
}

# Markers that must survive translation: the code reads the arrows back
# (bullish/bearish colouring), traders read the rest.
KEEP_PREFIXES = ('▲', '▼', '★', '•')
KEEP_TOKENS = ('$', 'C/P', 'SPY', 'QQQ', 'AMD', 'GEX', 'NBBO', 'OTM', 'OI', 'EWMA', 'API',
               'REST', 'URL', 'WebSocket', 'Unusual Whales', 'Whalewatch', 'whalewatch-cli')

# An underscore before a letter or digit, also inside a word ("Ein_stellungen").
MNEMONIC = re.compile(r'(?<!_)_(?=[^\W_])')

results = []


def report(ok, name, details=()):
    results.append(ok)
    print(f'{"ok" if ok else "not ok"} {len(results)} - {name}')
    for line in details:
        print(f'# {line}')


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def unquote(text):
    return (text[1:-1].replace('\\n', '\n').replace('\\t', '\t')
            .replace('\\"', '"').replace('\\\\', '\\'))


def parse_po(path):
    """Entries as dicts: msgid, msgid_plural, msgstr (list), flags, obsolete."""
    entries = []
    entry = None
    key = None

    def flush():
        if entry is not None and 'msgid' in entry:
            entries.append(entry)

    with open(path, encoding='utf-8') as f:
        for raw in f:
            line = raw.rstrip('\n')
            obsolete = line.startswith('#~')
            if obsolete:
                line = line[2:].lstrip()
            if not line.strip():
                flush()
                entry, key = None, None
                continue
            if entry is None:
                entry = {'msgstr': {}, 'flags': set(), 'obsolete': False}
            if line.startswith('#,'):
                entry['flags'].update(flag.strip() for flag in line[2:].split(','))
                continue
            if line.startswith('#'):
                continue
            entry['obsolete'] |= obsolete
            match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
            if match:
                if match.group(1).startswith('msgstr'):
                    key = ('msgstr', int(match.group(2) or 0))
                    entry['msgstr'][key[1]] = unquote(match.group(3))
                else:
                    key = (match.group(1), None)
                    entry[key[0]] = unquote(match.group(3))
            elif line.startswith('"') and key is not None:
                if key[0] == 'msgstr':
                    entry['msgstr'][key[1]] += unquote(line)
                else:
                    entry[key[0]] += unquote(line)
    flush()
    return entries


def header_field(entries, name):
    for entry in entries:
        if entry['msgid'] == '' and 'msgctxt' not in entry:
            for line in entry['msgstr'].get(0, '').split('\n'):
                if line.startswith(name + ':'):
                    return line[len(name) + 1:].strip()
    return None


def has_token(text, token):
    if not token[0].isalnum():
        return token in text
    # A whole word, though compounds count: "API-Token", "URL-ul".
    return re.search(r'(?<!\w)' + re.escape(token) + r'(?!\w)', text) is not None


def check_language(root, lang, pot, tmp):
    po = os.path.join(root, 'po', lang + '.po')

    if not os.path.exists(po):
        report(False, f'{lang}: po/{lang}.po exists')
        return

    check = run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po])
    report(check.returncode == 0, f'{lang}: msgfmt --check passes on po/{lang}.po',
           (check.stdout + check.stderr).strip().splitlines())

    entries = parse_po(po)
    plural = header_field(entries, 'Plural-Forms')
    expected = PLURAL_FORMS.get(lang)
    report(expected is not None and plural == expected,
           f'{lang}: the plural rule is the one for {lang}',
           [f'found: {plural}', f'expected: {expected}'] if plural != expected else ())

    merged = os.path.join(tmp, lang + '.po')
    merge = run(['msgmerge', '--quiet', '-o', merged, po, pot])
    if merge.returncode != 0:
        report(False, f'{lang}: merges with the current template', merge.stderr.splitlines())
        return

    entries = [e for e in parse_po(merged) if not e['obsolete'] and e['msgid'] != '']
    untranslated = [e['msgid'] for e in entries
                    if not e['msgstr'] or any(s == '' for s in e['msgstr'].values())]
    fuzzy = [e['msgid'] for e in entries if 'fuzzy' in e['flags']]
    report(not untranslated and not fuzzy,
           f'{lang}: all {len(entries)} strings of the current template are translated',
           [f'untranslated: {m!r}' for m in untranslated] + [f'fuzzy: {m!r}' for m in fuzzy])

    # Format directives, their order and types, against the current msgids.
    check = run(['msgfmt', '--check', '-o', os.devnull, merged])
    report(check.returncode == 0, f'{lang}: formats match the current template',
           check.stderr.strip().splitlines())

    lost_mnemonics = []
    lost_markers = []
    for e in entries:
        if 'fuzzy' in e['flags']:
            continue
        sources = [e['msgid']] + ([e['msgid_plural']] if 'msgid_plural' in e else [])
        for msgstr in e['msgstr'].values():
            if not msgstr:
                continue
            if bool(MNEMONIC.search(e['msgid'])) != (len(MNEMONIC.findall(msgstr)) == 1):
                lost_mnemonics.append(f'{e["msgid"]!r} -> {msgstr!r}')
            for prefix in KEEP_PREFIXES:
                if e['msgid'].startswith(prefix) and not msgstr.startswith(prefix):
                    lost_markers.append(f'{e["msgid"]!r} -> {msgstr!r}: must start with {prefix}')
            for token in KEEP_TOKENS:
                if any(has_token(s, token) for s in sources) and not has_token(msgstr, token):
                    lost_markers.append(f'{e["msgid"]!r} -> {msgstr!r}: lost {token}')
    report(not lost_mnemonics, f'{lang}: every mnemonic is kept, once', lost_mnemonics)
    report(not lost_markers, f'{lang}: arrows, $ and tickers are kept', lost_markers)


def main():
    root = sys.argv[1]
    xgettext_args = sys.argv[sys.argv.index('--') + 1:] if '--' in sys.argv else []

    with open(os.path.join(root, 'po', 'LINGUAS'), encoding='utf-8') as f:
        langs = [w for line in f for w in line.split('#')[0].split()]

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'whalewatch.pot')
        gen = run(['xgettext', '--package-name=whalewatch', '-p', tmp,
                   '-f', os.path.join(root, 'po', 'POTFILES.in'), '-D', root,
                   '-k_', '-o', pot] + xgettext_args)
        report(gen.returncode == 0 and os.path.exists(pot),
               'xgettext builds the template from po/POTFILES.in', gen.stderr.splitlines())
        if gen.returncode == 0:
            report(set(langs) >= {'de', 'ro'}, 'po/LINGUAS lists de and ro', [f'found: {langs}'])
            for lang in langs:
                check_language(root, lang, pot, tmp)

    print(f'1..{len(results)}')
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
