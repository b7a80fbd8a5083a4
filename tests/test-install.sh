#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build into a private DESTDIR and checks that everything a user's
# desktop needs lands where it looks for it.
#
# Usage: test-install.sh MESON BUILD_ROOT PREFIX BINDIR DATADIR LOCALEDIR APP_ID WITH_APP LINGUAS
set -u

meson=$1
build_root=$2
prefix=$3
bindir=$4
datadir=$5
localedir=$6
app_id=$7
with_app=$8
linguas=$9

# A temporary directory of its own, so parallel tests never share it.
destdir=$(mktemp -d "${TMPDIR:-/tmp}/whalewatch-install.XXXXXX") || exit 1
trap 'rm -rf "$destdir"' EXIT

# The test runner already built everything; --no-rebuild keeps this from
# starting a second ninja in the same build tree while other tests run.
if ! "$meson" install -C "$build_root" --no-rebuild --quiet --destdir "$destdir" >"$destdir.log" 2>&1; then
  cat "$destdir.log"
  rm -f "$destdir.log"
  echo "meson install failed"
  exit 1
fi
rm -f "$destdir.log"

case $bindir in /*) ;; *) bindir=$prefix/$bindir ;; esac
case $datadir in /*) ;; *) datadir=$prefix/$datadir ;; esac
case $localedir in /*) ;; *) localedir=$prefix/$localedir ;; esac
bin=$destdir$bindir
share=$destdir$datadir

# shellcheck source=tests/tap.sh
. "$(dirname "$0")/tap.sh"
expect_file () {
  [ -f "$1" ]
  report $? "installs ${1#"$destdir"}"
}
expect_program () {
  [ -f "$1" ] && [ -x "$1" ]
  report $? "installs ${1#"$destdir"} (executable)"
}

expect_program "$bin/whalewatch-cli"
if [ "$with_app" = true ]; then
  expect_program "$bin/whalewatch"
fi
expect_file "$share/applications/$app_id.desktop"
expect_file "$share/metainfo/$app_id.metainfo.xml"
expect_file "$share/glib-2.0/schemas/$app_id.gschema.xml"
expect_file "$share/icons/hicolor/scalable/apps/$app_id.svg"
expect_file "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
# LINGUAS may hold several languages on a line: split on words on purpose.
# shellcheck disable=SC2013
for lang in $(sed 's/#.*//' "$linguas"); do
  expect_file "$destdir$localedir/$lang/LC_MESSAGES/whalewatch.mo"
done

# The installed files are the translated, merged ones and still valid.
desktop-file-validate "$share/applications/$app_id.desktop" \
  && grep -q "^Icon=$app_id\$" "$share/applications/$app_id.desktop"
report $? "installed desktop file is valid and names the installed icon"

# Nothing outside the prefix: a stray absolute path would escape DESTDIR.
installed=$(cd "$destdir" && find . -type f) || exit 1
stray=$(printf '%s\n' "$installed" | grep -v "^\.$prefix/")
[ -z "$stray" ]
report $? "every installed file is under the prefix"
[ -n "$stray" ] && printf '%s\n' "$stray" | sed 's/^/# /'

# The installed app starts from the prefix on its own schema and shows demo flow: the
# UI benchmark's probe (src/app/whale-bench-probe.c) runs it for a second and writes
# what it saw. Leak checks are off for the app, as in the ui suite (GTK keeps caches).
if [ "$with_app" = true ]; then
  schemas="$share/glib-2.0/schemas"
  report_file="$destdir/app-report.txt"
  glib-compile-schemas "$schemas" \
    && env GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$schemas" \
         XDG_DATA_DIRS="$share:/usr/share" WHALEWATCH_LOCALEDIR="$destdir$localedir" \
         GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=1 ASAN_OPTIONS=detect_leaks=0 \
         WHALEWATCH_BENCH_REPORT="$report_file" WHALEWATCH_BENCH_SECONDS=1 \
         WHALEWATCH_BENCH_WARMUP=5 \
         timeout 120 xvfb-run -a dbus-run-session -- "$bin/whalewatch" >/dev/null 2>&1 \
    && grep -Eq '^flow_rows=[1-9]' "$report_file"
  report $? "the installed app starts and shows demo flow rows"
fi

tap_done
