/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-gex-levels"

#include "config.h"

#include "whale-gex-levels.h"

#include <math.h>
#include <string.h>

#define INDEX_BAND 0.03
#define SINGLE_NAME_BAND 0.35

/* Cash indices and the ETFs that track them move like indices. */
double
whale_gex_band_for_ticker (const char *ticker)
{
  static const char * const indices[] = {
    "SPX", "SPXW", "XSP", "NDX", "NDXP", "RUT", "RUTW", "DJX", "VIX",
    "SPY", "QQQ", "IWM", "DIA",
  };

  if (ticker != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (indices); i++)
      if (strcmp (ticker, indices[i]) == 0)
        return INDEX_BAND;
  return SINGLE_NAME_BAND;
}

static int
sign_of (double value)
{
  return (value > 0) - (value < 0);
}

gboolean
whale_gex_compute_levels (const double   *strikes,
                          const double   *net_gamma,
                          guint           n_strikes,
                          double          spot,
                          double          band,
                          WhaleGexLevels *levels)
{
  /* A hair of slack so a strike exactly on the band's edge stays inside. */
  double low = spot * (1.0 - band) - spot * 1e-12;
  double high = spot * (1.0 + band) + spot * 1e-12;
  double best_call = 0, best_put = 0, best_abs = -1;
  double running = 0;
  double previous_strike = NAN;
  int previous_sign = 0;   /* sign of the running sum at the last strike where it was not 0 */
  double first_zero = NAN; /* first strike of a run of exact zeros after a nonzero sum */

  g_return_val_if_fail (levels != NULL, FALSE);
  g_return_val_if_fail (n_strikes == 0 || (strikes != NULL && net_gamma != NULL), FALSE);

  *levels = (WhaleGexLevels) {
    .spot = spot, .call_wall = NAN, .put_wall = NAN, .magnet = NAN, .flip = NAN,
    .net_gamma = 0, .n_strikes = 0,
  };
  if (!isfinite (spot) || spot <= 0)
    return FALSE;

  for (guint i = 0; i < n_strikes; i++)
    {
      double strike = strikes[i];
      double gamma = net_gamma[i];
      int sign;

      if (!isfinite (strike) || !isfinite (gamma) || strike < low || strike > high)
        continue;
      g_assert (isnan (previous_strike) || strike > previous_strike);

      levels->n_strikes++;
      levels->net_gamma += gamma;

      if (strike > spot && gamma > best_call)
        best_call = gamma, levels->call_wall = strike;
      if (strike < spot && gamma > best_put)
        best_put = gamma, levels->put_wall = strike;
      if (fabs (gamma) > best_abs)
        best_abs = fabs (gamma), levels->magnet = strike;

      /* The flip: the running sum changes sign. Interpolate between the two strikes, or
       * take the strike where it sits exactly at zero; the crossing nearest spot wins. */
      {
        double before = running;
        double crossing = NAN;

        running += gamma;
        sign = sign_of (running);
        if (sign == 0)
          {
            if (previous_sign != 0 && isnan (first_zero))
              first_zero = strike;
          }
        else
          {
            if (previous_sign != 0 && sign != previous_sign)
              crossing = !isnan (first_zero)
                         ? first_zero
                         : previous_strike + (strike - previous_strike) * (0 - before)
                                             / (running - before);
            previous_sign = sign;
            first_zero = NAN;
          }
        if (!isnan (crossing)
            && (isnan (levels->flip) || fabs (crossing - spot) < fabs (levels->flip - spot)))
          levels->flip = crossing;
      }
      previous_strike = strike;
    }

  if (levels->n_strikes == 0)
    return FALSE;
  return TRUE;
}
