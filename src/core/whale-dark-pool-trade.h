/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-record.h"

G_BEGIN_DECLS

/* One off-exchange equity print (off_lit_trades); premium = price x size. */
#define WHALE_TYPE_DARK_POOL_TRADE (whale_dark_pool_trade_get_type ())
G_DECLARE_FINAL_TYPE (WhaleDarkPoolTrade, whale_dark_pool_trade, WHALE, DARK_POOL_TRADE, WhaleRecord)

G_END_DECLS
