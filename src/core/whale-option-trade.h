/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-record.h"

G_BEGIN_DECLS

/* One option print (option_trades, option_trades:TICKER). */
#define WHALE_TYPE_OPTION_TRADE (whale_option_trade_get_type ())
G_DECLARE_FINAL_TYPE (WhaleOptionTrade, whale_option_trade, WHALE, OPTION_TRADE, WhaleRecord)

G_END_DECLS
