/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "whale-feed-page.h"

G_BEGIN_DECLS

/* The Flow page: the flow-alerts feed page plus its filter bar. */
#define WHALE_TYPE_FLOW_PAGE (whale_flow_page_get_type ())
G_DECLARE_FINAL_TYPE (WhaleFlowPage, whale_flow_page, WHALE, FLOW_PAGE, GtkWidget)

WhaleFeedPage *whale_flow_page_get_feed_page       (WhaleFlowPage       *self);
GtkColumnView *whale_flow_page_get_column_view     (WhaleFlowPage       *self);
GtkListView   *whale_flow_page_get_list_view       (WhaleFlowPage       *self);
GtkEditable   *whale_flow_page_get_ticker_entry    (WhaleFlowPage       *self);
void           whale_flow_page_set_session         (WhaleFlowPage       *self,
                                                    WhaleSession        *session);
/* "show-<column id>" (stateful) per column, and "show-all-columns": inserted as "flow"
 * here; the window inserts them too, for its menu. */
GActionGroup  *whale_flow_page_get_column_actions  (WhaleFlowPage       *self);
/* The columns' checks, as each title's right-click menu shows them. */
GMenuModel    *whale_flow_page_get_columns_menu    (WhaleFlowPage       *self);
/* Reveals the filter bar and focuses the ticker entry. */
void           whale_flow_page_show_filter         (WhaleFlowPage       *self);
/* Sorts the table by @column with its largest values on top. */
void           whale_flow_page_sort_largest_first  (WhaleFlowPage       *self,
                                                    GtkColumnViewColumn *column);

G_END_DECLS
