/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "whale-recording.h"
#include "whale-simulator.h"
#include "whale-test-util.h"

/* Token hygiene and recording durability, end to end through whalewatch-cli against an
 * in-process simulator: every path (connect, reject, reconnect, record, errors) runs
 * with G_MESSAGES_DEBUG=all and a known token that must appear nowhere. */

#define GOOD_TOKEN  "hygiene-good-3b9f2e71c4"
#define WRONG_TOKEN "hygiene-wrong-81d0a5f6e2"

typedef struct
{
  WhaleSimulator *simulator;
  char           *url;
  char           *rest_url;
  char           *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->simulator = whale_test_start_simulator (GOOD_TOKEN, 50);
  fixture->url = whale_simulator_dup_url (fixture->simulator);
  fixture->rest_url = whale_simulator_dup_rest_url (fixture->simulator);
  fixture->dir = g_dir_make_tmp ("whale-hygiene-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  whale_simulator_stop (fixture->simulator);
  g_clear_object (&fixture->simulator);
  g_free (fixture->url);
  g_free (fixture->rest_url);
  g_free (fixture->dir);
}

static void
assert_clean (const char *what,
              const char *text)
{
  if (text == NULL)
    return;
  if (strstr (text, GOOD_TOKEN) != NULL || strstr (text, WRONG_TOKEN) != NULL)
    g_error ("the token leaked into %s:\n%s", what, text);
}

static GSubprocess *
spawn_cli (const char         *token,
           const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_setenv (launcher, "WHALEWATCH_TOKEN", token, TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  return whale_test_spawn_cli (launcher, args);
}

/* Collects a finished (or signalled) CLI's output, asserts it is clean, returns the
 * exit status (or -signal). */
static int
finish_cli (GSubprocess *process,
            char       **err_out)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  assert_clean ("stdout", out);
  assert_clean ("stderr (debug log)", err);
  if (err_out != NULL)
    *err_out = g_steal_pointer (&err);
  if (g_subprocess_get_if_signaled (process))
    return -g_subprocess_get_term_sig (process);
  return g_subprocess_get_exit_status (process);
}

static int
run_cli (const char         *token,
         const char * const *args,
         char              **err_out)
{
  g_autoptr(GSubprocess) process = spawn_cli (token, args);

  return finish_cli (process, err_out);
}

static void
assert_file_clean (const char *path)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  assert_clean (path, contents);
}

static void
test_token_connect_and_reject (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *err = NULL;
  const char *connect[] = { "watch", "--url", fixture->url, "--rest-url", fixture->rest_url,
                            "--once", "flow-alerts", "market-movers", NULL };

  /* Connect, join, receive, poll REST, and a normal close. */
  whale_simulator_set_frame_limit (fixture->simulator, 20);
  g_assert_cmpint (run_cli (GOOD_TOKEN, connect, &err), ==, 0);
  g_assert_nonnull (strstr (err, "DEBUG"));   /* the debug log was on */
  g_assert_cmpuint (whale_simulator_get_n_rest_requests (fixture->simulator), >=, 1);

  /* Rejected: exit 2 with the reason, and still no token. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (WRONG_TOKEN, connect, &err), ==, 2);
  g_assert_nonnull (strstr (err, "401"));
}

static void
test_token_reconnect_and_record (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->dir, "rec.jsonl", NULL);
  const char *record[] = { "record", file, "--url", fixture->url, "--rest-url",
                           fixture->rest_url, "flow-alerts", "news", NULL };
  g_autoptr(GSubprocess) process = NULL;

  /* A normal close after 20 frames, a drop, then the CLI reconnects each time. */
  whale_simulator_set_frame_limit (fixture->simulator, 20);
  process = spawn_cli (GOOD_TOKEN, record);
  WHALE_WAIT_UNTIL (whale_simulator_get_n_connections (fixture->simulator) >= 2, 20000);
  whale_simulator_drop_connections (fixture->simulator);
  WHALE_WAIT_UNTIL (whale_simulator_get_n_connections (fixture->simulator) >= 3, 20000);
  g_subprocess_send_signal (process, SIGTERM);
  g_assert_cmpint (finish_cli (process, NULL), ==, 0);
  assert_file_clean (file);
}

static void
test_token_error_paths (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *token_url = g_strdup_printf ("%s?token=%s", fixture->url, GOOD_TOKEN);
  g_autofree char *err = NULL;
  const char *refused[] = { "watch", "--url", "ws://192.0.2.1/socket?token=" GOOD_TOKEN,
                            "--once", "flow-alerts", NULL };
  const char *unreachable[] = { "watch", "--url", "ws://127.0.0.1:1/socket", "--once",
                                "flow-alerts", NULL };
  const char *bad_file[] = { "record", "/nonexistent-dir/" GOOD_TOKEN ".jsonl", "--url",
                             fixture->url, "--once", "flow-alerts", NULL };
  const char *in_url[] = { "watch", "--url", token_url, "--once", "flow-alerts", NULL };

  /* Plain ws:// off this machine: refused, the URL's token not echoed. */
  g_assert_cmpint (run_cli (GOOD_TOKEN, refused, &err), !=, 0);
  g_assert_nonnull (strstr (err, "Refusing"));
  g_clear_pointer (&err, g_free);

  /* Nothing listening. */
  g_assert_cmpint (run_cli (GOOD_TOKEN, unreachable, &err), !=, 0);
  g_clear_pointer (&err, g_free);

  /* A token in the URL too (a pasted URL): still never shown. */
  whale_simulator_set_frame_limit (fixture->simulator, 5);
  g_assert_cmpint (run_cli (GOOD_TOKEN, in_url, &err), ==, 0);
  g_clear_pointer (&err, g_free);

  /* A recording that cannot be written: the error names the file, which here contains
   * the token text, so only check the process ran and failed cleanly. */
  {
    g_autoptr(GSubprocess) process = spawn_cli (WRONG_TOKEN, bad_file);
    g_autoptr(GError) error = NULL;
    g_autofree char *out = NULL;

    g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
    g_assert_null (strstr (err, WRONG_TOKEN));
  }
}

/* ---- durability -------------------------------------------------------- */

static void
test_record_survives_sigkill (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->dir, "killed.jsonl", NULL);
  const char *record[] = { "record", file, "--url", fixture->url, "flow-alerts", NULL };
  g_autoptr(GSubprocess) process = spawn_cli (GOOD_TOKEN, record);
  g_autoptr(GArray) frames = NULL;
  g_autoptr(GError) error = NULL;
  guint n_malformed = 0, n_incomplete = 0;
  gint64 killed_ms, last_ms;

  /* Frames at a steady 50/s for a few seconds... */
  WHALE_WAIT_UNTIL (g_file_test (file, G_FILE_TEST_EXISTS)
                    && whale_simulator_get_n_frames_sent (fixture->simulator) > 50, 10000);
  WHALE_SPIN_FOR (3000);

  /* ...then no chance to flush anything. */
  killed_ms = g_get_real_time () / 1000;
  g_subprocess_send_signal (process, SIGKILL);
  g_assert_cmpint (finish_cli (process, NULL), ==, -SIGKILL);

  frames = whale_recording_read (file, &n_malformed, &n_incomplete, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_malformed, ==, 0);
  g_assert_cmpuint (n_incomplete, <=, 1);
  g_assert_cmpuint (frames->len, >, 100);
  last_ms = g_array_index (frames, WhaleRecordedFrame, frames->len - 1).time_ms;
  g_test_message ("last frame on disk %" G_GINT64_FORMAT " ms before the kill",
                  killed_ms - last_ms);
  g_assert_cmpint (killed_ms - last_ms, <=, 1000);
  assert_file_clean (file);
}

static void
test_truncated_recording_replays (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "simulator-replay.jsonl",
                                                   NULL);
  g_autofree char *file = g_build_filename (fixture->dir, "torn.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GArray) whole = NULL;
  g_autoptr(GArray) torn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) err_lines = NULL;
  guint n_incomplete = 0;
  gsize len = 0;
  const char *replay[] = { "replay", file, "--speed", "0", NULL };
  gboolean reported = FALSE;

  g_file_get_contents (source, &contents, &len, &error);
  g_assert_no_error (error);
  whole = whale_recording_read (source, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Cut in the middle of the last line, as a crash would leave it. */
  g_assert_true (contents[len - 1] == '\n');
  g_file_set_contents (file, contents, len - 20, &error);
  g_assert_no_error (error);
  torn = whale_recording_read (file, NULL, &n_incomplete, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (torn->len, ==, whole->len - 1);
  g_assert_cmpuint (n_incomplete, ==, 1);

  /* The CLI replays the whole lines and says what it left out. */
  process = spawn_cli (GOOD_TOKEN, replay);
  err_lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (err_lines, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        break;
      assert_clean ("replay stderr", line);
      if (strstr (line, "1 incomplete") != NULL)
        {
          reported = TRUE;
          break;
        }
    }
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  g_assert_true (reported);
}

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ADD ("/core/hygiene/token-connect-and-reject", test_token_connect_and_reject);
  ADD ("/core/hygiene/token-reconnect-and-record", test_token_reconnect_and_record);
  ADD ("/core/hygiene/token-error-paths", test_token_error_paths);
  ADD ("/core/durability/record-survives-sigkill", test_record_survives_sigkill);
  ADD ("/core/durability/truncated-recording-replays", test_truncated_recording_replays);
  return g_test_run ();
}
