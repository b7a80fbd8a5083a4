/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "whale-feed-page.h"
#include "whale-session-chart.h"
#include "whale-strike-chart.h"

G_BEGIN_DECLS

/* The Gamma page: the ticker selector (bound to gex-ticker and thereby to the
 * subscription; tickers can be added to gex-tickers), a summary of the session's gex
 * board (spot, net gamma, regime, flip, walls, magnet, staleness) and its two charts. */
#define WHALE_TYPE_GAMMA_PAGE (whale_gamma_page_get_type ())
G_DECLARE_FINAL_TYPE (WhaleGammaPage, whale_gamma_page, WHALE, GAMMA_PAGE, GtkWidget)

WhaleFeedPage     *whale_gamma_page_get_feed_page     (WhaleGammaPage *self);
GtkDropDown       *whale_gamma_page_get_dropdown      (WhaleGammaPage *self);
WhaleStrikeChart  *whale_gamma_page_get_strike_chart  (WhaleGammaPage *self);
WhaleSessionChart *whale_gamma_page_get_session_chart (WhaleGammaPage *self);
/* Shows the times again, in the zone they now show in (whale_format_set_market_time()). */
void               whale_gamma_page_refresh_times     (WhaleGammaPage *self);
void               whale_gamma_page_set_session       (WhaleGammaPage *self,
                                                       WhaleSession   *session);
/* Adds a ticker to gex-tickers and selects it; FALSE when it is not a valid ticker. */
gboolean           whale_gamma_page_add_ticker        (WhaleGammaPage *self,
                                                       const char     *ticker);
/* What the page shows now (for tests): the text of a summary value by name ("spot",
 * "net-gamma", "regime", "flip", "call-wall", "put-wall", "magnet", or with "-detail"
 * appended its second line), "updated" for the staleness line, "waiting" for the status
 * page's title (NULL while the board is shown). */
const char        *whale_gamma_page_get_text          (WhaleGammaPage *self,
                                                       const char     *name);

G_END_DECLS
