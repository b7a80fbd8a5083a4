/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "whale-frame.h"
#include "whale-gex-board.h"
#include "whale-test-util.h"

/* Decodes one frame as UW sends it (every exposure a string). */
static WhaleRecord *
decode (WhaleFrameDecoder *decoder,
        WhaleRecordKind    kind,
        const char        *frame)
{
  const char *channel = NULL;
  const char *reason = NULL;
  g_autoptr(GError) error = NULL;
  WhaleRecord *record;

  g_assert_cmpint (whale_frame_decoder_parse (decoder, frame, strlen (frame), &channel, &reason),
                   ==, WHALE_FRAME_DATA);
  record = whale_frame_decoder_build (decoder, kind, &error);
  g_assert_no_error (error);
  return record;
}

static void
add_row (WhaleGexBoard     *board,
         WhaleFrameDecoder *decoder,
         gint64             timestamp,
         double             price,
         double             strike,
         double             call_oi,
         double             put_oi)
{
  g_autofree char *frame =
    g_strdup_printf ("[\"gex_strike:SPY\",{\"ticker\":\"SPY\",\"timestamp\":%" G_GINT64_FORMAT ","
                     "\"price\":\"%g\",\"strike\":\"%g\",\"call_gamma_oi\":\"%.4f\","
                     "\"put_gamma_oi\":\"%.4f\",\"call_gamma_vol\":\"1.5\","
                     "\"put_gamma_vol\":\"-0.5\",\"call_gamma_ask_vol\":\"3\","
                     "\"call_gamma_bid_vol\":\"1\",\"put_gamma_ask_vol\":\"-2\","
                     "\"put_gamma_bid_vol\":\"-1\"}]",
                     timestamp, price, strike, call_oi, put_oi);
  g_autoptr(WhaleRecord) row = decode (decoder, WHALE_RECORD_GEX_STRIKE, frame);

  whale_gex_board_add (board, row);
}

/* A burst at time 1000, spot 102.5. Net per strike 100-104: -3, -1, +3, +4, +1
 * (running -3, -4, -1, 3, 4): flip 102.25, call wall 103, put wall 102. */
static void
add_flip_burst (WhaleGexBoard     *board,
                WhaleFrameDecoder *decoder)
{
  add_row (board, decoder, 1000, 102.5, 100, 1, -4);
  add_row (board, decoder, 1000, 102.5, 101, 1, -2);
  add_row (board, decoder, 1000, 102.5, 102, 5, -2);
  add_row (board, decoder, 1000, 102.5, 103, 6, -2);
  add_row (board, decoder, 1000, 102.5, 104, 2, -1);
}

static void
burst_cb (WhaleGexBoard *board,
          gint64         timestamp,
          gint64        *last)
{
  *last = timestamp;
}

static void
test_bursts_and_levels (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(WhaleGexBoard) board = whale_gex_board_new ("SPY");
  g_autoptr(GArray) bars = NULL;
  const WhaleGexLevels *levels;
  gint64 burst = 0;

  g_signal_connect (board, "burst", G_CALLBACK (burst_cb), &burst);
  g_assert_true (isnan (whale_gex_board_get_levels (board)->flip));
  g_assert_cmpint (whale_gex_board_get_regime (board), ==, 0);

  add_flip_burst (board, decoder);
  g_assert_cmpint (burst, ==, 0);  /* still open */

  /* The burst completes on its own after a quiet moment. */
  WHALE_WAIT_UNTIL (burst == 1000, 2000);
  levels = whale_gex_board_get_levels (board);
  g_assert_cmpfloat_with_epsilon (levels->flip, 102.25, 1e-9);
  g_assert_cmpfloat (levels->call_wall, ==, 103);
  g_assert_cmpfloat (levels->put_wall, ==, 102);
  g_assert_cmpfloat (levels->magnet, ==, 103);
  g_assert_cmpfloat (whale_gex_board_get_spot (board), ==, 102.5);
  g_assert_cmpint (whale_gex_board_get_regime (board), ==, 1);  /* strikes' sum +4 */
  g_assert_cmpuint (whale_gex_board_get_n_strikes (board), ==, 5);

  bars = whale_gex_board_dup_bars (board, WHALE_GEX_WEIGHT_DIR);
  g_assert_cmpuint (bars->len, ==, 5);
  g_assert_cmpfloat (g_array_index (bars, WhaleGexBar, 0).strike, ==, 100);
  g_assert_cmpfloat (g_array_index (bars, WhaleGexBar, 0).call, ==, 2);   /* 3 − 1 */
  g_assert_cmpfloat (g_array_index (bars, WhaleGexBar, 0).put, ==, -1);   /* −2 − (−1) */

  /* A newer burst replaces rows strike by strike and completes the previous one. Here
   * the strike 102 turns so negative that no crossing is left near spot. */
  add_row (board, decoder, 2000, 103, 102, 0, -20);
  add_row (board, decoder, 3000, 103, 104, 2, -1);
  g_assert_cmpint (burst, ==, 2000);
  levels = whale_gex_board_get_levels (board);
  /* Running: -3, -4, -24, -20, -19: no crossing. */
  g_assert_true (isnan (levels->flip));
  g_assert_cmpfloat (levels->magnet, ==, 102);
  whale_gex_board_flush (board);
  g_assert_cmpint (burst, ==, 3000);

  /* Other tickers are ignored. */
  {
    g_autoptr(WhaleRecord) other =
      decode (decoder, WHALE_RECORD_GEX_STRIKE,
              "[\"gex_strike:QQQ\",{\"ticker\":\"QQQ\",\"timestamp\":5,\"strike\":\"500\"}]");

    whale_gex_board_add (board, other);
    g_assert_cmpuint (whale_gex_board_get_n_strikes (board), ==, 5);
  }
}

static void
test_series_flip (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(WhaleGexBoard) board = whale_gex_board_new ("SPY");
  g_autoptr(WhaleRecord) update =
    decode (decoder, WHALE_RECORD_GEX,
            "[\"gex:SPY\",{\"ticker\":\"SPY\",\"timestamp\":1000,\"price\":\"102.5\","
            "\"gamma_per_one_percent_move_oi\":\"4\"}]");
  GArray *series = whale_gex_board_get_series (board);

  /* An aggregate update that comes before its burst of strike rows: the
   * session chart's flip at that time is the burst's, as the Zero gamma card shows. */
  whale_gex_board_add (board, update);
  g_assert_cmpuint (series->len, ==, 1);
  g_assert_true (isnan (g_array_index (series, WhaleGexPoint, 0).flip));
  add_flip_burst (board, decoder);
  whale_gex_board_flush (board);
  g_assert_cmpfloat_with_epsilon (whale_gex_board_get_levels (board)->flip, 102.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (series, WhaleGexPoint, 0).flip, 102.25, 1e-9);

  /* A late burst of an older time moves the levels, but not the newer point. */
  add_row (board, decoder, 500, 102.5, 101, 9, -2);
  add_row (board, decoder, 500, 102.5, 102, -9, -2);
  whale_gex_board_flush (board);
  g_assert_cmpfloat (fabs (whale_gex_board_get_levels (board)->flip - 102.25), >, 0.01);
  g_assert_cmpfloat_with_epsilon (g_array_index (series, WhaleGexPoint, 0).flip, 102.25, 1e-9);
}

static void
add_update (WhaleGexBoard     *board,
            WhaleFrameDecoder *decoder,
            gint64             timestamp,
            double             price)
{
  g_autofree char *frame =
    g_strdup_printf ("[\"gex:SPY\",{\"ticker\":\"SPY\",\"timestamp\":%" G_GINT64_FORMAT ","
                     "\"price\":\"%g\",\"gamma_per_one_percent_move_oi\":\"4\"}]",
                     timestamp, price);
  g_autoptr(WhaleRecord) update = decode (decoder, WHALE_RECORD_GEX, frame);

  whale_gex_board_add (board, update);
}

/* The simulator stamps an aggregate update 40 ms before its burst of strike rows, and UW
 * does not say it won't: the update's point then kept the previous burst's flip and
 * price, and the chart's last flip and price disagreed with the cards above it. */
static void
test_series_update_before_burst (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(WhaleGexBoard) board = whale_gex_board_new ("SPY");
  GArray *series = whale_gex_board_get_series (board);

  add_update (board, decoder, 960, 102.4);
  add_flip_burst (board, decoder);
  whale_gex_board_flush (board);
  g_assert_cmpuint (series->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (series, WhaleGexPoint, 0).flip, 102.25, 1e-9);
  g_assert_cmpfloat (g_array_index (series, WhaleGexPoint, 0).spot, ==, 102.5);

  /* The next tick: strike 101's net goes from -1 to -2 (running -3, -5, -2, 2, 3), so
   * the flip moves to 102.5. The new point takes it; the first keeps its own. */
  add_update (board, decoder, 1960, 102.55);
  g_assert_cmpfloat_with_epsilon (g_array_index (series, WhaleGexPoint, 1).flip, 102.25, 1e-9);
  add_row (board, decoder, 2000, 102.6, 101, 1, -3);
  whale_gex_board_flush (board);
  g_assert_cmpfloat_with_epsilon (whale_gex_board_get_levels (board)->flip, 102.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (series, WhaleGexPoint, 1).flip, 102.5, 1e-9);
  g_assert_cmpfloat (g_array_index (series, WhaleGexPoint, 1).spot, ==,
                     whale_gex_board_get_spot (board));
  g_assert_cmpfloat_with_epsilon (g_array_index (series, WhaleGexPoint, 0).flip, 102.25, 1e-9);
  g_assert_cmpfloat (g_array_index (series, WhaleGexPoint, 0).spot, ==, 102.5);

  /* Only the burst's own moment pairs with it. An update seconds before a burst, and
   * the earlier of two updates between bursts, keep their own price and flip. */
  add_update (board, decoder, 5000, 102.7);
  add_update (board, decoder, 9990, 102.8);
  add_row (board, decoder, 10000, 102.9, 101, 1, -2);   /* back to flip 102.25 */
  whale_gex_board_flush (board);
  g_assert_cmpuint (series->len, ==, 4);
  g_assert_cmpfloat_with_epsilon (g_array_index (series, WhaleGexPoint, 2).flip, 102.5, 1e-9);
  g_assert_cmpfloat (g_array_index (series, WhaleGexPoint, 2).spot, ==, 102.7);
  g_assert_cmpfloat_with_epsilon (g_array_index (series, WhaleGexPoint, 3).flip, 102.25, 1e-9);
  g_assert_cmpfloat (g_array_index (series, WhaleGexPoint, 3).spot, ==, 102.9);

  /* The same burst completed again (more of its rows after a quiet moment) refreshes
   * its moment's point. */
  add_row (board, decoder, 10000, 103.0, 101, 1, -3);   /* flip 102.5 again */
  whale_gex_board_flush (board);
  g_assert_cmpfloat_with_epsilon (g_array_index (series, WhaleGexPoint, 3).flip, 102.5, 1e-9);
  g_assert_cmpfloat (g_array_index (series, WhaleGexPoint, 3).spot, ==, 103.0);

  /* A series taken up by a new board (the ticker watched again) keeps its points: the
   * new board's first burst is not theirs. */
  {
    g_autoptr(WhaleGexBoard) again = whale_gex_board_new ("SPY");
    g_autoptr(GArray) kept = g_array_copy (series);
    GArray *resumed;

    whale_gex_board_resume_series (again, kept);
    add_update (again, decoder, 20960, 104.0);
    add_flip_burst (again, decoder);
    add_row (again, decoder, 21000, 104.1, 100, 1, -4);
    whale_gex_board_flush (again);
    resumed = whale_gex_board_get_series (again);
    g_assert_cmpuint (resumed->len, ==, 5);
    for (guint i = 0; i < 4; i++)
      {
        g_assert_cmpfloat (g_array_index (resumed, WhaleGexPoint, i).spot, ==,
                           g_array_index (series, WhaleGexPoint, i).spot);
        g_assert_cmpfloat (g_array_index (resumed, WhaleGexPoint, i).flip, ==,
                           g_array_index (series, WhaleGexPoint, i).flip);
      }
    g_assert_cmpfloat (g_array_index (resumed, WhaleGexPoint, 4).spot, ==, 104.1);
  }
}

static void
test_aggregate_and_series (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(WhaleGexBoard) board = whale_gex_board_new ("SPY");
  g_autoptr(WhaleRecord) update =
    decode (decoder, WHALE_RECORD_GEX,
            "[\"gex:SPY\",{\"ticker\":\"SPY\",\"timestamp\":1767799940941,\"price\":\"593.06\","
            "\"gamma_per_one_percent_move_oi\":\"-6930000000.5\","
            "\"gamma_per_one_percent_move_vol\":\"120000000\","
            "\"gamma_per_one_percent_move_dir\":\"\"}]");
  GArray *series;

  whale_gex_board_add (board, update);
  g_assert_cmpfloat (whale_gex_board_get_net_gamma (board, WHALE_GEX_WEIGHT_OI), ==,
                     -6930000000.5);
  g_assert_true (isnan (whale_gex_board_get_net_gamma (board, WHALE_GEX_WEIGHT_DIR)));
  g_assert_cmpint (whale_gex_board_get_regime (board), ==, -1);
  g_assert_cmpint (whale_gex_board_get_updated (board), ==, 1767799940941);
  g_assert_cmpfloat (whale_gex_board_get_spot (board), ==, 593.06);

  series = whale_gex_board_get_series (board);
  g_assert_cmpuint (series->len, ==, 1);
  g_assert_cmpfloat (g_array_index (series, WhaleGexPoint, 0).spot, ==, 593.06);

  for (guint i = 0; i < WHALE_GEX_BOARD_MAX_POINTS + 10; i++)
    whale_gex_board_add (board, update);
  g_assert_cmpuint (series->len, <=, WHALE_GEX_BOARD_MAX_POINTS);

  whale_gex_board_clear (board);
  g_assert_cmpuint (series->len, ==, 0);
  g_assert_cmpint (whale_gex_board_get_regime (board), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/gex-board/bursts-and-levels", test_bursts_and_levels);
  g_test_add_func ("/core/gex-board/aggregate-and-series", test_aggregate_and_series);
  g_test_add_func ("/core/gex-board/series-flip", test_series_flip);
  g_test_add_func ("/core/gex-board/series-update-before-burst", test_series_update_before_burst);
  return g_test_run ();
}
