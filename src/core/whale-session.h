/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "whale-feed.h"
#include "whale-gex-board.h"
#include "whale-simulator.h"
#include "whale-stream.h"

G_BEGIN_DECLS

/* What the app drives: the stream, one feed per page, and the settings that shape the
 * subscriptions. Without a stored token it runs a WhaleSimulator on 127.0.0.1 and
 * streams from it through the real client (demo mode). Reacts to its GSettings live.
 *
 * Feed ids are registry ids: "flow-alerts", "gex", "gex-strike", "dark-pool",
 * "market-movers", "congress-trades".
 *
 * Signals: "channels-changed" (const char *id) whenever the subscription behind a feed
 * is added, replaced or removed. */
#define WHALE_TYPE_SESSION (whale_session_get_type ())
G_DECLARE_FINAL_TYPE (WhaleSession, whale_session, WHALE, SESSION, GObject)

/* @settings: a GSettings of the io.github.whalewatch.Whalewatch schema. */
WhaleSession      *whale_session_new               (GSettings    *settings);

/* Looks the token up in the keyring, then connects (live or demo). */
void               whale_session_start             (WhaleSession *self);
/* Like start, but with a known token (NULL = demo); the keyring is not consulted. */
void               whale_session_start_with_token  (WhaleSession *self,
                                                    const char   *token);
void               whale_session_stop              (WhaleSession *self);
/* After the token was stored (or cleared: NULL): switches demo/live and reconnects. */
void               whale_session_set_token         (WhaleSession *self,
                                                    const char   *token);

/* TRUE once start has decided between demo and live. */
gboolean           whale_session_get_started       (WhaleSession *self);
gboolean           whale_session_get_demo          (WhaleSession *self);
/* Why the start found no token when the keyring could not be read (not: it had none),
 * else NULL (:keyring-error). */
const char        *whale_session_get_keyring_error (WhaleSession *self);
GSettings         *whale_session_get_settings      (WhaleSession *self);
WhaleStream       *whale_session_get_stream        (WhaleSession *self);
/* The demo server, or NULL when live. */
WhaleSimulator    *whale_session_get_simulator     (WhaleSession *self);
WhaleFeed         *whale_session_get_feed          (WhaleSession *self,
                                                    const char   *id);
/* The current subscription of a feed, or NULL when it is not subscribed. */
WhaleChannelState *whale_session_get_channel_state (WhaleSession *self,
                                                    const char   *id);
/* The levels of the selected gex-ticker, fed from its gex and gex_strike rows. A new
 * board (property "gex-board" notifies) each time the ticker changes. */
WhaleGexBoard     *whale_session_get_gex_board     (WhaleSession *self);

G_END_DECLS
