/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writing JSON text by hand where json-glib's output is not what we want: numbers in
 * their shortest exact form ("3.1", not "3.1000000000000001"). */

void whale_json_append_string (GString    *out,
                               const char *value);
/* Integers without a fraction, other values with the fewest digits that read back
 * exactly; NaN and infinities as null. */
void whale_json_append_number (GString    *out,
                               double      value);
/* "name": (with a leading comma unless @first) */
void whale_json_append_member (GString    *out,
                               const char *name,
                               gboolean    first);

G_END_DECLS
