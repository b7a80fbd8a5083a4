#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Seed corpora for the fuzz targets, from the test fixtures and fuzz/seeds/.

make-corpus.py SRCDIR OUTDIR: writes OUTDIR/<target>/<n> and OUTDIR/frame.dict."""

import json
import os
import re
import sys

src, out = sys.argv[1], sys.argv[2]
data_dir = os.path.join(src, 'tests', 'data')
seeds_dir = os.path.join(src, 'fuzz', 'seeds')
corpora = {'fuzz-frame': [], 'fuzz-occ': [], 'fuzz-recording': [], 'fuzz-rest': []}
keys = set()


def collect_keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            keys.add(key)
            collect_keys(item)
    elif isinstance(value, list):
        for item in value:
            collect_keys(item)


def add_frame(text):
    corpora['fuzz-frame'].append(text.encode())
    corpora['fuzz-occ'].extend(
        s.encode() for s in re.findall(r'[A-Z]{1,6}\d{6}[CP]\d{8}', text))
    try:
        collect_keys(json.loads(text))
    except ValueError:
        pass


for name in sorted(os.listdir(data_dir)):
    if not name.endswith(('.json', '.jsonl')):
        continue
    path = os.path.join(data_dir, name)
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if name.endswith('.jsonl'):
        corpora['fuzz-recording'].append(text.encode())
        # A torn last line, as a killed recorder leaves it.
        corpora['fuzz-recording'].append(text.encode()[:len(text) * 2 // 3])
        for line in text.splitlines():
            if line.strip():
                add_frame(json.loads(line)['frame'])
    elif text.lstrip().startswith('['):
        add_frame(text.strip())
    else:
        corpora['fuzz-rest'].append(text.encode())
        collect_keys(json.loads(text))

# Hand-written seeds: fuzz/seeds/<target>/<anything>.
if os.path.isdir(seeds_dir):
    for target in sorted(os.listdir(seeds_dir)):
        folder = os.path.join(seeds_dir, target)
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), 'rb') as f:
                corpora.setdefault(target, []).append(f.read())

for target, seeds in corpora.items():
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    for i, seed in enumerate(seeds):
        with open(os.path.join(folder, 'seed-%03d' % i), 'wb') as f:
            f.write(seed)

with open(os.path.join(out, 'frame.dict'), 'w', encoding='utf-8') as f:
    for key in sorted(keys) + ['status', 'response', 'reason', 'ok', 'error']:
        f.write(json.dumps(json.dumps(key)) + '\n')
