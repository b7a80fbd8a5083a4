#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Validates the desktop integration files with the real tools, stricter than
# their exit codes: any warning or hint fails, so the launcher and the software
# centre never see a file they would complain about.
#
# Usage: test-data.sh desktop FILE | metainfo FILE | schema DIR
set -u

kind=$1
target=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT

case $kind in
  desktop)
    desktop-file-validate "$target" >"$out" 2>&1
    rc=$?
    cat "$out"
    # It exits 0 on warnings and hints; we take none.
    [ $rc -eq 0 ] && [ ! -s "$out" ]
    ;;
  metainfo)
    appstreamcli validate --no-net --pedantic --explain "$target" >"$out" 2>&1
    rc=$?
    cat "$out"
    # Errors and warnings fail appstreamcli itself. Infos fail here too, except
    # the one Debian 12's AppStream 0.16 cannot help: it predates <developer>
    # (AppStream 1.0), which current software centres want; <developer_name>
    # is kept beside it for the old one.
    unexpected=$(grep -E '^[EWI]: ' "$out" | grep -v -E '^I: [^ ]+: unknown-tag developer$')
    if [ -n "$unexpected" ]; then
      echo "unexpected issues:"
      echo "$unexpected"
    fi
    [ $rc -eq 0 ] && [ -z "$unexpected" ]
    ;;
  schema)
    glib-compile-schemas --strict --dry-run "$target" >"$out" 2>&1
    rc=$?
    cat "$out"
    [ $rc -eq 0 ] && [ ! -s "$out" ]
    ;;
  *)
    echo "unknown kind: $kind" >&2
    exit 2
    ;;
esac
