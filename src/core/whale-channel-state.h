/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-channel.h"
#include "whale-feed.h"

G_BEGIN_DECLS

/* One subscription of a WhaleStream: what was asked for, how the server answered and
 * what arrived. Read-only for users; the stream updates it. */
#define WHALE_TYPE_CHANNEL_STATE (whale_channel_state_get_type ())
G_DECLARE_FINAL_TYPE (WhaleChannelState, whale_channel_state, WHALE, CHANNEL_STATE, GObject)

/* The registry row (NULL for a raw channel the registry does not know). */
const WhaleChannelInfo *whale_channel_state_get_info       (WhaleChannelState *self);
WhaleRecordKind         whale_channel_state_get_kind       (WhaleChannelState *self);
const char             *whale_channel_state_get_ticker     (WhaleChannelState *self);
/* The name joined on the socket, or the REST path. */
const char             *whale_channel_state_get_wire_name  (WhaleChannelState *self);
WhaleChannelStatus      whale_channel_state_get_status     (WhaleChannelState *self);
/* The server's reason for an error reply, or why a poll failed; NULL otherwise. */
const char             *whale_channel_state_get_reason     (WhaleChannelState *self);
WhaleFeed              *whale_channel_state_get_feed       (WhaleChannelState *self);
guint64                 whale_channel_state_get_frames     (WhaleChannelState *self);
guint64                 whale_channel_state_get_records    (WhaleChannelState *self);
guint64                 whale_channel_state_get_errors     (WhaleChannelState *self);
/* Wall-clock µs of the last frame or successful poll; 0 = none yet. */
gint64                  whale_channel_state_get_last_update (WhaleChannelState *self);
/* Frames per second over the last few seconds. */
double                  whale_channel_state_get_rate       (WhaleChannelState *self);

G_END_DECLS
