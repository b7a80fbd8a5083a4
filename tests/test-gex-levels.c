/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "whale-gex-levels.h"

#define WIDE 1.0  /* a band that takes every strike */

static void
compute (const double   *strikes,
         const double   *gamma,
         guint           n,
         double          spot,
         double          band,
         WhaleGexLevels *levels)
{
  g_assert_true (whale_gex_compute_levels (strikes, gamma, n, spot, band, levels));
}

static void
test_one_crossing (void)
{
  /* Running sum: -3, -4, -1, +3, +4 -> crosses between 102 and 103:
   * 102 + 1 × (0 − (−1)) / (3 − (−1)) = 102.25 */
  const double strikes[] = { 100, 101, 102, 103, 104 };
  const double gamma[] = { -3, -1, 3, 4, 1 };
  WhaleGexLevels levels;

  compute (strikes, gamma, 5, 102.5, WIDE, &levels);
  g_assert_cmpfloat_with_epsilon (levels.flip, 102.25, 1e-9);
  g_assert_cmpfloat (levels.call_wall, ==, 103);  /* above spot, largest positive */
  g_assert_cmpfloat (levels.put_wall, ==, 102);   /* below spot, largest positive */
  g_assert_cmpfloat (levels.magnet, ==, 103);     /* largest |net| */
  g_assert_cmpfloat (levels.net_gamma, ==, 4);
  g_assert_cmpuint (levels.n_strikes, ==, 5);
}

static void
test_several_crossings_nearest_spot (void)
{
  /* Running sum: +2, -1, -3, +1, +2, -2: crossings near 100.67, 102.75 and 104.5. */
  const double strikes[] = { 100, 101, 102, 103, 104, 105 };
  const double gamma[] = { 2, -3, -2, 4, 1, -4 };
  WhaleGexLevels levels;

  compute (strikes, gamma, 6, 102.9, WIDE, &levels);
  g_assert_cmpfloat_with_epsilon (levels.flip, 102.75, 1e-9);
  compute (strikes, gamma, 6, 100.2, WIDE, &levels);
  g_assert_cmpfloat_with_epsilon (levels.flip, 100 + 2.0 / 3.0, 1e-9);
  compute (strikes, gamma, 6, 110, WIDE, &levels);
  g_assert_cmpfloat_with_epsilon (levels.flip, 104.5, 1e-9);
}

static void
test_no_crossing (void)
{
  const double strikes[] = { 100, 101, 102 };
  const double positive[] = { 1, 2, 3 };
  const double negative[] = { -1, -2, -3 };
  WhaleGexLevels levels;

  compute (strikes, positive, 3, 101, WIDE, &levels);
  g_assert_true (isnan (levels.flip));
  g_assert_cmpfloat (levels.call_wall, ==, 102);
  g_assert_cmpfloat (levels.put_wall, ==, 100);

  /* All negative: no crossing, and no strike has positive gamma to be a wall. */
  compute (strikes, negative, 3, 101, WIDE, &levels);
  g_assert_true (isnan (levels.flip));
  g_assert_true (isnan (levels.call_wall));
  g_assert_true (isnan (levels.put_wall));
  g_assert_cmpfloat (levels.magnet, ==, 102);
  g_assert_cmpfloat (levels.net_gamma, ==, -6);
}

static void
test_crossing_on_a_strike (void)
{
  /* Running sum: -2, 0, +1: it sits on zero at 101, then goes positive. */
  const double strikes[] = { 100, 101, 102 };
  const double gamma[] = { -2, 2, 1 };
  /* Running sum: -2, 0, 0, +1: the first zero strike is the flip. */
  const double strikes4[] = { 100, 101, 102, 103 };
  const double gamma4[] = { -2, 2, 0, 1 };
  /* Running sum: -2, 0, -1: touches zero, never crosses. */
  const double touch[] = { -2, 2, -1 };
  WhaleGexLevels levels;

  compute (strikes, gamma, 3, 101.5, WIDE, &levels);
  g_assert_cmpfloat (levels.flip, ==, 101);
  compute (strikes4, gamma4, 4, 101.5, WIDE, &levels);
  g_assert_cmpfloat (levels.flip, ==, 101);
  compute (strikes, touch, 3, 101.5, WIDE, &levels);
  g_assert_true (isnan (levels.flip));
}

static void
test_band_edges (void)
{
  /* Spot 100, band 3 %: 97 and 103 are inside, 96.99 and 103.01 are not. */
  const double strikes[] = { 90, 96.99, 97, 100, 103, 103.01, 110 };
  const double gamma[] = { 1000, 500, -1, 2, 3, 800, -900 };
  WhaleGexLevels levels;

  compute (strikes, gamma, 7, 100, 0.03, &levels);
  g_assert_cmpuint (levels.n_strikes, ==, 3);
  g_assert_cmpfloat (levels.call_wall, ==, 103);
  g_assert_true (isnan (levels.put_wall));
  g_assert_cmpfloat (levels.magnet, ==, 103);
  g_assert_cmpfloat (levels.net_gamma, ==, 4);
  /* Running sum -1, +1: crossing at 97 + 3 × 1/2 = 98.5 */
  g_assert_cmpfloat_with_epsilon (levels.flip, 98.5, 1e-9);

  /* Nothing in the band. */
  g_assert_false (whale_gex_compute_levels (strikes, gamma, 7, 200, 0.03, &levels));
  g_assert_true (isnan (levels.flip));
  g_assert_cmpfloat (whale_gex_band_for_ticker ("SPX"), ==, 0.03);
  g_assert_cmpfloat (whale_gex_band_for_ticker ("SPY"), ==, 0.03);
  g_assert_cmpfloat (whale_gex_band_for_ticker ("TSLA"), ==, 0.35);
}

static void
test_many_decimals (void)
{
  /* Values as UW sends them, parsed from strings with many decimals. */
  const double strikes[] = { 592.5, 593, 593.5 };
  double gamma[3];
  WhaleGexLevels levels;

  gamma[0] = g_ascii_strtod ("-123456789.123456789012", NULL);
  gamma[1] = g_ascii_strtod ("23456789.000000000001", NULL);
  gamma[2] = g_ascii_strtod ("200000000.5", NULL);
  compute (strikes, gamma, 3, 593.06, 0.03, &levels);
  /* Running: -123456789.12, -100000000.12, +100000000.38: crossing at 593 + 0.5 × 0.5 */
  g_assert_cmpfloat_with_epsilon (levels.flip, 593.25, 1e-6);
  g_assert_cmpfloat (levels.call_wall, ==, 593.5);
  g_assert_cmpfloat (levels.put_wall, ==, 593);
  g_assert_cmpfloat (levels.magnet, ==, 593.5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/gex-levels/one-crossing", test_one_crossing);
  g_test_add_func ("/core/gex-levels/several-crossings-nearest-spot",
                   test_several_crossings_nearest_spot);
  g_test_add_func ("/core/gex-levels/no-crossing", test_no_crossing);
  g_test_add_func ("/core/gex-levels/crossing-on-a-strike", test_crossing_on_a_strike);
  g_test_add_func ("/core/gex-levels/band-edges", test_band_edges);
  g_test_add_func ("/core/gex-levels/many-decimals", test_many_decimals);
  return g_test_run ();
}
