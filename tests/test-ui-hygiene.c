/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-hygiene"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "whale-application.h"
#include "whale-preferences.h"
#include "whale-test-ui-util.h"
#include "whale-token.h"
#include "whale-window.h"

/* Token hygiene for the app, as test-hygiene does it for the CLI: the real app, its
 * token in the keyring, G_MESSAGES_DEBUG=all and settings in a keyfile on disk, driven
 * through connect, reconnect, a rejected token and error paths against loopback
 * simulators. The app runs in a child process so that everything it writes to stdout
 * and stderr is caught; the child checks every text its windows show, the parent the
 * output and every file the settings backend wrote. The app records nothing. */

#define GOOD_TOKEN  "ui-hygiene-good-6c0e9a4f17"
#define OTHER_TOKEN "ui-hygiene-other-d25b83e0c9"

static const char *secrets[] = { GOOD_TOKEN, OTHER_TOKEN };

/* ---- the child: the app ------------------------------------------------ */


static gboolean
has_secret (const char *text)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    if (strstr (text, secrets[i]) != NULL)
      return TRUE;
  return FALSE;
}

static void
add_text (GPtrArray  *texts,
          const char *text)
{
  if (text != NULL && text[0] != '\0')
    g_ptr_array_add (texts, g_strdup (text));
}

/* Every text @widget and its descendants can show: labels, inscriptions, the Flow
 * table rows' drawn cells, editable text, tooltips and window titles, hidden ones
 * included (they may be shown later). */
static void
collect_texts (GtkWidget *widget,
               GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget))
    {
      add_text (texts, gtk_label_get_label (GTK_LABEL (widget)));
      add_text (texts, gtk_label_get_text (GTK_LABEL (widget)));
    }
  if (GTK_IS_INSCRIPTION (widget))
    add_text (texts, gtk_inscription_get_text (GTK_INSCRIPTION (widget)));
  if (WHALE_IS_FLOW_ROW (widget))
    for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
      add_text (texts, whale_flow_row_get_cell_text (WHALE_FLOW_ROW (widget), i));
  if (GTK_IS_EDITABLE (widget))
    add_text (texts, gtk_editable_get_text (GTK_EDITABLE (widget)));
  if (GTK_IS_WINDOW (widget))
    add_text (texts, gtk_window_get_title (GTK_WINDOW (widget)));
  add_text (texts, gtk_widget_get_tooltip_text (widget));
  add_text (texts, gtk_widget_get_tooltip_markup (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static void
refresh_pages (void)
{
  static const char *ids[] = { "flow-alerts", "gex", "market-movers", "dark-pool",
                               "congress-trades" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    whale_feed_page_refresh (whale_window_get_feed_page (window, ids[i]));
}

/* Asserts that nothing any window shows holds a token, and that URLs shown carry no
 * query. Returns every text, joined, for the caller to check what was shown. */
static char *
check_shown (const char *phase)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *display_url = whale_stream_dup_display_url (stream ());

  refresh_pages ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      collect_texts (toplevel, texts);
    }
  add_text (texts, whale_stream_get_reason (stream ()));
  add_text (texts, display_url);
  g_assert_cmpuint (texts->len, >, 50);

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      if (has_secret (text))
        g_error ("%s: a window shows the token: %s", phase, text);
      if (strstr (text, "://") != NULL && strstr (text, "token=") != NULL)
        g_error ("%s: a URL shown is not redacted: %s", phase, text);
    }
  g_test_message ("%s: %u texts checked", phase, texts->len);

  g_ptr_array_add (texts, NULL);
  return g_strjoinv ("\n", (char **) texts->pdata);
}

static gboolean
text_contains (const char *text,
               const char *needle)
{
  return text != NULL && strstr (text, needle) != NULL;
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (whale_token_store_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
store_token (const char *token)
{
  gboolean done = FALSE;

  whale_token_store_async (token, NULL, store_cb, &done);
  WHALE_WAIT_UNTIL (done, 10000);
}

static void
point_at (WhaleSimulator *simulator)
{
  g_autofree char *url = whale_simulator_dup_url (simulator);
  g_autofree char *rest_url = whale_simulator_dup_rest_url (simulator);

  g_settings_set_string (settings (), "rest-url", rest_url);
  g_settings_set_string (settings (), "server-url", url);
}

static const char *
entered_token (WhalePreferences *preferences)
{
  return gtk_editable_get_text (whale_preferences_get_token_entry (preferences));
}

static WhalePreferences *
test_connection (void)
{
  WhalePreferences *preferences = WHALE_PREFERENCES (whale_application_show_preferences (app));

  /* An empty entry: the test reads the stored token from the keyring. */
  g_assert_cmpstr (entered_token (preferences), ==, "");
  whale_preferences_test_connection (preferences);
  WHALE_WAIT_UNTIL (whale_preferences_get_test_result (preferences) != NULL, 15000);
  return preferences;
}

static void
run_app (void)
{
  g_autoptr(WhaleSimulator) good = whale_test_start_simulator (GOOD_TOKEN, 20);
  g_autoptr(WhaleSimulator) other = whale_test_start_simulator (OTHER_TOKEN, 20);
  g_autoptr(GSettings) early = g_settings_new (APP_ID);
  g_autoptr(GObject) backend = NULL;
  WhalePreferences *preferences;
  GListModel *flow;
  guint connects;

  g_object_get (early, "backend", &backend, NULL);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (backend), ==, "GKeyfileSettingsBackend");

  /* The token where the app keeps it, the server in the settings, before it starts. */
  store_token (GOOD_TOKEN);
  {
    g_autofree char *url = whale_simulator_dup_url (good);
    g_autofree char *rest_url = whale_simulator_dup_rest_url (good);

    g_settings_set_string (early, "server-url", url);
    g_settings_set_string (early, "rest-url", rest_url);
    /* The REST rows too: their polls carry the token as well. */
    g_settings_set_boolean (early, "show-experimental-feeds", TRUE);
  }

  app = whale_application_new ();
  window = whale_test_ui_start (app, 1400, 800);
  g_object_set (stream (), "backoff-initial", 100, "backoff-max", 500, NULL);

  /* Connect: live with the stored token, joined, polled. */
  WHALE_WAIT_UNTIL (whale_session_get_started (session ()), 10000);
  g_assert_false (whale_session_get_demo (session ()));
  WHALE_WAIT_UNTIL (whale_stream_get_state (stream ()) == WHALE_CONNECTION_CONNECTED
                    && whale_simulator_get_n_clients (good) >= 1, 10000);
  flow = G_LIST_MODEL (whale_session_get_feed (session (), "flow-alerts"));
  WHALE_WAIT_UNTIL (g_list_model_get_n_items (flow) >= 3
                    && whale_simulator_get_n_rest_requests (good) >= 1, 15000);
  g_assert_cmpstr (whale_window_get_connection_text (window), ==, "Live");
  g_free (check_shown ("connected"));

  /* Reconnect after a TCP reset and after a dropped connection. */
  connects = whale_stream_get_n_connects (stream ());
  whale_simulator_reset_connections (good);
  WHALE_WAIT_UNTIL (whale_stream_get_state (stream ()) == WHALE_CONNECTION_RECONNECTING, 10000);
  {
    g_autofree char *shown = check_shown ("reset");

    g_assert_true (text_contains (shown, "The connection dropped"));
  }
  WHALE_WAIT_UNTIL (whale_stream_get_n_connects (stream ()) > connects
                    && whale_stream_get_state (stream ()) == WHALE_CONNECTION_CONNECTED, 15000);
  connects = whale_stream_get_n_connects (stream ());
  whale_simulator_drop_connections (good);
  WHALE_WAIT_UNTIL (whale_stream_get_n_connects (stream ()) > connects
                    && whale_stream_get_state (stream ()) == WHALE_CONNECTION_CONNECTED, 15000);
  g_free (check_shown ("reconnected"));

  /* Rejected: a server that wants another token answers 401, socket and REST. */
  point_at (other);
  WHALE_WAIT_UNTIL (whale_stream_get_state (stream ()) == WHALE_CONNECTION_REJECTED, 10000);
  g_assert_true (text_contains (whale_stream_get_reason (stream ()), "401"));
  WHALE_WAIT_UNTIL (whale_simulator_get_n_rest_requests (other) >= 1, 10000);
  {
    g_autofree char *shown = check_shown ("rejected");

    g_assert_true (text_contains (shown, "Token rejected"));
  }

  /* Errors: nothing listening, then a plain ws:// URL off this machine. */
  g_settings_set_string (settings (), "server-url", "ws://127.0.0.1:1/socket");
  WHALE_WAIT_UNTIL (text_contains (whale_stream_get_reason (stream ()), "Could not connect"),
                    10000);
  {
    g_autofree char *shown = check_shown ("unreachable");

    g_assert_true (text_contains (shown, "Could not connect"));
  }
  preferences = test_connection ();
  g_assert_true (text_contains (whale_preferences_get_test_result (preferences), "Unreachable"));
  g_free (check_shown ("test connection, unreachable"));
  gtk_window_destroy (GTK_WINDOW (preferences));

  g_settings_set_string (settings (), "server-url", "ws://192.0.2.1/socket");
  WHALE_WAIT_UNTIL (whale_stream_get_state (stream ()) == WHALE_CONNECTION_DISCONNECTED, 10000);
  {
    g_autofree char *shown = check_shown ("refused");

    g_assert_true (text_contains (shown, "Refusing ws:// to 192.0.2.1"));
  }

  /* Back to the right server: live again, and the connection test joins. */
  point_at (good);
  WHALE_WAIT_UNTIL (whale_stream_get_state (stream ()) == WHALE_CONNECTION_CONNECTED, 10000);
  preferences = test_connection ();
  g_assert_true (text_contains (whale_preferences_get_test_result (preferences), "Joined"));
  g_free (check_shown ("live again"));

  /* The token saved again from Preferences (Enter in its row), as a user pastes it. */
  connects = whale_stream_get_n_connects (stream ());
  gtk_editable_set_text (whale_preferences_get_token_entry (preferences), GOOD_TOKEN);
  g_signal_emit_by_name (whale_preferences_get_token_entry (preferences), "apply");
  /* Emptied once the keyring has it. */
  WHALE_WAIT_UNTIL (g_str_equal (entered_token (preferences), ""), 10000);
  WHALE_WAIT_UNTIL (whale_stream_get_n_connects (stream ()) > connects
                    && whale_stream_get_state (stream ()) == WHALE_CONNECTION_CONNECTED, 10000);
  g_free (check_shown ("saved in Preferences"));
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* Close as a user does, so the window's own settings are written too. */
  gtk_window_close (GTK_WINDOW (window));
  WHALE_WAIT_UNTIL (gtk_application_get_active_window (GTK_APPLICATION (app)) == NULL, 5000);
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  g_settings_sync ();
  whale_simulator_stop (good);
  whale_simulator_stop (other);
}

/* ---- the parent: what the child left ----------------------------------- */

static void
check_files (const char *dir,
             guint      *n_files)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          check_files (path, n_files);
          continue;
        }
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      if (has_secret (contents))
        g_error ("the token is in %s:\n%s", path, contents);
      (*n_files)++;
    }
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_token_nowhere (void)
{
  const char *config_dir = g_getenv ("XDG_CONFIG_HOME");
  g_autofree char *keyfile_path = NULL;
  g_autofree char *keyfile = NULL;
  guint n_files = 0;

  if (g_test_subprocess ())
    {
      run_app ();
      return;
    }

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  /* The debug log was on, and neither token is in anything the app wrote. */
  g_test_trap_assert_stdout ("*whale-stream-DEBUG*");
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_autofree char *pattern = g_strdup_printf ("*%s*", secrets[i]);

      g_test_trap_assert_stdout_unmatched (pattern);
      g_test_trap_assert_stderr_unmatched (pattern);
    }

  /* Nor in any file under its settings directory; the keyfile holds the settings. */
  keyfile_path = g_build_filename (config_dir, "glib-2.0", "settings", "keyfile", NULL);
  g_assert_true (g_file_get_contents (keyfile_path, &keyfile, NULL, NULL));
  g_assert_nonnull (strstr (keyfile, "server-url="));
  g_assert_nonnull (strstr (keyfile, "window-width="));
  check_files (config_dir, &n_files);
  g_test_message ("%u settings files checked", n_files);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* The child inherits these from the parent, which made the directory. */
  if (!g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *config = NULL;

      root = g_dir_make_tmp ("whale-ui-hygiene-XXXXXX", &error);
      g_assert_no_error (error);
      config = g_build_filename (root, "config", NULL);
      g_assert_cmpint (g_mkdir (config, 0700), ==, 0);
      g_setenv ("XDG_CONFIG_HOME", config, TRUE);
      g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
      g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
    }

  g_test_add_func ("/ui/hygiene/token-nowhere", test_token_nowhere);
  status = g_test_run ();

  if (root != NULL)
    remove_tree (root);
  return status;
}
