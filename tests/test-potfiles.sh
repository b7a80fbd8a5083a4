#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# po/POTFILES.in must list every file in src/ and data/ with strings for
# translators, no file that is gone, and stay sorted, so no string is ever
# left out of the template unnoticed.
#
# Usage: test-potfiles.sh SOURCE_ROOT
set -u

root=$1
potfiles=$root/po/POTFILES.in

# shellcheck source=tests/tap.sh
. "$(dirname "$0")/tap.sh"

listed=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$potfiles") || exit 1

# What xgettext extracts (po/meson.build): _() N_() C_() NC_() Q_() around a
# literal, the ngettext family, translatable="yes" in .ui files, the field
# labels of the record classes (F's fourth argument), and the data files.
marked=$(cd "$root" && {
  grep -rlE --include='*.c' --include='*.h' \
    -e '(^|[^A-Za-z0-9_])(N?C?_|Q_) *\( *"' \
    -e '(^|[^A-Za-z0-9_])g_d?n?gettext *\(' \
    -e '(^|[^A-Za-z0-9_])g_dp?gettext2? *\(' \
    -e '(^|[^A-Za-z0-9_])n?gettext *\(' \
    -e '^ *F \(.*, *"[^"]*" *\),?$' \
    src data
  grep -rl --include='*.ui' 'translatable="yes"' src data
  grep -rlE --include='*.desktop.in' '^(Name|GenericName|Comment|Keywords)=' data
  grep -rl --include='*.metainfo.xml.in' '<summary>\|<p>\|<li>\|<caption>' data
  grep -rl --include='*.gschema.xml' '<summary>\|<description>' data
} | sort -u)

missing=$(printf '%s\n' "$marked" | grep -vxF -e "$listed")
[ -z "$missing" ]
report $? "every file with translatable strings is in po/POTFILES.in"
[ -n "$missing" ] && printf '%s\n' "$missing" | sed 's/^/# missing: /'

gone=$(printf '%s\n' "$listed" | while read -r file; do
  [ -f "$root/$file" ] || echo "$file"
done)
[ -z "$gone" ]
report $? "every file in po/POTFILES.in exists"
[ -n "$gone" ] && printf '%s\n' "$gone" | sed 's/^/# no such file: /'

unmarked=$(printf '%s\n' "$listed" | grep -vxF -e "$marked")
[ -z "$unmarked" ]
report $? "every file in po/POTFILES.in has translatable strings"
[ -n "$unmarked" ] && printf '%s\n' "$unmarked" | sed 's/^/# nothing to translate: /'

sorted=$(printf '%s\n' "$listed" | LC_ALL=C sort -u)
[ "$sorted" = "$listed" ]
report $? "po/POTFILES.in is sorted, without duplicates"

tap_done
