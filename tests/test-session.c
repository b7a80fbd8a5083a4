/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-session"

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "whale-session.h"
#include "whale-test-util.h"

typedef struct
{
  GSettings    *settings;
  WhaleSession *session;
} Fixture;

static guint
n_items (WhaleSession *session,
         const char   *id)
{
  return g_list_model_get_n_items (G_LIST_MODEL (whale_session_get_feed (session, id)));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  fixture->settings = g_settings_new_with_backend (APP_ID, backend);
  fixture->session = whale_session_new (fixture->settings);
  whale_session_start_with_token (fixture->session, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  whale_session_stop (fixture->session);
  g_assert_finalize_object (fixture->session);
  g_clear_object (&fixture->settings);
}

static void
test_starts_in_demo (Fixture       *fixture,
                     gconstpointer  data)
{
  WhaleSession *session = fixture->session;
  WhaleStream *stream = whale_session_get_stream (session);

  g_assert_true (whale_session_get_started (session));
  g_assert_true (whale_session_get_demo (session));
  g_assert_nonnull (whale_session_get_simulator (session));
  g_assert_false (whale_stream_has_token (stream));

  WHALE_WAIT_UNTIL (whale_stream_get_state (stream) == WHALE_CONNECTION_CONNECTED, 5000);
  WHALE_WAIT_UNTIL (n_items (session, "flow-alerts") >= 3, 10000);
  WHALE_WAIT_UNTIL (whale_test_joined (session, "flow-alerts")
                    && whale_test_joined (session, "gex:SPY")
                    && whale_test_joined (session, "gex_strike:SPY"), 5000);

  /* Experimental feeds are off by default: neither joined nor polled. */
  g_assert_false (whale_test_joined (session, "off_lit_trades"));
  g_assert_null (whale_stream_lookup (stream, "off_lit_trades"));
  g_assert_null (whale_session_get_channel_state (session, "dark-pool"));
  g_assert_null (whale_session_get_channel_state (session, "market-movers"));
  g_assert_null (whale_session_get_channel_state (session, "congress-trades"));
  g_assert_cmpuint (whale_simulator_get_n_rest_requests (whale_session_get_simulator (session)), ==, 0);
}

static void
count_cb (WhaleSession *session,
          const char   *id,
          GPtrArray    *ids)
{
  g_ptr_array_add (ids, g_strdup (id));
}

static void
test_experimental_toggle (Fixture       *fixture,
                          gconstpointer  data)
{
  WhaleSession *session = fixture->session;
  WhaleStream *stream = whale_session_get_stream (session);
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (session, "channels-changed", G_CALLBACK (count_cb), changed);
  WHALE_WAIT_UNTIL (whale_test_joined (session, "flow-alerts"), 5000);

  g_settings_set_boolean (fixture->settings, "show-experimental-feeds", TRUE);
  g_assert_nonnull (whale_stream_lookup (stream, "off_lit_trades"));
  g_assert_nonnull (whale_session_get_channel_state (session, "dark-pool"));
  g_assert_nonnull (whale_session_get_channel_state (session, "market-movers"));
  g_assert_nonnull (whale_session_get_channel_state (session, "congress-trades"));
  g_assert_cmpuint (changed->len, ==, 3);
  WHALE_WAIT_UNTIL (whale_test_joined (session, "off_lit_trades"), 5000);
  WHALE_WAIT_UNTIL (whale_channel_state_get_status (whale_session_get_channel_state (session, "dark-pool"))
                    == WHALE_CHANNEL_JOINED, 5000);
  /* The REST rows poll right away, and their feeds fill. */
  WHALE_WAIT_UNTIL (n_items (session, "market-movers") > 0 && n_items (session, "congress-trades") > 0,
                    10000);
  WHALE_WAIT_UNTIL (n_items (session, "dark-pool") > 0, 10000);

  g_settings_set_boolean (fixture->settings, "show-experimental-feeds", FALSE);
  g_assert_null (whale_stream_lookup (stream, "off_lit_trades"));
  g_assert_null (whale_session_get_channel_state (session, "dark-pool"));
  g_assert_null (whale_session_get_channel_state (session, "market-movers"));
  g_assert_null (whale_session_get_channel_state (session, "congress-trades"));
  g_assert_cmpuint (changed->len, ==, 6);
  WHALE_WAIT_UNTIL (!whale_test_joined (session, "off_lit_trades"), 5000);
  /* The verified ones stay. */
  g_assert_true (whale_test_joined (session, "flow-alerts"));
}

static void
test_dark_pool_channel (Fixture       *fixture,
                        gconstpointer  data)
{
  WhaleSession *session = fixture->session;
  WhaleStream *stream = whale_session_get_stream (session);
  WhaleChannelState *state;

  g_settings_set_boolean (fixture->settings, "show-experimental-feeds", TRUE);
  WHALE_WAIT_UNTIL (whale_test_joined (session, "off_lit_trades"), 5000);

  /* A name the server does not know: subscribed, then reported as not confirmed. */
  g_settings_set_string (fixture->settings, "dark-pool-channel", "dark_pool_guess");
  g_assert_null (whale_stream_lookup (stream, "off_lit_trades"));
  state = whale_stream_lookup (stream, "dark_pool_guess");
  g_assert_nonnull (state);
  g_assert_true (state == whale_session_get_channel_state (session, "dark-pool"));
  WHALE_WAIT_UNTIL (whale_channel_state_get_status (state) == WHALE_CHANNEL_NOT_CONFIRMED, 8000);
  WHALE_WAIT_UNTIL (!whale_test_joined (session, "off_lit_trades"), 5000);

  /* Changing the name while the feeds are off only takes effect when they come on. */
  g_settings_set_boolean (fixture->settings, "show-experimental-feeds", FALSE);
  g_settings_set_string (fixture->settings, "dark-pool-channel", "off_lit_trades");
  g_assert_null (whale_stream_lookup (stream, "off_lit_trades"));
  g_settings_set_boolean (fixture->settings, "show-experimental-feeds", TRUE);
  WHALE_WAIT_UNTIL (whale_test_joined (session, "off_lit_trades"), 5000);
}

static gboolean
feed_all_ticker (WhaleFeed  *feed,
                 const char *ticker)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (feed));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WhaleRecord) record = g_list_model_get_item (G_LIST_MODEL (feed), i);

      if (g_strcmp0 (whale_record_get_ticker (record), ticker) != 0)
        return FALSE;
    }
  return n > 0;
}

static void
test_gex_ticker (Fixture       *fixture,
                 gconstpointer  data)
{
  WhaleSession *session = fixture->session;
  WhaleStream *stream = whale_session_get_stream (session);
  WhaleFeed *gex = whale_session_get_feed (session, "gex");

  WHALE_WAIT_UNTIL (feed_all_ticker (gex, "SPY"), 15000);

  g_settings_set_string (fixture->settings, "gex-ticker", "QQQ");
  g_assert_null (whale_stream_lookup (stream, "gex:SPY"));
  g_assert_null (whale_stream_lookup (stream, "gex_strike:SPY"));
  g_assert_nonnull (whale_stream_lookup (stream, "gex:QQQ"));
  g_assert_nonnull (whale_stream_lookup (stream, "gex_strike:QQQ"));
  /* The old ticker's rows are gone at once. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gex)), ==, 0);

  WHALE_WAIT_UNTIL (whale_test_joined (session, "gex:QQQ")
                    && !whale_test_joined (session, "gex:SPY"), 5000);
  WHALE_WAIT_UNTIL (feed_all_ticker (gex, "QQQ"), 15000);
  g_assert_true (feed_all_ticker (whale_session_get_feed (session, "gex-strike"), "QQQ")
                 || g_list_model_get_n_items (G_LIST_MODEL (whale_session_get_feed (session, "gex-strike"))) == 0);

  /* Back to SPY: its session chart goes on where it stopped (it used to start again
   * from nothing), and the first new point says that the time between was not watched. */
  {
    g_autoptr(WhaleGexBoard) qqq = g_object_ref (whale_session_get_gex_board (session));
    WhaleGexBoard *board;
    GArray *series;
    guint n_before;

    g_settings_set_string (fixture->settings, "gex-ticker", "SPY");
    board = whale_session_get_gex_board (session);
    g_assert_true (board != qqq);
    g_assert_cmpstr (whale_gex_board_get_ticker (board), ==, "SPY");
    series = whale_gex_board_get_series (board);
    n_before = series->len;
    g_assert_cmpuint (n_before, >, 0);
    for (guint i = 0; i < n_before; i++)
      g_assert_false (g_array_index (series, WhaleGexPoint, i).resumed);
    /* The levels are this board's own, none yet. */
    g_assert_cmpuint (whale_gex_board_get_levels (board)->n_strikes, ==, 0);
    WHALE_WAIT_UNTIL (whale_gex_board_get_series (board)->len > n_before, 15000);
    series = whale_gex_board_get_series (board);
    g_assert_true (g_array_index (series, WhaleGexPoint, n_before).resumed);
    g_assert_cmpint (g_array_index (series, WhaleGexPoint, n_before).time_ms, >,
                     g_array_index (series, WhaleGexPoint, n_before - 1).time_ms);
  }
}

static void
test_max_rows (Fixture       *fixture,
               gconstpointer  data)
{
  WhaleSession *session = fixture->session;

  g_assert_cmpuint (whale_feed_get_capacity (whale_session_get_feed (session, "flow-alerts")), ==, 20000);
  g_settings_set_uint (fixture->settings, "max-rows", 150);
  g_assert_cmpuint (whale_feed_get_capacity (whale_session_get_feed (session, "flow-alerts")), ==, 150);
  g_assert_cmpuint (whale_feed_get_capacity (whale_session_get_feed (session, "congress-trades")), ==, 150);
}

static void
test_token_switch (Fixture       *fixture,
                   gconstpointer  data)
{
  WhaleSession *session = fixture->session;
  WhaleStream *stream = whale_session_get_stream (session);
  g_autoptr(WhaleSimulator) server = whale_simulator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *rest_url = NULL;
  g_autofree char *display = NULL;

  /* A "live" server that wants one token. */
  whale_simulator_set_token (server, "s3cret-token");
  whale_simulator_set_rate (server, 50);
  g_assert_true (whale_simulator_start (server, &error));
  g_assert_no_error (error);
  url = whale_simulator_dup_url (server);
  rest_url = whale_simulator_dup_rest_url (server);
  g_settings_set_string (fixture->settings, "server-url", url);
  g_settings_set_string (fixture->settings, "rest-url", rest_url);

  /* In demo mode the URL settings do not matter. */
  WHALE_WAIT_UNTIL (whale_stream_get_state (stream) == WHALE_CONNECTION_CONNECTED, 5000);
  g_assert_cmpuint (whale_simulator_get_n_connections (server), ==, 0);
  WHALE_WAIT_UNTIL (n_items (session, "flow-alerts") > 0 && n_items (session, "gex") > 0
                    && whale_gex_board_get_n_strikes (whale_session_get_gex_board (session)) > 0,
                    10000);
  whale_feed_set_paused (whale_session_get_feed (session, "flow-alerts"), TRUE);

  /* Going live, the demo's rows and gamma go: they would read as live data. */
  whale_session_set_token (session, "wrong-token");
  g_assert_false (whale_session_get_demo (session));
  g_assert_null (whale_session_get_simulator (session));
  g_assert_cmpuint (n_items (session, "flow-alerts"), ==, 0);
  g_assert_cmpuint (n_items (session, "gex"), ==, 0);
  g_assert_cmpuint (whale_gex_board_get_n_strikes (whale_session_get_gex_board (session)), ==, 0);
  g_assert_cmpint (whale_gex_board_get_updated (whale_session_get_gex_board (session)), ==, 0);
  /* Nor does a pause outlive the rows it froze. */
  g_assert_false (whale_feed_get_paused (whale_session_get_feed (session, "flow-alerts")));
  WHALE_WAIT_UNTIL (whale_stream_get_state (stream) == WHALE_CONNECTION_REJECTED, 5000);
  /* No late demo frame came in after the switch. */
  g_assert_cmpuint (n_items (session, "flow-alerts"), ==, 0);

  whale_session_set_token (session, "s3cret-token");
  WHALE_WAIT_UNTIL (whale_stream_get_state (stream) == WHALE_CONNECTION_CONNECTED, 5000);
  WHALE_WAIT_UNTIL (n_items (session, "flow-alerts") > 0, 5000);
  g_assert_cmpuint (whale_simulator_get_n_clients (server), ==, 1);
  display = whale_stream_dup_display_url (stream);
  g_assert_null (strstr (display, "s3cret"));

  /* Cleared: back to demo, on a fresh simulator, without the live rows. */
  whale_session_set_token (session, NULL);
  g_assert_true (whale_session_get_demo (session));
  g_assert_nonnull (whale_session_get_simulator (session));
  g_assert_cmpuint (n_items (session, "flow-alerts"), ==, 0);
  WHALE_WAIT_UNTIL (whale_simulator_get_n_clients (server) == 0, 5000);
  WHALE_WAIT_UNTIL (whale_test_joined (session, "flow-alerts"), 5000);

  whale_simulator_stop (server);
}

static void
notified_cb (guint *count)
{
  (*count)++;
}

/* A token saved while the start's lookup still ran (an unlock prompt held it up) is the
 * newer word: the lookup's failure must not take the session back to demo. */
static void
test_token_before_lookup (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
  g_autoptr(WhaleSimulator) server = whale_simulator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  WhaleSession *session;

  g_assert_true (whale_simulator_start (server, &error));
  url = whale_simulator_dup_url (server);
  g_settings_set_string (settings, "server-url", url);
  session = whale_session_new (settings);
  whale_session_start (session);
  whale_session_set_token (session, "saved-meanwhile");
  g_assert_false (whale_session_get_demo (session));
  WHALE_SPIN_FOR (1000);  /* the lookup fails meanwhile: no bus (see main()) */
  g_assert_false (whale_session_get_demo (session));
  g_assert_null (whale_session_get_keyring_error (session));

  whale_session_stop (session);
  g_assert_finalize_object (session);
  whale_simulator_stop (server);
}

/* No Secret Service in reach (see main()): the session runs on demo data and says the
 * keyring could not be read, which is not the same as it holding no token. */
static void
test_keyring_unreadable (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
  WhaleSession *session = whale_session_new (settings);

  guint notified = 0;

  g_signal_connect_swapped (session, "notify::keyring-error", G_CALLBACK (notified_cb),
                            &notified);
  whale_session_start (session);
  WHALE_WAIT_UNTIL (whale_session_get_started (session), 10000);
  g_assert_true (whale_session_get_demo (session));
  g_assert_nonnull (whale_session_get_keyring_error (session));
  g_assert_true (strstr (whale_session_get_keyring_error (session), "keyring") != NULL);
  g_assert_cmpuint (notified, ==, 1);

  /* Preferences stored a token (or removed it) after all: readable, and said so. */
  whale_session_set_token (session, NULL);
  g_assert_null (whale_session_get_keyring_error (session));
  g_assert_cmpuint (notified, ==, 2);

  whale_session_stop (session);
  g_assert_finalize_object (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Only the keyring test looks the token up; the others start with a known one. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/whalewatch-test-bus", TRUE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/core/session/starts-in-demo", test_starts_in_demo);
  ADD ("/core/session/experimental-toggle", test_experimental_toggle);
  ADD ("/core/session/dark-pool-channel", test_dark_pool_channel);
  ADD ("/core/session/gex-ticker", test_gex_ticker);
  ADD ("/core/session/max-rows", test_max_rows);
  ADD ("/core/session/token-switch", test_token_switch);
  g_test_add_func ("/core/session/keyring-unreadable", test_keyring_unreadable);
  g_test_add_func ("/core/session/token-before-lookup", test_token_before_lookup);
#undef ADD

  return g_test_run ();
}
