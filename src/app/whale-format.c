/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-format"

#include "config.h"

#include "whale-format.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "whale-record.h"

#define MISSING "—"

/* @value in @format, or a dash when it is missing. A macro, so that the format stays a
 * literal the compiler checks against the argument. */
#define FORMAT_OR_MISSING(format, value) \
  (isnan (value) ? g_strdup (MISSING) : g_strdup_printf (format, value))

static char *
format_scaled (const char *prefix,
               double      value)
{
  const char *sign = value < 0 ? "-" : "";
  double a = fabs (value);

  if (a >= 1e9)
    return g_strdup_printf ("%s%s%.2fB", sign, prefix, a / 1e9);
  if (a >= 1e6)
    return g_strdup_printf ("%s%s%.1fM", sign, prefix, a / 1e6);
  if (a >= 1e5)
    return g_strdup_printf ("%s%s%.0fK", sign, prefix, a / 1e3);
  if (a >= 1e3)
    return g_strdup_printf ("%s%s%.1fK", sign, prefix, a / 1e3);
  return g_strdup_printf ("%s%s%.0f", sign, prefix, a);
}

char *
whale_format_money (double value)
{
  if (isnan (value))
    return g_strdup (MISSING);
  return format_scaled ("$", value);
}

char *
whale_format_count (double value)
{
  if (isnan (value))
    return g_strdup (MISSING);
  if (fabs (value) < 1e4)
    return g_strdup_printf ("%.0f", value);
  return format_scaled ("", value);
}

char *
whale_format_price (double value)
{
  return FORMAT_OR_MISSING ("%.2f", value);
}

/* A value that shows as zero at @scale (10 for one decimal) shows without a sign:
 * printf() writes -0.04 as "-0.0". NaN stays NaN. */
static double
without_negative_zero (double value,
                       double scale)
{
  return round (value * scale) == 0 ? 0.0 : value;
}

char *
whale_format_percent (double value)
{
  return FORMAT_OR_MISSING ("%.1f%%", without_negative_zero (value, 10));
}

/* A day's change keeps its sign when it is under 0.05 %: SPX down 2.13 points read
 * "+0.0%" next to a red "-2.13". Two decimals then, and no sign only for no change. */
char *
whale_format_change_percent (double value)
{
  if (value == 0)
    return g_strdup ("0.0%");
  return FORMAT_OR_MISSING (round (value * 10) == 0 ? "%+.2f%%" : "%+.1f%%", value);
}

/* Rows format a time and an expiry each, hundreds a second, and GLib 2.74's
 * g_time_zone_new_local () looks the zone up again (stat, readlink) on every call when TZ
 * is unset. So the zone, and the expiries' day texts that depend on this year, are kept
 * for a minute. The app formats on its main thread only. */
#define ZONE_LIFETIME_US (60 * G_USEC_PER_SEC)
#define MAX_EXPIRY_DAYS 512
#define MARKET_ZONE "America/New_York"

static GTimeZone *zone;
static gint64 zone_since;
static int zone_year;
static gboolean market_time;
static GHashTable *expiry_days;  /* expiry "2026-12-18" -> "Dec 18" */

/* The zone times show in: this computer's, or New York's in market time. */
static GTimeZone *
shown_zone (void)
{
  gint64 now = g_get_monotonic_time ();

  if (zone == NULL || now - zone_since > ZONE_LIFETIME_US)
    {
      g_autoptr(GDateTime) today = NULL;

      g_clear_pointer (&zone, g_time_zone_unref);
      if (market_time)
        zone = g_time_zone_new_identifier (MARKET_ZONE);
      if (zone == NULL)
        zone = g_time_zone_new_local ();
      zone_since = now;
      today = g_date_time_new_now (zone);
      zone_year = today != NULL ? g_date_time_get_year (today) : 0;
      if (expiry_days != NULL)
        g_hash_table_remove_all (expiry_days);
    }
  return zone;
}

gboolean
whale_format_set_market_time (gboolean market)
{
  g_autoptr(GTimeZone) new_york = market ? g_time_zone_new_identifier (MARKET_ZONE) : NULL;

  /* Without the zone's data (no tzdata), times stay in this computer's zone, and the
   * caller says so rather than label them New York's. */
  market_time = new_york != NULL;
  g_clear_pointer (&zone, g_time_zone_unref);
  return market_time == !!market;
}

gboolean
whale_format_get_market_time (void)
{
  return market_time;
}

GDateTime *
whale_format_date_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);

  return utc != NULL ? g_date_time_to_timezone (utc, shown_zone ()) : NULL;
}

char *
whale_format_time_ms (gint64 ms)
{
  GTimeZone *shown = shown_zone ();
  gint64 seconds = ms / 1000;
  gint64 day_seconds;
  int interval;

  if (ms <= 0)
    return g_strdup (MISSING);
  interval = g_time_zone_find_interval (shown, G_TIME_TYPE_UNIVERSAL, seconds);
  if (interval >= 0)
    seconds += g_time_zone_get_offset (shown, interval);
  day_seconds = seconds % 86400;
  return g_strdup_printf ("%02d:%02d:%02d", (int) (day_seconds / 3600),
                          (int) (day_seconds / 60 % 60), (int) (day_seconds % 60));
}

/* A moment in full, in the shown zone and naming it: the details window's times were
 * UTC ("2026-01-14T14:13:20.050Z") while the tables said "Time ET". */
char *
whale_format_timestamp_ms (gint64 ms)
{
  g_autoptr(GDateTime) shown = ms > 0 ? whale_format_date_time (ms / 1000) : NULL;
  g_autofree char *text = NULL;

  if (shown == NULL)
    return NULL;
  text = g_date_time_format (shown, "%Y-%m-%d %H:%M:%S");
  return g_strdup_printf ("%s.%03d %s", text, (int) (ms % 1000),
                          g_date_time_get_timezone_abbreviation (shown));
}

static gboolean
parser_reads_group (const char *sep)
{
  if (sep == NULL || sep[0] == '\0')
    return FALSE;
  if (strcmp (sep, ",") == 0 || strcmp (sep, ".") == 0)
    return TRUE;
  for (const char *p = sep; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

char *
whale_format_grouped (double value)
{
  const char *sep = localeconv ()->thousands_sep;
  g_autofree char *digits = NULL;
  GString *out;
  gsize start, n;

  if (!isfinite (value))
    return g_strdup (MISSING);
  /* What the money parser reads back: a locale's comma, point or space; English's
   * comma where the locale groups nothing (C) or with another mark (de_CH's ’). */
  if (!parser_reads_group (sep))
    sep = ",";
  digits = g_strdup_printf ("%.0f", fabs (value));
  n = strlen (digits);
  out = g_string_new (value <= -0.5 ? "−" : "");
  for (start = 0; start < n; start++)
    {
      if (start > 0 && (n - start) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[start]);
    }
  return g_string_free (out, FALSE);
}

char *
whale_format_exposure (double value)
{
  g_autofree char *money = NULL;

  if (isnan (value))
    return g_strdup (MISSING);
  money = whale_format_money (value);
  /* Translators: dollars of exposure per 1 % move of the underlying, e.g. "$6.93B / 1%" */
  return g_strdup_printf (_("%s / 1%%"), money);
}

char *
whale_format_money_short (double value)
{
  const char *suffix = "";
  double a = fabs (value);
  g_autofree char *digits = NULL;
  char *point;

  if (isnan (value))
    return g_strdup (MISSING);
  if (a >= 1e9)
    a /= 1e9, suffix = "B";
  else if (a >= 1e6)
    a /= 1e6, suffix = "M";
  else if (a >= 1e3)
    a /= 1e3, suffix = "K";
  /* Two decimals at most, trailing zeros dropped: $2.5B, $250M, $1B. Formatted with a
   * '.', which then becomes the locale's decimal separator ($2,5B), whatever it is. */
  digits = whale_record_format_two_decimals (a);
  point = strchr (digits, '.');
  if (point != NULL)
    *point = '\0';
  return g_strdup_printf ("%s$%s%s%s%s", value < 0 && a > 0 ? "−" : "", digits,
                          point != NULL ? localeconv ()->decimal_point : "",
                          point != NULL ? point + 1 : "", suffix);
}

char *
whale_format_strike (double value)
{
  if (isnan (value))
    return g_strdup (MISSING);
  if (fabs (value - round (value)) < 1e-9)
    return g_strdup_printf ("%.0f", value);
  if (fabs (value * 10 - round (value * 10)) < 1e-9)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.2f", value);
}

char *
whale_format_distance (double level,
                       double spot)
{
  if (isnan (level) || isnan (spot) || spot == 0)
    return g_strdup (MISSING);
  return g_strdup_printf ("%+.2f%%", without_negative_zero ((level - spot) / spot * 100, 100));
}

gboolean
whale_format_parse_money (const char *text,
                          double     *value)
{
  g_autoptr(GString) number = g_string_new (NULL);
  gboolean dollar = FALSE;
  double multiplier = 1, amount;
  char group = 0, decimal = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  /* Spaces say nothing, and neither does one leading $. */
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '$' && number->len == 0 && !dollar)
        dollar = TRUE;
      else if (!g_unichar_isspace (c))
        g_string_append_unichar (number, c);
    }
  if (number->len > 0)
    switch (g_ascii_toupper (number->str[number->len - 1]))
      {
      case 'K': multiplier = 1e3; break;
      case 'M': multiplier = 1e6; break;
      case 'B': multiplier = 1e9; break;
      default: break;
      }
  if (multiplier > 1)
    g_string_truncate (number, number->len - 1);

  /* Plain ("250000", "1.5", "1,5"), or grouped by threes with the other separator as
   * the decimal point ("250,000", "1.000.000,50"). A lone separator with three digits
   * after it groups: no amount of dollars has three decimals. Before a suffix that is
   * a guess either way ("$1,000M" is $1B to some, $1M to others): only one or two
   * decimals go with one. */
  if (multiplier > 1 && !g_regex_match_simple ("^[0-9]+([.,][0-9]{1,2})?$", number->str, 0, 0))
    return FALSE;
  if (g_regex_match_simple ("^[0-9]+$", number->str, 0, 0))
    ;
  else if (g_regex_match_simple ("^[1-9][0-9]{0,2}[.,][0-9]{3}$", number->str, 0, 0))
    group = strpbrk (number->str, ".,")[0];
  else if (g_regex_match_simple ("^[0-9]+[.,][0-9]+$", number->str, 0, 0))
    decimal = strpbrk (number->str, ".,")[0];
  else if (g_regex_match_simple ("^[1-9][0-9]{0,2}(,[0-9]{3})+(\\.[0-9]+)?$", number->str, 0, 0))
    group = ',', decimal = '.';
  else if (g_regex_match_simple ("^[1-9][0-9]{0,2}(\\.[0-9]{3})+(,[0-9]+)?$", number->str, 0, 0))
    group = '.', decimal = ',';
  else
    return FALSE;

  {
    char *out = number->str;

    for (const char *p = number->str; *p != '\0'; p++)
      if (*p == decimal)
        *out++ = '.';
      else if (*p != group)
        *out++ = *p;
    g_string_truncate (number, out - number->str);
  }
  amount = g_ascii_strtod (number->str, NULL) * multiplier;
  if (!isfinite (amount))
    return FALSE;
  *value = amount;
  return TRUE;
}

char *
whale_format_ratio (double value)
{
  return FORMAT_OR_MISSING ("%.2f", value);
}

/* A share of volume as a whole percentage, but never one that reads 50 % when it is not
 * exactly half: more than half at the ask (or the bid) is what makes an alert bullish or
 * bearish, so 50.5 % shows as such. Decimals are added until the text differs from
 * half's; past four, the share is nudged away from half. */
static char *
format_share (double percent)
{
  int decimals = 0;

  if (percent != 50.0)
    for (;; decimals++)
      {
        char text[32], half[32];

        g_snprintf (text, sizeof text, "%.*f", decimals, percent);
        g_snprintf (half, sizeof half, "%.*f", decimals, 50.0);
        if (strcmp (text, half) != 0)
          break;
        if (decimals == 4)
          {
            percent = percent > 50.0 ? 50.0001 : 49.9999;
            break;
          }
      }
  return g_strdup_printf ("%.*f%%", decimals, percent);
}

char *
whale_format_side_percent (double value)
{
  return isnan (value) ? g_strdup (MISSING) : format_share (value);
}

/* How an alert's volume split between the sides, and what that means for its
 * sentiment (more than half at the ask or at the bid); NULL without volumes. */
char *
whale_format_side_split (double ask_vol,
                         double bid_vol,
                         double mid_vol,
                         double no_side_vol)
{
  double vols[] = { ask_vol, bid_vol, mid_vol, no_side_vol };
  char *shares[G_N_ELEMENTS (vols)];
  double total = 0;
  char *text;

  for (guint i = 0; i < G_N_ELEMENTS (vols); i++)
    {
      vols[i] = isnan (vols[i]) ? 0 : vols[i];
      total += vols[i];
    }
  if (!(total > 0))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (vols); i++)
    shares[i] = format_share (vols[i] / total * 100.0);
  /* Translators: each %s is a share of the alert's volume, such as "34%" */
  text = g_strdup_printf (_("Ask %s · Bid %s · Mid %s · No side %s\n"
                            "More than half at the ask: bullish for a call, bearish for a put.\n"
                            "More than half at the bid: the reverse. Otherwise neutral."),
                          shares[0], shares[1], shares[2], shares[3]);
  for (guint i = 0; i < G_N_ELEMENTS (shares); i++)
    g_free (shares[i]);
  return text;
}

/* UW's rule names, shortened for a narrow column; unknown ones are shown as they are. */
char *
whale_format_rule (const char *rule)
{
  static const struct {
    const char *name;
    const char *label;
  } rules[] = {
    { "RepeatedHits", N_("Repeated hits") },
    { "RepeatedHitsAscendingFill", N_("Repeated, ascending") },
    { "RepeatedHitsDescendingFill", N_("Repeated, descending") },
    { "FloorTradeSmallCap", N_("Floor, small cap") },
    { "FloorTradeMidCap", N_("Floor, mid cap") },
    { "FloorTradeLargeCap", N_("Floor, large cap") },
    { "OtmEarningsFloor", N_("OTM earnings floor") },
    { "LowHistoricVolumeFloor", N_("Low-volume floor") },
    { "SweepsFollowedByFloor", N_("Sweeps, then floor") },
  };

  for (guint i = 0; rule != NULL && i < G_N_ELEMENTS (rules); i++)
    if (g_str_equal (rule, rules[i].name))
      return g_strdup (_(rules[i].label));
  return g_strdup (rule != NULL && rule[0] != '\0' ? rule : MISSING);
}

char *
whale_format_option_type (const char *option_type)
{
  if (g_strcmp0 (option_type, "call") == 0)
    return g_strdup (_("Call"));
  if (g_strcmp0 (option_type, "put") == 0)
    return g_strdup (_("Put"));
  return g_strdup (MISSING);
}

/* "34.5 C": the letter keeps calls and puts apart without colour. */
char *
whale_format_strike_type (double      strike,
                          const char *option_type)
{
  const char *letter = g_strcmp0 (option_type, "call") == 0 ? "C"
                       : g_strcmp0 (option_type, "put") == 0 ? "P" : "?";

  if (isnan (strike))
    return g_strdup_printf ("%s %s", MISSING, letter);
  return g_strdup_printf ("%g %s", strike, letter);
}

/* "Dec 18"; the year only when it is not this one. */
static char *
expiry_day (const char *expiry)
{
  g_autoptr(GDateTime) date = NULL;
  char *day = NULL;
  int year, month, mday;

  if (sscanf (expiry, "%d-%d-%d", &year, &month, &mday) != 3
      || (date = g_date_time_new_utc (year, month, mday, 0, 0, 0)) == NULL)
    return g_strdup (expiry);

  /* A date is prose here: its order and month names follow the language and the
   * locale (the details view and the CLI keep ISO dates). */
  shown_zone ();
  if (year == zone_year)
    /* Translators: an expiry this year, as g_date_time_format () writes it
     * ("Dec 18"): %b is the month's abbreviation, %-d the day without padding. */
    day = g_date_time_format (date, _("%b %d"));
  else
    /* Translators: an expiry in another year ("Dec 18 ’27"), as above; %y is the
     * year's last two digits, %Y all four. */
    day = g_date_time_format (date, _("%b %d ’%y"));
  return day != NULL ? day : g_strdup (expiry);
}

char *
whale_format_expiry (const char *expiry,
                     double      dte)
{
  const char *day;

  if (expiry == NULL)
    return g_strdup (MISSING);
  shown_zone ();
  if (expiry_days == NULL)
    expiry_days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  day = g_hash_table_lookup (expiry_days, expiry);
  if (day == NULL)
    {
      if (g_hash_table_size (expiry_days) >= MAX_EXPIRY_DAYS)
        g_hash_table_remove_all (expiry_days);
      day = expiry_day (expiry);
      g_hash_table_insert (expiry_days, g_strdup (expiry), (gpointer) day);
    }
  if (isnan (dte))
    return g_strdup (day);
  /* Translators: an option's expiry and its days to expiry, e.g. "Dec 18 (22d)" */
  return g_strdup_printf (_("%s (%.0fd)"), day, dte);
}

char *
whale_format_price_bid_ask (double price,
                            double bid,
                            double ask)
{
  g_autofree char *p = whale_format_price (price);

  if (isnan (bid) && isnan (ask))
    return g_steal_pointer (&p);
  {
    g_autofree char *b = whale_format_price (bid);
    g_autofree char *a = whale_format_price (ask);

    return g_strdup_printf ("%s (%s × %s)", p, b, a);
  }
}

char *
whale_format_sentiment (const char *sentiment)
{
  if (g_strcmp0 (sentiment, "bullish") == 0)
    return g_strdup (_("▲ Bullish"));
  if (g_strcmp0 (sentiment, "bearish") == 0)
    return g_strdup (_("▼ Bearish"));
  if (g_strcmp0 (sentiment, "neutral") == 0)
    return g_strdup (_("• Neutral"));
  return g_strdup (MISSING);
}

char *
whale_format_flags (gboolean sweep,
                    gboolean floor_trade,
                    gboolean multileg,
                    gboolean opening,
                    gboolean golden)
{
  const char *parts[5];
  guint n = 0;

  if (golden)
    parts[n++] = _("★ Golden");
  else if (sweep)
    parts[n++] = _("Sweep");
  if (floor_trade)
    parts[n++] = _("Floor");
  if (multileg)
    parts[n++] = _("Multi-leg");
  if (opening)
    parts[n++] = _("Opening");
  parts[n] = NULL;
  return g_strjoinv (" · ", (char **) parts);
}

/* A list of @css_class alone for a widget's css-classes, or an empty one when it is NULL. */
static char **
style_classes (const char *css_class)
{
  const char *classes[] = { css_class, NULL };

  return g_strdupv ((char **) classes);
}

/* Up arrows read as gains, down arrows as losses. */
static char **
arrow_classes (const char *label)
{
  if (g_str_has_prefix (label, "▲"))
    return style_classes ("bullish");
  if (g_str_has_prefix (label, "▼"))
    return style_classes ("bearish");
  return style_classes (NULL);
}

/* The <closure> functions: the first argument is the object the expression is
 * evaluated for (a GtkListItem), unused. */

static char *
money_cb (gpointer this,
          double   value)
{
  return whale_format_money (value);
}

static char *
count_cb (gpointer this,
          double   value)
{
  return whale_format_count (value);
}

static char *
price_cb (gpointer this,
          double   value)
{
  return whale_format_price (value);
}

static char *
percent_cb (gpointer this,
            double   value)
{
  return whale_format_percent (value);
}

static char *
signed_percent_cb (gpointer this,
                   double   value)
{
  return whale_format_change_percent (value);
}

static char *
ratio_cb (gpointer this,
          double   value)
{
  return whale_format_ratio (value);
}

static char *
time_cb (gpointer this,
         gint64   ms)
{
  return whale_format_time_ms (ms);
}

static char *
text_cb (gpointer    this,
         const char *text)
{
  return g_strdup (text != NULL && text[0] != '\0' ? text : MISSING);
}

static char *
rule_cb (gpointer    this,
         const char *rule)
{
  return whale_format_rule (rule);
}

static char *
strike_type_cb (gpointer    this,
                double      strike,
                const char *option_type)
{
  return whale_format_strike_type (strike, option_type);
}

static char *
option_type_label_cb (gpointer    this,
                      const char *option_type)
{
  return whale_format_option_type (option_type);
}

static char **
option_type_classes_cb (gpointer    this,
                        const char *option_type)
{
  if (g_strcmp0 (option_type, "put") == 0)
    return style_classes ("put");
  if (g_strcmp0 (option_type, "call") == 0)
    return style_classes ("call");
  return style_classes (NULL);
}

static char *
expiry_dte_cb (gpointer    this,
               const char *expiry,
               double      dte)
{
  return whale_format_expiry (expiry, dte);
}

static char *
side_percent_cb (gpointer this,
                 double   value)
{
  return whale_format_side_percent (value);
}

static char *
price_bid_ask_cb (gpointer this,
                  double   price,
                  double   bid,
                  double   ask)
{
  return whale_format_price_bid_ask (price, bid, ask);
}

static char *
nbbo_cb (gpointer this,
         double   bid,
         double   ask)
{
  g_autofree char *b = whale_format_price (bid);
  g_autofree char *a = whale_format_price (ask);

  return g_strdup_printf ("%s × %s", b, a);
}

static char *
sentiment_label_cb (gpointer    this,
                    const char *sentiment)
{
  return whale_format_sentiment (sentiment);
}

static char **
sentiment_classes_cb (gpointer    this,
                      const char *sentiment)
{
  if (g_strcmp0 (sentiment, "bullish") == 0)
    return style_classes ("bullish");
  if (g_strcmp0 (sentiment, "bearish") == 0)
    return style_classes ("bearish");
  return style_classes ("dim-label");
}

static char *
flags_cb (gpointer this,
          gboolean sweep,
          gboolean floor_trade,
          gboolean multileg,
          gboolean opening,
          gboolean golden)
{
  return whale_format_flags (sweep, floor_trade, multileg, opening, golden);
}

static char **
change_classes_cb (gpointer this,
                   double   change)
{
  return style_classes (change > 0 ? "bullish" : change < 0 ? "bearish" : NULL);
}

static char *
txn_label_cb (gpointer    this,
              const char *txn_type)
{
  if (txn_type == NULL)
    return g_strdup (MISSING);
  if (g_ascii_strncasecmp (txn_type, "buy", 3) == 0 || g_ascii_strncasecmp (txn_type, "purchase", 8) == 0)
    return g_strdup_printf ("▲ %s", txn_type);
  if (g_ascii_strncasecmp (txn_type, "sell", 4) == 0 || g_ascii_strncasecmp (txn_type, "sale", 4) == 0)
    return g_strdup_printf ("▼ %s", txn_type);
  return g_strdup (txn_type);
}

static char **
txn_classes_cb (gpointer    this,
                const char *txn_type)
{
  g_autofree char *label = txn_label_cb (this, txn_type);

  return arrow_classes (label);
}

static char *
chamber_cb (gpointer    this,
            const char *member_type)
{
  if (g_strcmp0 (member_type, "house") == 0)
    return g_strdup (_("House"));
  if (g_strcmp0 (member_type, "senate") == 0)
    return g_strdup (_("Senate"));
  return text_cb (this, member_type);
}

static char *
category_cb (gpointer    this,
             const char *category)
{
  if (g_strcmp0 (category, "top_gainers") == 0 || g_strcmp0 (category, "gainer") == 0)
    return g_strdup (_("▲ Gainer"));
  if (g_strcmp0 (category, "top_losers") == 0 || g_strcmp0 (category, "loser") == 0)
    return g_strdup (_("▼ Loser"));
  if (g_strcmp0 (category, "most_active") == 0 || g_strcmp0 (category, "active") == 0)
    return g_strdup (_("Most active"));
  return text_cb (this, category);
}

static char **
category_classes_cb (gpointer    this,
                     const char *category)
{
  g_autofree char *label = category_cb (this, category);

  return arrow_classes (label);
}

void
whale_format_bind_template_callbacks (GtkWidgetClass *widget_class)
{
#define BIND(name) gtk_widget_class_bind_template_callback_full (widget_class, #name, G_CALLBACK (name##_cb))
  BIND (money);
  BIND (count);
  BIND (price);
  BIND (percent);
  BIND (signed_percent);
  BIND (ratio);
  BIND (time);
  BIND (text);
  BIND (rule);
  BIND (strike_type);
  BIND (option_type_label);
  BIND (option_type_classes);
  BIND (expiry_dte);
  BIND (side_percent);
  BIND (price_bid_ask);
  BIND (nbbo);
  BIND (sentiment_label);
  BIND (sentiment_classes);
  BIND (flags);
  BIND (change_classes);
  BIND (txn_label);
  BIND (txn_classes);
  BIND (chamber);
  BIND (category);
  BIND (category_classes);
#undef BIND
}
