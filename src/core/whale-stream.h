/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "whale-channel-state.h"

G_BEGIN_DECLS

#define WHALE_STREAM_DEFAULT_URL      "wss://api.unusualwhales.com/socket"
#define WHALE_STREAM_DEFAULT_REST_URL "https://api.unusualwhales.com"

/* One WebSocket to the UW server (plus REST polls for REST rows), its subscriptions and
 * its connection state. Lives on the thread-default main context it was created on.
 *
 * Signals: "record" (WhaleChannelState *, WhaleRecord *) for every decoded record;
 * "frame" (GBytes *) for every text frame as received (recorders).
 * Timing properties, in ms, for tests: "ack-timeout" (5000), "idle-timeout" (30000:
 * silence before a ping), "pong-timeout" (10000), "backoff-initial" (1000),
 * "backoff-max" (60000), "stable-time" (60000: a connection this old resets backoff). */
#define WHALE_TYPE_STREAM (whale_stream_get_type ())
G_DECLARE_FINAL_TYPE (WhaleStream, whale_stream, WHALE, STREAM, GObject)

#define WHALE_STREAM_ERROR (whale_stream_error_quark ())

typedef enum
{
  WHALE_STREAM_ERROR_REJECTED,     /* 401/403: the token was refused */
  WHALE_STREAM_ERROR_UNREACHABLE,  /* could not connect */
  WHALE_STREAM_ERROR_CLOSED,       /* the server closed or the connection dropped */
  WHALE_STREAM_ERROR_INSECURE,     /* plain ws:// or http:// to a non-loopback host */
} WhaleStreamError;

GQuark               whale_stream_error_quark   (void);

WhaleStream         *whale_stream_new           (void);

const char          *whale_stream_get_url       (WhaleStream        *self);
void                 whale_stream_set_url       (WhaleStream        *self,
                                                 const char         *url);
const char          *whale_stream_get_rest_url  (WhaleStream        *self);
void                 whale_stream_set_rest_url  (WhaleStream        *self,
                                                 const char         *rest_url);
/* The token is write-only: it is never readable, logged or shown. NULL or "" = none. */
void                 whale_stream_set_token     (WhaleStream        *self,
                                                 const char         *token);
gboolean             whale_stream_has_token     (WhaleStream        *self);
/* The URL as it may be shown: never with the token. */
char                *whale_stream_dup_display_url (WhaleStream      *self);
/* @url without its "token" query parameters: a UW URL copied from elsewhere may carry
 * one, and a URL is stored as a setting, where a token must never be. *token (if
 * @token is not NULL) gets the last one's value, unescaped, or NULL when there was
 * none. A URL that does not parse comes back as it is. */
char                *whale_url_remove_token     (const char         *url,
                                                 char              **token);

/* Connects (and keeps reconnecting unless "reconnect" is off or the token is refused). */
void                 whale_stream_start         (WhaleStream        *self);
/* Closes normally; no reconnect. */
void                 whale_stream_stop          (WhaleStream        *self);
/* Reconnects now, e.g. after the token or URL changed; clears a rejection. */
void                 whale_stream_restart       (WhaleStream        *self);

WhaleConnectionState whale_stream_get_state     (WhaleStream        *self);
/* Why the stream is rejected, reconnecting or disconnected; NULL when fine. */
const char          *whale_stream_get_reason    (WhaleStream        *self);
/* Wall-clock µs of the next reconnect attempt while RECONNECTING, else 0. */
gint64               whale_stream_get_retry_at  (WhaleStream        *self);
/* The close code of the last connection (1000 = normal, 1006 = dropped); 0 = none yet. */
guint                whale_stream_get_close_code (WhaleStream       *self);
/* Reconnect after a drop (the default) or stop there (the CLI's --once). */
gboolean             whale_stream_get_reconnect (WhaleStream        *self);
void                 whale_stream_set_reconnect (WhaleStream        *self,
                                                 gboolean            reconnect);

/* Subscribes to a registry row (@ticker for per-ticker rows; @wire_override replaces
 * the wire name of a socket row). @info NULL subscribes @wire_override as a raw
 * channel. Records go to @feed (may be NULL) and to the "record" signal. Subscribing to
 * an already subscribed wire name returns the existing state. */
WhaleChannelState   *whale_stream_subscribe     (WhaleStream            *self,
                                                 const WhaleChannelInfo *info,
                                                 const char             *ticker,
                                                 const char             *wire_override,
                                                 WhaleFeed              *feed);
/* Leaves the channel (stops its poll); its frames are dropped from now on. */
void                 whale_stream_unsubscribe   (WhaleStream            *self,
                                                 WhaleChannelState      *state);
WhaleChannelState   *whale_stream_lookup        (WhaleStream            *self,
                                                 const char             *wire_name);
/* A GListModel of WhaleChannelState. */
GListModel          *whale_stream_get_channels  (WhaleStream            *self);

/* Whole-stream counters. */
guint64              whale_stream_get_n_frames     (WhaleStream        *self);
guint64              whale_stream_get_n_records    (WhaleStream        *self);
guint64              whale_stream_get_n_acks       (WhaleStream        *self);
/* Malformed, binary or undecodable frames, and error replies. */
guint64              whale_stream_get_n_errors     (WhaleStream        *self);
/* Frames on channels that are not (or no longer) subscribed. */
guint64              whale_stream_get_n_unexpected (WhaleStream        *self);
guint                whale_stream_get_n_connects   (WhaleStream        *self);

G_END_DECLS
