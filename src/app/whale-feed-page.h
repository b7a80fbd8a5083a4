/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "whale-session.h"

G_BEGIN_DECLS

/* One page of the window: a view over one session feed (by registry id), the line
 * saying where the data comes from, a status page while there is nothing to show, and
 * a status bar with the counts, the rate and (if pausable) the pause button.
 * "content" is usually a GtkColumnView whose model chain (selection -> sort -> filter)
 * ends without a model: the page plugs the feed in there. */
#define WHALE_TYPE_FEED_PAGE (whale_feed_page_get_type ())
G_DECLARE_FINAL_TYPE (WhaleFeedPage, whale_feed_page, WHALE, FEED_PAGE, GtkWidget)

WhaleSession *whale_feed_page_get_session    (WhaleFeedPage *self);
void          whale_feed_page_set_session    (WhaleFeedPage *self,
                                              WhaleSession  *session);
const char   *whale_feed_page_get_channel_id (WhaleFeedPage *self);
WhaleFeed    *whale_feed_page_get_feed       (WhaleFeedPage *self);
GtkWidget    *whale_feed_page_get_content    (WhaleFeedPage *self);
/* The rows as shown (filtered and sorted); NULL when the content is no column view. */
GListModel   *whale_feed_page_get_shown      (WhaleFeedPage *self);
gboolean      whale_feed_page_get_pausable   (WhaleFeedPage *self);
gboolean      whale_feed_page_get_paused     (WhaleFeedPage *self);
void          whale_feed_page_set_paused     (WhaleFeedPage *self,
                                              gboolean       paused);
/* What the status page or the status bar says now (for tests). */
const char   *whale_feed_page_get_status_title (WhaleFeedPage *self);
const char   *whale_feed_page_get_status_description (WhaleFeedPage *self);
const char   *whale_feed_page_get_source_text  (WhaleFeedPage *self);
const char   *whale_feed_page_get_status_text  (WhaleFeedPage *self);
const char   *whale_feed_page_get_pause_text   (WhaleFeedPage *self);
/* What "No rows match the filter" says below it, for a filter that can match nothing;
 * NULL for the general advice. */
void          whale_feed_page_set_filter_hint (WhaleFeedPage *self,
                                               const char    *hint);
/* Recomputes the status texts now rather than on the next tick. */
void          whale_feed_page_refresh        (WhaleFeedPage *self);
/* Makes and binds every row anew, for cells that format once (times, when the zone
 * they show in changes). */
void          whale_feed_page_rebuild_rows   (WhaleFeedPage *self);
/* Ctrl+C (the "page.copy" action) puts the selected row on the clipboard as @func
 * writes it; by default as the details window lists its fields. */
typedef char *(*WhaleFeedPageCopyFunc) (WhaleRecord *record,
                                        gpointer     user_data);
void          whale_feed_page_set_copy_func  (WhaleFeedPage        *self,
                                              WhaleFeedPageCopyFunc func,
                                              gpointer              user_data);
/* The selected row as Ctrl+C copies it, or NULL when no row is selected. */
char         *whale_feed_page_dup_copy_text  (WhaleFeedPage *self);
/* Forgets the rows counted as new above the view: a filter that changed brings old
 * rows in at the top too. */
void          whale_feed_page_reset_new_rows (WhaleFeedPage *self);

G_END_DECLS
