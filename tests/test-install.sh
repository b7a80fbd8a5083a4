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

n=0
failed=0
expect () {
  n=$((n + 1))
  if [ "$1" "$2" ]; then
    echo "ok $n - installs ${2#"$destdir"}"
  else
    echo "not ok $n - installs ${2#"$destdir"}"
    failed=1
  fi
}

expect -x "$bin/whalewatch-cli"
if [ "$with_app" = true ]; then
  expect -x "$bin/whalewatch"
fi
expect -f "$share/applications/$app_id.desktop"
expect -f "$share/metainfo/$app_id.metainfo.xml"
expect -f "$share/glib-2.0/schemas/$app_id.gschema.xml"
expect -f "$share/icons/hicolor/scalable/apps/$app_id.svg"
expect -f "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
for lang in $(sed 's/#.*//' "$linguas"); do
  expect -f "$destdir$localedir/$lang/LC_MESSAGES/whalewatch.mo"
done

# The installed files are the translated, merged ones and still valid.
n=$((n + 1))
if desktop-file-validate "$share/applications/$app_id.desktop" \
   && grep -q "^Icon=$app_id\$" "$share/applications/$app_id.desktop"; then
  echo "ok $n - installed desktop file is valid and names the installed icon"
else
  echo "not ok $n - installed desktop file is valid and names the installed icon"
  failed=1
fi

# Nothing outside the prefix: a stray absolute path would escape DESTDIR.
n=$((n + 1))
stray=$(cd "$destdir" && find . -type f | grep -v "^\.$prefix/" || true)
if [ -z "$stray" ]; then
  echo "ok $n - every installed file is under the prefix"
else
  echo "not ok $n - every installed file is under the prefix"
  echo "$stray" | sed 's/^/# /'
  failed=1
fi

echo "1..$n"
exit $failed
