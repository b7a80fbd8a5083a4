/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "whale-channel.h"
#include "whale-flow-alert.h"
#include "whale-simulator.h"
#include "whale-stream.h"
#include "whale-test-util.h"

/* A day's worth of frames and more, as fast as the simulator sends them, through the
 * stream into bounded feeds: memory must level off, not grow with the frame count.
 * WHALE_SOAK_FRAMES overrides the count (default 1 000 000). */

#define WARMUP_FRAMES 100000

static void
record_cb (WhaleStream       *stream,
           WhaleChannelState *state,
           WhaleRecord       *record,
           guint64           *n_seen)
{
  (*n_seen)++;
}

static void
second_feed_cb (WhaleStream       *stream,
                WhaleChannelState *state,
                WhaleRecord       *record,
                WhaleFeed         *feed)
{
  whale_feed_append (feed, record);
}

static void
test_million_frames (void)
{
  const char *override = g_getenv ("WHALE_SOAK_FRAMES");
  guint64 n_frames = override != NULL ? g_ascii_strtoull (override, NULL, 10) : 1000000;
  g_autoptr(WhaleSimulator) simulator = whale_simulator_new ();
  g_autoptr(WhaleStream) stream = NULL;
  g_autoptr(WhaleFeed) flow = whale_feed_new (WHALE_TYPE_FLOW_ALERT, 1000);
  g_autoptr(WhaleFeed) second = whale_feed_new (WHALE_TYPE_FLOW_ALERT, 5000);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  WhaleChannelState *state;
  guint64 n_seen = 0;
  gsize rss_warm, rss_end;
  gint64 start;

  g_assert_cmpuint (n_frames, >, WARMUP_FRAMES);
  whale_simulator_set_rate (simulator, 0);
  whale_simulator_set_frame_limit (simulator, n_frames);
  g_assert_true (whale_simulator_start (simulator, &error));
  g_assert_no_error (error);
  url = whale_simulator_dup_url (simulator);

  stream = g_object_new (WHALE_TYPE_STREAM, "url", url, "reconnect", FALSE, NULL);
  state = whale_stream_subscribe (stream, whale_channel_info_lookup ("flow-alerts"), NULL, NULL,
                                  flow);
  /* A second view of the same records, as a second page would hold. */
  g_signal_connect (stream, "record", G_CALLBACK (second_feed_cb), second);
  g_signal_connect (stream, "record", G_CALLBACK (record_cb), &n_seen);

  start = g_get_monotonic_time ();
  whale_stream_start (stream);
  WHALE_WAIT_UNTIL (whale_channel_state_get_records (state) >= WARMUP_FRAMES, 120000);
  rss_warm = whale_test_rss_bytes ();

  /* The simulator closes normally after exactly n_frames data frames. */
  WHALE_WAIT_UNTIL (whale_stream_get_state (stream) == WHALE_CONNECTION_DISCONNECTED, 600000);
  rss_end = whale_test_rss_bytes ();

  g_test_message ("%" G_GUINT64_FORMAT " frames in %.1f s; RSS %zu KiB at %d frames, "
                  "%zu KiB at the end",
                  n_frames, (g_get_monotonic_time () - start) / 1e6, rss_warm / 1024,
                  WARMUP_FRAMES, rss_end / 1024);
  g_assert_cmpuint (whale_stream_get_close_code (stream), ==, 1000);
  g_assert_cmpuint (whale_channel_state_get_records (state), ==, n_frames);
  g_assert_cmpuint (n_seen, ==, n_frames);
  g_assert_cmpuint (whale_stream_get_n_errors (stream), ==, 0);
  g_assert_cmpuint (whale_feed_get_n_received (flow), ==, n_frames);
  WHALE_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (flow)) == 1000
                    && g_list_model_get_n_items (G_LIST_MODEL (second)) == 5000, 5000);
  g_assert_cmpuint (rss_end, <=, rss_warm + rss_warm / 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/soak/million-frames", test_million_frames);
  return g_test_run ();
}
