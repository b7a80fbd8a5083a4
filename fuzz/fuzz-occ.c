/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-fuzz"

#include "config.h"

#include <math.h>
#include <string.h>

#include "whale-occ.h"
#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  whale_fuzz_init ();
  return 0;
}

/* An OCC symbol; when the input is long enough, its first 8 bytes are also an
 * execution time for the days-to-expiry arithmetic. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *symbol = NULL;
  gint64 executed_ms = 0;
  WhaleOcc occ;

  if (size >= 8)
    {
      memcpy (&executed_ms, data, 8);
      symbol = g_strndup ((const char *) data + 8, size - 8);
      if (!whale_occ_parse (symbol, &occ))
        {
          g_clear_pointer (&symbol, g_free);
          symbol = g_strndup ((const char *) data, size);
          executed_ms = 0;
        }
    }
  else
    symbol = g_strndup ((const char *) data, size);

  if (!whale_occ_parse (symbol, &occ))
    return 0;

  g_assert (occ.root[0] != '\0' && strlen (occ.root) <= 6);
  g_assert (occ.month >= 1 && occ.month <= 12 && occ.day >= 1 && occ.day <= 31);
  g_assert (isfinite (occ.strike) && occ.strike >= 0);
  g_assert (whale_occ_intern_expiry (&occ) != NULL);
  g_assert (whale_occ_option_type (&occ) != NULL);
  (void) whale_days_to_date (executed_ms, occ.year, occ.month, occ.day);
  (void) whale_days_to_date (1768573800000, occ.year, occ.month, occ.day);
  return 0;
}
