/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-gex-levels.h"
#include "whale-record.h"

G_BEGIN_DECLS

/* One ticker's gamma picture: the latest row per strike (gex_strike:T), the aggregate
 * exposures (gex:T), the levels after each complete burst, and a bounded session series.
 * Emits "burst" (gint64 timestamp of its rows) when a burst of strike rows is complete
 * and its levels are computed, and "changed" after that and after each aggregate update. */
#define WHALE_TYPE_GEX_BOARD (whale_gex_board_get_type ())
G_DECLARE_FINAL_TYPE (WhaleGexBoard, whale_gex_board, WHALE, GEX_BOARD, GObject)

typedef enum
{
  WHALE_GEX_WEIGHT_OI,   /* by open interest: classic GEX */
  WHALE_GEX_WEIGHT_VOL,  /* by today's volume */
  WHALE_GEX_WEIGHT_DIR,  /* by trade side: ask minus bid volume */
} WhaleGexWeight;

typedef struct
{
  double strike;
  double call;  /* ≥ 0 */
  double put;   /* ≤ 0 */
} WhaleGexBar;

typedef struct
{
  gint64 time_ms;
  double spot;
  double net_gamma_oi;  /* per 1 % move, from gex:T */
  double flip;          /* NaN when there was none */
  gboolean resumed;     /* the first point after a time the ticker was not watched */
} WhaleGexPoint;

#define WHALE_GEX_BOARD_MAX_POINTS 4096

WhaleGexBoard        *whale_gex_board_new            (const char     *ticker);
const char           *whale_gex_board_get_ticker     (WhaleGexBoard  *self);
/* Takes a WhaleGexUpdate or WhaleGexStrike of this ticker; ignores anything else. */
void                  whale_gex_board_add            (WhaleGexBoard  *self,
                                                      WhaleRecord    *record);
/* Completes the burst in progress now (normally done by the next burst or a short
 * quiet period). */
void                  whale_gex_board_flush          (WhaleGexBoard  *self);
void                  whale_gex_board_clear          (WhaleGexBoard  *self);

/* Levels as of the last complete burst (all NaN before the first). */
const WhaleGexLevels *whale_gex_board_get_levels     (WhaleGexBoard  *self);
double                whale_gex_board_get_spot       (WhaleGexBoard  *self);
/* Dollars per 1 % move from gex:T (NaN until the first update). */
double                whale_gex_board_get_net_gamma  (WhaleGexBoard  *self,
                                                      WhaleGexWeight  weight);
/* +1 dampened (positive total OI gamma), -1 amplified, 0 unknown. */
int                   whale_gex_board_get_regime     (WhaleGexBoard  *self);
/* Epoch ms of the newest data, 0 = none yet. */
gint64                whale_gex_board_get_updated    (WhaleGexBoard  *self);
guint                 whale_gex_board_get_n_strikes  (WhaleGexBoard  *self);
/* Per-strike call and put gamma, ascending strikes: a new array of WhaleGexBar. */
GArray               *whale_gex_board_dup_bars       (WhaleGexBoard  *self,
                                                      WhaleGexWeight  weight);
/* The session so far: an array of WhaleGexPoint, oldest first, owned by the board. */
GArray               *whale_gex_board_get_series     (WhaleGexBoard  *self);
/* Takes up @series (of an earlier board of this ticker) as this board's, before its
 * own first point; that point is marked resumed. */
void                  whale_gex_board_resume_series  (WhaleGexBoard  *self,
                                                      GArray         *series);

G_END_DECLS
