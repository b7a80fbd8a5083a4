/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-soak"

#include "config.h"

#include <math.h>

#include "whale-application.h"
#include "whale-feed.h"
#include "whale-test-ui-util.h"
#include "whale-window.h"

/* The soak of test-soak through the whole app: the real window in demo mode, the Flow
 * page shown and sorted by premium as a trader would keep it, and a million flow alerts
 * from the demo server through the stream, the feeds and the sorted page. Memory must
 * level off, every frame must be counted, and the window must keep drawing.
 *
 * The alerts come at a steady WHALE_SOAK_RATE a second (default 10 000, about twice the
 * option prints of a busy open), not at rate 0: libsoup 3.2 reads and dispatches frames in one
 * loop for as long as bytes keep arriving, so a sender faster than the client holds the
 * main loop until it pauses (no flush, no paint), and the page would see none of it.
 * WHALE_SOAK_FRAMES overrides the count (default 1 000 000), as for test-soak. */

#define WARMUP_FRAMES 100000


static WhaleFlowPage *
flow_page (void)
{
  return whale_window_get_flow_page (window);
}

static GListModel *
flow_shown (void)
{
  return whale_feed_page_get_shown (whale_flow_page_get_feed_page (flow_page ()));
}

/* Sums the records of every channel the stream holds. */
static guint64
channel_records (void)
{
  GListModel *channels = whale_stream_get_channels (stream ());
  guint64 n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (channels); i++)
    {
      g_autoptr(WhaleChannelState) state = g_list_model_get_item (channels, i);

      n += whale_channel_state_get_records (state);
    }
  return n;
}

typedef struct
{
  guint64 n_paints;
  guint64 n_changes;
  gint64  last_tick_us;
  gint64  longest_gap_us;
} Liveness;

static void
after_paint_cb (GdkFrameClock *clock,
                Liveness      *liveness)
{
  liveness->n_paints++;
}

static void
shown_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Liveness   *liveness)
{
  liveness->n_changes++;
}

/* A 10 ms timeout at the stream's own priority: the longest gap between its runs is the
 * longest the main loop went without coming round. */
static gboolean
loop_tick_cb (gpointer user_data)
{
  Liveness *liveness = user_data;
  gint64 now = g_get_monotonic_time ();

  if (liveness->last_tick_us != 0)
    liveness->longest_gap_us = MAX (liveness->longest_gap_us, now - liveness->last_tick_us);
  liveness->last_tick_us = now;
  return G_SOURCE_CONTINUE;
}

static guint64
env_count (const char *name,
           guint64     fallback)
{
  const char *text = g_getenv (name);

  return text != NULL && text[0] != '\0' ? g_ascii_strtoull (text, NULL, 10) : fallback;
}

static void
test_million_frames (void)
{
  guint64 n_frames = env_count ("WHALE_SOAK_FRAMES", 1000000);
  guint64 rate = env_count ("WHALE_SOAK_RATE", 10000);
  GtkColumnView *view = whale_flow_page_get_column_view (flow_page ());
  WhaleFeed *flow = whale_session_get_feed (session (), "flow-alerts");
  WhaleChannelState *flow_state;
  WhaleSimulator *simulator;
  GdkFrameClock *clock;
  Liveness liveness = { 0 };
  guint64 base_records, base_flow, base_received, n_flow;
  guint64 paints_warm, changes_warm;
  gsize rss_warm, rss_end;
  gint64 start, warm_at, end;
  double flood_s;
  gulong paint_handler, changed_handler;
  guint loop_tick;

  g_assert_cmpuint (n_frames, >, WARMUP_FRAMES);
  g_assert_cmpuint (rate, >, 0);

  /* Demo mode, the Flow page filling at the demo's own pace. */
  WHALE_WAIT_UNTIL (whale_session_get_started (session ()), 10000);
  g_assert_true (whale_session_get_demo (session ()));
  simulator = whale_session_get_simulator (session ());
  g_assert_nonnull (simulator);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (whale_window_get_view_stack (window)),
                   ==, "flow");
  WHALE_WAIT_UNTIL (whale_test_joined (session (), "flow-alerts")
                    && g_list_model_get_n_items (flow_shown ()) >= 3, 20000);
  flow_state = whale_session_get_channel_state (session (), "flow-alerts");
  g_assert_nonnull (flow_state);

  /* Sorted by premium, largest first, as a trader watches for size. */
  whale_flow_page_sort_largest_first (whale_window_get_flow_page (window),
                                      whale_test_find_column (view, "Premium"));
  g_assert_true (whale_test_sorted_by_premium_descending (flow_shown ()));

  /* One connection from here to the server's normal close after the last frame. */
  whale_stream_set_reconnect (stream (), FALSE);

  /* Once everything sent so far has arrived, the next n_frames data frames are the soak:
   * the server closes normally after them. The demo's gamma rows keep their own slow
   * pace, so a few of the n_frames are theirs. */
  WHALE_WAIT_UNTIL (whale_stream_get_n_frames (stream ())
                    == whale_simulator_get_n_frames_sent (simulator), 10000);
  g_assert_cmpuint (whale_stream_get_n_connects (stream ()), ==, 1);
  g_assert_cmpuint (whale_stream_get_n_errors (stream ()), ==, 0);
  g_assert_cmpuint (whale_stream_get_n_unexpected (stream ()), ==, 0);
  base_records = whale_stream_get_n_records (stream ());
  g_assert_cmpuint (base_records, ==, whale_stream_get_n_frames (stream ())
                                      - whale_stream_get_n_acks (stream ()));
  g_assert_cmpuint (channel_records (), ==, base_records);
  base_flow = whale_channel_state_get_records (flow_state);
  base_received = whale_feed_get_n_received (flow);
  whale_simulator_set_frame_limit (simulator, base_records + n_frames);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_assert_nonnull (clock);
  paint_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &liveness);
  changed_handler = g_signal_connect (flow_shown (), "items-changed",
                                      G_CALLBACK (shown_changed_cb), &liveness);
  loop_tick = g_timeout_add (10, loop_tick_cb, &liveness);

  start = g_get_monotonic_time ();
  whale_simulator_set_rate (simulator, rate);
  WHALE_WAIT_UNTIL (whale_stream_get_n_records (stream ()) - base_records >= WARMUP_FRAMES,
                    600000);
  rss_warm = whale_test_rss_bytes ();
  warm_at = g_get_monotonic_time ();
  paints_warm = liveness.n_paints;
  changes_warm = liveness.n_changes;

  WHALE_WAIT_UNTIL (whale_stream_get_state (stream ()) == WHALE_CONNECTION_DISCONNECTED, 3600000);
  end = g_get_monotonic_time ();
  rss_end = whale_test_rss_bytes ();
  g_source_remove (loop_tick);
  g_signal_handler_disconnect (flow_shown (), changed_handler);
  g_signal_handler_disconnect (clock, paint_handler);

  n_flow = whale_channel_state_get_records (flow_state) - base_flow;
  flood_s = (end - warm_at) / 1e6;
  g_test_message ("%" G_GUINT64_FORMAT " frames (%" G_GUINT64_FORMAT " flow alerts) at %"
                  G_GUINT64_FORMAT "/s in %.1f s; RSS %zu KiB at %d frames, %zu KiB at the end "
                  "(%+.1f %%); after %d frames: %" G_GUINT64_FORMAT " page updates, %"
                  G_GUINT64_FORMAT " paints (%.1f/s); longest main-loop gap %.0f ms",
                  n_frames, n_flow, rate, (end - start) / 1e6, rss_warm / 1024, WARMUP_FRAMES,
                  rss_end / 1024, 100.0 * ((double) rss_end - rss_warm) / rss_warm,
                  WARMUP_FRAMES, liveness.n_changes - changes_warm,
                  liveness.n_paints - paints_warm, (liveness.n_paints - paints_warm) / flood_s,
                  liveness.longest_gap_us / 1000.0);

  /* Every frame counted: the server's count is the stream's, each data frame a record on
   * its channel, every flow alert in the feed, nothing dropped as an error. */
  g_assert_cmpuint (whale_stream_get_close_code (stream ()), ==, 1000);
  g_assert_cmpuint (whale_stream_get_n_connects (stream ()), ==, 1);
  g_assert_cmpuint (whale_stream_get_n_frames (stream ()), ==,
                    whale_simulator_get_n_frames_sent (simulator));
  g_assert_cmpuint (whale_stream_get_n_records (stream ()) - base_records, ==, n_frames);
  g_assert_cmpuint (channel_records () - base_records, ==, n_frames);
  g_assert_cmpuint (whale_stream_get_n_errors (stream ()), ==, 0);
  g_assert_cmpuint (whale_stream_get_n_unexpected (stream ()), ==, 0);
  g_assert_cmpuint (n_flow, >=, n_frames - n_frames / 10);
  g_assert_cmpuint (whale_feed_get_n_received (flow) - base_received, ==, n_flow);

  /* Memory levelled off. */
  g_assert_cmpuint (rss_end, <=, rss_warm + rss_warm / 10);

  /* The page took the alerts in as they came (a sorted page applies them every 250 ms)
   * and the window drew them: never a frozen window for long. */
  g_assert_cmpfloat (liveness.n_changes - changes_warm, >=, flood_s);
  g_assert_cmpfloat (liveness.n_paints - paints_warm, >=, flood_s / 2);
  g_assert_cmpint (liveness.longest_gap_us, <, 5 * G_USEC_PER_SEC);

  /* And it still shows a full page, sorted, with rows on screen. */
  WHALE_WAIT_UNTIL (g_list_model_get_n_items (flow_shown ()) == whale_feed_get_capacity (flow),
                    5000);
  g_assert_true (whale_test_sorted_by_premium_descending (flow_shown ()));
  WHALE_WAIT_UNTIL (whale_test_count_mapped_rows (GTK_WIDGET (whale_flow_page_get_list_view (flow_page ())), NULL) >= 10,
                    5000);

  /* Unsorted again before the window goes: destroying a column view that is sorted by
   * a column calls the feed page back after its scroller is gone (a critical in
   * whale-feed-page.c's shown_changed_cb during dispose). */
  gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
}

/* GTest prints every debug message, and libsoup logs several per frame: millions of
 * lines that would slow the soak down and bury its result. The app itself drops them
 * unless G_MESSAGES_DEBUG asks for them, and so does this test. */
static GLogFunc test_log_handler;

static void
drop_debug_handler (const char     *log_domain,
                    GLogLevelFlags  log_level,
                    const char     *message,
                    gpointer        user_data)
{
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return;
  test_log_handler (log_domain, log_level, message, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("G_MESSAGES_DEBUG") == NULL)
    test_log_handler = g_log_set_default_handler (drop_debug_handler, NULL);

  app = whale_application_new ();
  window = whale_test_ui_start (app, 1400, 800);

  g_test_add_func ("/ui/soak/million-frames", test_million_frames);

  status = g_test_run ();

  whale_test_ui_stop (&app, window);
  return status;
}
