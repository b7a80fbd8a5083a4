/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-record.h"

G_BEGIN_DECLS

/* Aggregate gamma, charm, vanna and delta exposure of one ticker (gex:TICKER). */
#define WHALE_TYPE_GEX_UPDATE (whale_gex_update_get_type ())
G_DECLARE_FINAL_TYPE (WhaleGexUpdate, whale_gex_update, WHALE, GEX_UPDATE, WhaleRecord)

G_END_DECLS
