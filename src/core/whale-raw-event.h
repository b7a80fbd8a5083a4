/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-record.h"

G_BEGIN_DECLS

/* A frame on a channel without a typed record: the payload as it came. */
#define WHALE_TYPE_RAW_EVENT (whale_raw_event_get_type ())
G_DECLARE_FINAL_TYPE (WhaleRawEvent, whale_raw_event, WHALE, RAW_EVENT, WhaleRecord)

G_END_DECLS
