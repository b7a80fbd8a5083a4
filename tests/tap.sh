# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh
# TAP output for the shell tests: source it, call `report STATUS DESCRIPTION` once
# per check, and end with `tap_done`.

n=0
failed=0
report () {
  n=$((n + 1))
  if [ "$1" -eq 0 ]; then
    echo "ok $n - $2"
  else
    echo "not ok $n - $2"
    failed=1
  fi
}
tap_done () {
  echo "1..$n"
  exit $failed
}
