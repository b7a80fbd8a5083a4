/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-record.h"

G_BEGIN_DECLS

/* One row of GET /api/market/movers (gainer, loser or most active). */
#define WHALE_TYPE_MARKET_MOVER (whale_market_mover_get_type ())
G_DECLARE_FINAL_TYPE (WhaleMarketMover, whale_market_mover, WHALE, MARKET_MOVER, WhaleRecord)

G_END_DECLS
