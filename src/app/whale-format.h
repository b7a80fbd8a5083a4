/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Numbers as traders read them. A missing value (NaN) is shown as "—". */
char *whale_format_money     (double      value);  /* $279K, $1.2M, $6.93B */
char *whale_format_count     (double      value);  /* 950, 12.3K, 1.2M */
char *whale_format_price     (double      value);  /* 3.10 */
char *whale_format_percent   (double      value);  /* 12.3% */
char *whale_format_time_ms   (gint64      ms);     /* 14:02:07, local time */
char *whale_format_exposure  (double      value);  /* $6.93B / 1% (dollars per 1 % move) */
char *whale_format_money_short (double    value);  /* axis labels: $0, $250M, −$1.5B */
char *whale_format_strike    (double      value);  /* 600, 587.5, 12.25 */
char *whale_format_distance  (double      level,
                              double      spot);   /* +0.31% from spot */

/* Registers the <closure> functions the .ui templates use. */
void  whale_format_bind_template_callbacks (GtkWidgetClass *widget_class);

G_END_DECLS
