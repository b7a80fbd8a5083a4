/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "whale-feed-page.h"
#include "whale-flow-page.h"
#include "whale-gamma-page.h"
#include "whale-session.h"

G_BEGIN_DECLS

#define WHALE_TYPE_WINDOW (whale_window_get_type ())
G_DECLARE_FINAL_TYPE (WhaleWindow, whale_window, WHALE, WINDOW, AdwApplicationWindow)

/* @application: a WhaleApplication; the window shows its session. */
WhaleWindow    *whale_window_new                 (GtkApplication *application);
WhaleSession   *whale_window_get_session         (WhaleWindow    *self);
AdwViewStack   *whale_window_get_view_stack      (WhaleWindow    *self);
WhaleFlowPage  *whale_window_get_flow_page       (WhaleWindow    *self);
WhaleGammaPage *whale_window_get_gamma_page      (WhaleWindow    *self);
/* The feed page of a registry id: "flow-alerts", "gex", "market-movers", ... */
WhaleFeedPage  *whale_window_get_feed_page       (WhaleWindow    *self,
                                                  const char     *channel_id);
/* What the header's connection indicator says. */
const char     *whale_window_get_connection_text (WhaleWindow    *self);
const char     *whale_window_get_banner_text     (WhaleWindow    *self);
const char     *whale_window_get_last_toast      (WhaleWindow    *self);
void            whale_window_add_toast           (WhaleWindow    *self,
                                                  const char     *title);
/* Shows @toast (taking it), for toasts with a button. */
void            whale_window_show_toast          (WhaleWindow    *self,
                                                  AdwToast       *toast);

G_END_DECLS
