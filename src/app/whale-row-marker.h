/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A cell wrapper that puts a CSS class on the whole list row while "active" is TRUE,
 * so a row can be highlighted from a cell template (GTK 4.8 has no row factory). */
#define WHALE_TYPE_ROW_MARKER (whale_row_marker_get_type ())
G_DECLARE_FINAL_TYPE (WhaleRowMarker, whale_row_marker, WHALE, ROW_MARKER, GtkWidget)

G_END_DECLS
