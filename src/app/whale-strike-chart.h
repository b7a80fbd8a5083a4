/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "whale-gex-board.h"

G_BEGIN_DECLS

/* Gamma by strike: horizontal call and put bars with the net bar over them, for the
 * strikes around spot that fit the height; spot and flip lines, wall labels, a $ axis.
 * Redraws when its board says "changed". Hovering a bar shows its strike and values. */
#define WHALE_TYPE_STRIKE_CHART (whale_strike_chart_get_type ())
G_DECLARE_FINAL_TYPE (WhaleStrikeChart, whale_strike_chart, WHALE, STRIKE_CHART, GtkWidget)

GtkWidget      *whale_strike_chart_new         (void);
WhaleGexBoard  *whale_strike_chart_get_board   (WhaleStrikeChart *self);
void            whale_strike_chart_set_board   (WhaleStrikeChart *self,
                                                WhaleGexBoard    *board);
WhaleGexWeight  whale_strike_chart_get_weight  (WhaleStrikeChart *self);
void            whale_strike_chart_set_weight  (WhaleStrikeChart *self,
                                                WhaleGexWeight    weight);
/* What the accessible description says: the ticker, walls, flip, magnet. */
const char     *whale_strike_chart_get_summary (WhaleStrikeChart *self);
/* The hover text at a point of the widget, or NULL when no bar is there. */
char           *whale_strike_chart_dup_text_at (WhaleStrikeChart *self,
                                                double            x,
                                                double            y);

G_END_DECLS
