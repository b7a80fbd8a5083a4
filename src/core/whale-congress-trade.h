/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-record.h"

G_BEGIN_DECLS

/* One disclosed trade of GET /api/congress/recent-trades. */
#define WHALE_TYPE_CONGRESS_TRADE (whale_congress_trade_get_type ())
G_DECLARE_FINAL_TYPE (WhaleCongressTrade, whale_congress_trade, WHALE, CONGRESS_TRADE, WhaleRecord)

G_END_DECLS
