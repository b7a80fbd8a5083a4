/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-record.h"

G_BEGIN_DECLS

/* One price tick (price:TICKER). */
#define WHALE_TYPE_PRICE (whale_price_get_type ())
G_DECLARE_FINAL_TYPE (WhalePrice, whale_price, WHALE, PRICE, WhaleRecord)

G_END_DECLS
