/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "whale-feed-page.h"

G_BEGIN_DECLS

/* The Gamma page (placeholder for the full gamma view): the ticker selector, wired to
 * the gex-ticker setting and thereby to the subscription, and the latest exposures. */
#define WHALE_TYPE_GAMMA_PAGE (whale_gamma_page_get_type ())
G_DECLARE_FINAL_TYPE (WhaleGammaPage, whale_gamma_page, WHALE, GAMMA_PAGE, GtkWidget)

WhaleFeedPage *whale_gamma_page_get_feed_page  (WhaleGammaPage *self);
GtkDropDown   *whale_gamma_page_get_dropdown   (WhaleGammaPage *self);
void           whale_gamma_page_set_session    (WhaleGammaPage *self,
                                                WhaleSession   *session);

G_END_DECLS
