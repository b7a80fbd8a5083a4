/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-channel-state.h"

G_BEGIN_DECLS

WhaleChannelState *whale_channel_state_new          (const WhaleChannelInfo *info,
                                                     WhaleRecordKind         kind,
                                                     const char             *ticker,
                                                     const char             *wire_name,
                                                     WhaleFeed              *feed);
void               whale_channel_state_set_status   (WhaleChannelState      *self,
                                                     WhaleChannelStatus      status,
                                                     const char             *reason);
/* Counting is cheap; the properties are notified by whale_channel_state_publish(). */
void               whale_channel_state_count_frame  (WhaleChannelState      *self,
                                                     gint64                  now_us);
void               whale_channel_state_count_record (WhaleChannelState      *self);
void               whale_channel_state_count_error  (WhaleChannelState      *self);
void               whale_channel_state_publish      (WhaleChannelState      *self,
                                                     gint64                  now_us);

G_END_DECLS
