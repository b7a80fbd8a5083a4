/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-record.h"

G_BEGIN_DECLS

/* Exposures at one strike of one ticker (gex_strike:TICKER). */
#define WHALE_TYPE_GEX_STRIKE (whale_gex_strike_get_type ())
G_DECLARE_FINAL_TYPE (WhaleGexStrike, whale_gex_strike, WHALE, GEX_STRIKE, WhaleRecord)

G_END_DECLS
