/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-occ"

#include "config.h"

#include "whale-occ.h"

#include <math.h>
#include <string.h>

#define OCC_TAIL_LEN 15  /* YYMMDD + C|P + 8 strike digits */

static gboolean
all_digits (const char *s,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static int
digits_value (const char *s,
              gsize       n)
{
  int value = 0;

  for (gsize i = 0; i < n; i++)
    value = value * 10 + (s[i] - '0');
  return value;
}

gboolean
whale_occ_parse (const char *symbol,
                 WhaleOcc   *occ)
{
  gsize len, root_len;
  const char *tail;
  int strike_milli;

  g_return_val_if_fail (occ != NULL, FALSE);

  if (symbol == NULL)
    return FALSE;

  len = strlen (symbol);
  if (len < OCC_TAIL_LEN + 1 || len > OCC_TAIL_LEN + 6)
    return FALSE;

  tail = symbol + len - OCC_TAIL_LEN;
  /* The classic OCC form pads the root with spaces to six characters. */
  root_len = len - OCC_TAIL_LEN;
  while (root_len > 0 && symbol[root_len - 1] == ' ')
    root_len--;
  if (root_len == 0)
    return FALSE;
  for (gsize i = 0; i < root_len; i++)
    if (!g_ascii_isalnum (symbol[i]) && symbol[i] != '.')
      return FALSE;

  if (!all_digits (tail, 6) || (tail[6] != 'C' && tail[6] != 'P') || !all_digits (tail + 7, 8))
    return FALSE;

  occ->year = 2000 + digits_value (tail, 2);
  occ->month = digits_value (tail + 2, 2);
  occ->day = digits_value (tail + 4, 2);
  if (!g_date_valid_dmy (occ->day, occ->month, occ->year))
    return FALSE;

  strike_milli = digits_value (tail + 7, 8);
  if (strike_milli == 0)
    return FALSE;

  memcpy (occ->root, symbol, root_len);
  occ->root[root_len] = '\0';
  occ->is_call = tail[6] == 'C';
  occ->strike = strike_milli / 1000.0;
  return TRUE;
}

const char *
whale_occ_intern_expiry (const WhaleOcc *occ)
{
  /* g_intern_string() takes a global lock; a few dozen expiries repeat all day, so a
   * small per-thread cache answers most lookups. Interned strings never go away. */
  static _Thread_local struct { guint32 date; const char *text; } cache[64];
  guint32 date;
  char buf[11];

  g_return_val_if_fail (occ != NULL, NULL);
  g_return_val_if_fail (occ->year >= 0 && occ->year <= 9999, NULL);

  date = (guint32) occ->year * 10000 + occ->month * 100 + occ->day;
  if (cache[date % 64].date == date && cache[date % 64].text != NULL)
    return cache[date % 64].text;

  /* By hand: this runs for every flow alert, and printf is slow. */
  buf[0] = '0' + occ->year / 1000;
  buf[1] = '0' + occ->year / 100 % 10;
  buf[2] = '0' + occ->year / 10 % 10;
  buf[3] = '0' + occ->year % 10;
  buf[4] = '-';
  buf[5] = '0' + occ->month / 10;
  buf[6] = '0' + occ->month % 10;
  buf[7] = '-';
  buf[8] = '0' + occ->day / 10;
  buf[9] = '0' + occ->day % 10;
  buf[10] = '\0';
  cache[date % 64].date = date;
  cache[date % 64].text = g_intern_string (buf);
  return cache[date % 64].text;
}

const char *
whale_occ_option_type (const WhaleOcc *occ)
{
  g_return_val_if_fail (occ != NULL, NULL);

  return occ->is_call ? "call" : "put";
}

void
whale_occ_fill_record (const WhaleOcc   *occ,
                       WhaleRecord      *record,
                       const WhaleField *option_type,
                       const WhaleField *strike,
                       const WhaleField *expiry)
{
  const char **type_slot;
  double *strike_slot;
  const char **expiry_slot;

  g_return_if_fail (occ != NULL);
  g_return_if_fail (WHALE_IS_RECORD (record));
  g_return_if_fail (option_type != NULL && option_type->type == WHALE_FIELD_SYMBOL);
  g_return_if_fail (strike != NULL && strike->type == WHALE_FIELD_NUMBER);
  g_return_if_fail (expiry != NULL && expiry->type == WHALE_FIELD_SYMBOL);

  type_slot = whale_record_field_slot (record, option_type);
  strike_slot = whale_record_field_slot (record, strike);
  expiry_slot = whale_record_field_slot (record, expiry);
  if (*type_slot == NULL)
    {
      *type_slot = whale_occ_option_type (occ);
      whale_record_mark_present (record, option_type);
    }
  if (isnan (*strike_slot))
    {
      *strike_slot = occ->strike;
      whale_record_mark_present (record, strike);
    }
  if (*expiry_slot == NULL)
    {
      *expiry_slot = whale_occ_intern_expiry (occ);
      whale_record_mark_present (record, expiry);
    }
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static gint64
days_from_civil (int y,
                 int m,
                 int d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static GTimeZone *
market_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *tz = g_time_zone_new_identifier ("America/New_York");

      if (tz == NULL)
        tz = g_time_zone_new_utc ();
      g_once_init_leave (&zone, tz);
    }
  return zone;
}

double
whale_days_to_date (gint64 executed_ms,
                    int    year,
                    int    month,
                    int    day)
{
  static _Thread_local gint64 cached_hour = G_MININT64;
  static _Thread_local gint32 cached_offset;
  GTimeZone *tz = market_zone ();
  gint64 secs, local_secs, local_days;
  int interval;

  if (executed_ms == 0)
    return NAN;

  /* Floor division without negating: -G_MININT64 would overflow. */
  secs = executed_ms / 1000 - (executed_ms % 1000 < 0);
  /* Offsets change on the hour, and alerts come in time order: remember the last hour. */
  if (secs / 3600 != cached_hour)
    {
      interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, secs);
      cached_offset = interval >= 0 ? g_time_zone_get_offset (tz, interval) : 0;
      cached_hour = secs / 3600;
    }
  local_secs = secs + cached_offset;
  local_days = local_secs >= 0 ? local_secs / 86400 : -((-local_secs + 86399) / 86400);

  return (double) (days_from_civil (year, month, day) - local_days);
}
