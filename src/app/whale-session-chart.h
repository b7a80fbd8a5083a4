/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "whale-gex-board.h"

G_BEGIN_DECLS

/* The session so far: total gamma (OI) over time as an area around zero, the price on a
 * second axis, the flip over time as a dashed line on the price axis. Redraws when its
 * board says "changed"; hovering shows the point under the pointer. */
#define WHALE_TYPE_SESSION_CHART (whale_session_chart_get_type ())
G_DECLARE_FINAL_TYPE (WhaleSessionChart, whale_session_chart, WHALE, SESSION_CHART, GtkWidget)

GtkWidget     *whale_session_chart_new         (void);
WhaleGexBoard *whale_session_chart_get_board   (WhaleSessionChart *self);
void           whale_session_chart_set_board   (WhaleSessionChart *self,
                                                WhaleGexBoard     *board);
/* What the accessible description says. */
const char    *whale_session_chart_get_summary (WhaleSessionChart *self);
/* The hover text at a point of the widget, or NULL when there is no data there. */
char          *whale_session_chart_dup_text_at (WhaleSessionChart *self,
                                                double             x,
                                                double             y);

G_END_DECLS
