/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "whale-record.h"

G_BEGIN_DECLS

/* An OCC option symbol: ROOT (1-6 chars) YYMMDD C|P STRIKE*1000 (8 digits),
 * e.g. "SPXW260116C05900000". */
typedef struct
{
  char     root[7];
  gboolean is_call;
  double   strike;
  int      year;
  int      month;
  int      day;
} WhaleOcc;

gboolean    whale_occ_parse             (const char     *symbol,
                                         WhaleOcc       *occ);
/* "YYYY-MM-DD", interned. */
const char *whale_occ_intern_expiry     (const WhaleOcc *occ);
const char *whale_occ_option_type       (const WhaleOcc *occ);
/* For records carrying an OCC symbol: sets the option type, strike and expiry fields
 * (SYMBOL, NUMBER, SYMBOL) of @record that hold no value yet from @occ, and marks
 * them present. */
void        whale_occ_fill_record       (const WhaleOcc   *occ,
                                         WhaleRecord      *record,
                                         const WhaleField *option_type,
                                         const WhaleField *strike,
                                         const WhaleField *expiry);

/* Days from @executed_ms's date in America/New_York (UTC if that zone is
 * unavailable) to year-month-day; NaN when @executed_ms is 0. */
double      whale_days_to_date          (gint64          executed_ms,
                                         int             year,
                                         int             month,
                                         int             day);

G_END_DECLS
