/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Numbers as traders read them. A missing value (NaN) is shown as "—". */
char *whale_format_money     (double      value);  /* $279K, $1.2M, $6.93B */
char *whale_format_count     (double      value);  /* 950, 12.3K, 1.2M */
char *whale_format_price     (double      value);  /* 3.10 */
char *whale_format_percent   (double      value);  /* 12.3% */
char *whale_format_change_percent (double value);  /* +1.1%, -0.04%, 0.0% */
char *whale_format_time_ms   (gint64      ms);     /* 14:02:07, in the shown zone */
/* 2026-01-14 09:13:20.050 EST, in the shown zone; NULL for a moment before 1970 or
 * past what GDateTime holds. */
char *whale_format_timestamp_ms (gint64    ms);
char *whale_format_grouped   (double      value);  /* 150,000 (whole, locale's grouping) */
char *whale_format_exposure  (double      value);  /* $6.93B / 1% (dollars per 1 % move) */
char *whale_format_money_short (double    value);  /* axis labels: $0, $250M, −$1.5B */
char *whale_format_strike    (double      value);  /* 600, 587.5, 12.25 */
char *whale_format_distance  (double      level,
                              double      spot);   /* +0.31% from spot */

/* Times show in this computer's zone, or in market time: New York's, as US exchanges
 * keep it. FALSE when asked for market time without the zone's data: times then stay
 * in this computer's zone. */
gboolean   whale_format_set_market_time (gboolean market);
gboolean   whale_format_get_market_time (void);
/* @unix_seconds in the shown zone; NULL when out of range. */
GDateTime *whale_format_date_time       (gint64   unix_seconds);

/* An amount of money as a trader types it: "250000", "250,000", "$250K", "1.5M",
 * "1,5M", "2b", "1.000.000,50". FALSE for anything else, a negative amount or one as
 * unclear as "1,000M" included; then @value is left alone. */
gboolean whale_format_parse_money (const char *text,
                                   double     *value);

/* A flow alert's cells, the same in every table that shows them. */
char *whale_format_ratio            (double      value);        /* 1.25 */
char *whale_format_side_percent     (double      value);        /* 87% */
char *whale_format_rule             (const char *rule);         /* Repeated hits */
char *whale_format_option_type      (const char *option_type);  /* Call, Put */
char *whale_format_strike_type      (double      strike,
                                     const char *option_type);  /* 34.5 C */
char *whale_format_expiry           (const char *expiry,
                                     double      dte);          /* Dec 18 (22d) */
char *whale_format_price_bid_ask    (double      price,
                                     double      bid,
                                     double      ask);          /* 3.10 (3.05 × 3.15) */
char *whale_format_sentiment        (const char *sentiment);    /* ▲ Bullish */
char *whale_format_side_split       (double      ask_vol,
                                     double      bid_vol,
                                     double      mid_vol,
                                     double      no_side_vol); /* Ask 34% · Bid 66% · … */
char *whale_format_flags            (gboolean    sweep,
                                     gboolean    floor_trade,
                                     gboolean    multileg,
                                     gboolean    opening,
                                     gboolean    golden);       /* Sweep · Opening */

/* Registers the <closure> functions the .ui templates use. */
void  whale_format_bind_template_callbacks (GtkWidgetClass *widget_class);

G_END_DECLS
