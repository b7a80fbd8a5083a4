/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Gamma levels as UW computes them from net gamma (call + put) per strike. Every
 * strike level is NaN when there is none. */
typedef struct
{
  double spot;
  double call_wall;  /* strike above spot with the largest positive net gamma */
  double put_wall;   /* strike below spot with the largest positive net gamma */
  double magnet;     /* strike with the largest |net gamma| */
  double flip;       /* zero gamma: where the running sum crosses zero, nearest spot */
  double net_gamma;  /* sum of net gamma over the band */
  guint  n_strikes;  /* strikes inside the band */
} WhaleGexLevels;

/* The band around spot the levels look at: ±3 % for indices, ±35 % for single names. */
double   whale_gex_band_for_ticker (const char     *ticker);

/* @strikes ascending, @net_gamma beside them. Only strikes within spot × (1 ± @band)
 * count. Returns FALSE (and all levels NaN) when no strike is in the band. */
gboolean whale_gex_compute_levels  (const double   *strikes,
                                    const double   *net_gamma,
                                    guint           n_strikes,
                                    double          spot,
                                    double          band,
                                    WhaleGexLevels *levels);

G_END_DECLS
