#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest against the meson project, since the runtime
cannot be downloaded on the build machines: it must name the same app, run the
app's own executable, build exactly simdjson then whalewatch, and ask for no
more sandbox holes than the app needs.

Usage: test-flatpak-manifest.py SOURCE_ROOT  (prints TAP)
"""

import json
import os
import re
import sys

# The smallest set that works: network for the stream, wayland with an X11
# fallback, ipc for X11 shared memory, dri for GL. The keyring goes through the
# secret portal and GSettings through the keyfile backend, so no D-Bus names.
ALLOWED_FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
}
SIMDJSON_SOURCE = {
    'type': 'git',
    'url': 'https://github.com/simdjson/simdjson.git',
    'tag': 'v4.6.7',
    'commit': 'cdeb069ad1e8cb2fb479cbb22695cb666cea99ac',
}

results = []


def check(name, ok, why=''):
    results.append((name, bool(ok), why))


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def main():
    src = sys.argv[1]
    meson_build = read(os.path.join(src, 'meson.build'))
    app_meson = read(os.path.join(src, 'src', 'app', 'meson.build'))

    m = re.search(r"^app_id\s*=\s*'([^']+)'", meson_build, re.M)
    app_id = m.group(1) if m else None
    m = re.search(r"project\(\s*'([^']+)'", meson_build)
    project = m.group(1) if m else None
    app_exes = re.findall(r"executable\(\s*'([^']+)'", app_meson)

    path = os.path.join(src, 'flatpak', app_id + '.json')
    try:
        manifest = json.loads(read(path))
        check('manifest is valid JSON', isinstance(manifest, dict))
    except (OSError, ValueError) as e:
        check('manifest is valid JSON', False, str(e))
        return

    ids = [manifest[k] for k in ('id', 'app-id') if k in manifest]
    check('app id is the meson app_id', ids == [app_id],
          'manifest %r, meson %r' % (ids, app_id))

    check('runtime is org.gnome.Platform with its SDK',
          manifest.get('runtime') == 'org.gnome.Platform'
          and manifest.get('sdk') == 'org.gnome.Sdk')
    version = str(manifest.get('runtime-version', ''))
    check('runtime-version is a stable GNOME release (>= 49)',
          version.isdigit() and int(version) >= 49, repr(version))

    command = manifest.get('command')
    check('command is the app executable from src/app/meson.build',
          command is not None and command in app_exes,
          'command %r, executables %r' % (command, app_exes))
    desktop = read(os.path.join(src, 'data', app_id + '.desktop.in'))
    check('command is the desktop file Exec',
          re.search(r'^Exec=%s$' % re.escape(str(command)), desktop, re.M))

    modules = manifest.get('modules', [])
    names = [mod.get('name') if isinstance(mod, dict) else mod for mod in modules]
    check('modules are simdjson then the project',
          names == ['simdjson', project], repr(names))

    if names == ['simdjson', project]:
        simdjson, app = modules
        opts = simdjson.get('config-opts', [])
        check('simdjson builds shared with cmake-ninja, no developer targets',
              simdjson.get('buildsystem') == 'cmake-ninja'
              and '-DBUILD_SHARED_LIBS=ON' in opts
              and '-DSIMDJSON_DEVELOPER_MODE=OFF' in opts, repr(opts))
        check('simdjson comes from the pinned git tag and commit',
              simdjson.get('sources') == [SIMDJSON_SOURCE],
              repr(simdjson.get('sources')))
        check('the project builds with meson from the local checkout',
              app.get('buildsystem') == 'meson'
              and app.get('sources') == [{'type': 'dir', 'path': '..'}],
              repr(app.get('sources')))

    args = manifest.get('finish-args', [])
    extra = [a for a in args if a not in ALLOWED_FINISH_ARGS]
    check('finish-args ask for nothing beyond the allowed list', not extra,
          'unexpected: %r' % extra)
    missing = sorted(ALLOWED_FINISH_ARGS - set(args))
    check('finish-args give what the app needs', not missing,
          'missing: %r' % missing)
    check('finish-args have no duplicates', len(args) == len(set(args)))
    broad = [a for a in args
             if a.startswith(('--filesystem', '--talk-name', '--own-name',
                              '--system-talk-name', '--socket=session-bus',
                              '--socket=system-bus', '--device=all',
                              '--socket=x11'))]
    check('no filesystem, D-Bus name or bus access', not broad, repr(broad))


if __name__ == '__main__':
    try:
        main()
    except Exception as e:  # a crash is a failure, not a missing plan
        check('the checks ran', False, '%s: %s' % (type(e).__name__, e))
    print('1..%d' % len(results))
    for i, (name, ok, why) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
        if not ok and why:
            print('# ' + why)
    sys.exit(0 if all(ok for _, ok, _ in results) else 1)
