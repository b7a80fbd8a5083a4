/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "whale-test-util.h"

#define TEST_TOKEN "cli-secret-7a4e0b12"

/* Starts whalewatch-cli with the arguments up to NULL, the test token in its
 * environment and debug logging on. */
static GSubprocess *
spawn_cli (GSubprocessFlags  flags,
           const char       *first_arg,
           va_list           ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);

  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_setenv (launcher, "WHALEWATCH_TOKEN", TEST_TOKEN, TRUE);
  /* The messages and numbers the tests read, whatever the developer's locale. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  return whale_test_spawn_cli (launcher, (const char * const *) args->pdata);
}

/* Runs whalewatch-cli to completion; returns its exit status. */
static int
run_cli (char       **out,
         char       **err,
         const char  *first_arg,
         ...)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  /* Callers reuse their out/err across runs: drop the last run's (LeakSanitizer). */
  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
  va_start (ap, first_arg);
  process = spawn_cli (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                       first_arg, ap);
  va_end (ap);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);

  /* The token never shows up, not even in debug output. */
  g_assert_null (strstr (*out, TEST_TOKEN));
  g_assert_null (strstr (*err, TEST_TOKEN));
  return g_subprocess_get_exit_status (process);
}

typedef struct
{
  GSubprocess *process;
  char        *url;
} Server;

/* Starts `whalewatch-cli ARGS…` (simulate or replay) and reads the URL it prints. */
static void
server_start (Server     *server,
              const char *first_arg,
              ...)
{
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  char **words;
  va_list ap;

  va_start (ap, first_arg);
  server->process = spawn_cli (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               first_arg, ap);
  va_end (ap);
  input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on ws://127.0.0.1:"));
  words = g_strsplit (line, " ", -1);
  server->url = g_strdup (words[2]);
  g_strfreev (words);
}

static void
server_stop (Server *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_clear_object (&server->process);
  g_clear_pointer (&server->url, g_free);
}

static JsonObject *
parse_line (JsonParser *parser,
            const char *line)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_watch_once_jsonl (void)
{
  Server server = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint n_flow = 0, n_gex = 0;
  int status;

  /* Every client gets a normal close after 40 data frames. */
  server_start (&server, "simulate", "--rate", "200", "--frames", "40", NULL);
  status = run_cli (&out, &err, "watch", "--once", "--format", "jsonl", "--url", server.url,
                    "flow-alerts", "gex:SPY", NULL);
  g_assert_cmpint (status, ==, 0);

  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 40);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      JsonObject *object = parse_line (parser, lines[i]);
      const char *kind = json_object_get_string_member (object, "kind");
      const char *channel = json_object_get_string_member (object, "channel");

      if (g_str_equal (kind, "flow-alert"))
        {
          const char *chain = json_object_get_string_member (object, "option_chain");
          const char *type = json_object_get_string_member (object, "option_type");

          n_flow++;
          g_assert_cmpstr (channel, ==, "flow-alerts");
          g_assert_true (json_object_has_member (object, "id"));
          /* Derived from the OCC symbol: the type letter sits 9 characters from the end. */
          g_assert_cmpint (chain[strlen (chain) - 9], ==, g_str_equal (type, "call") ? 'C' : 'P');
          g_assert_true (JSON_NODE_TYPE (json_object_get_member (object, "total_premium"))
                         == JSON_NODE_VALUE);
          g_assert_cmpint (strlen (json_object_get_string_member (object, "expiry")), ==, 10);
        }
      else
        {
          g_assert_cmpstr (kind, ==, "gex");
          g_assert_cmpstr (channel, ==, "gex:SPY");
          g_assert_cmpstr (json_object_get_string_member (object, "ticker"), ==, "SPY");
          n_gex++;
        }
    }
  g_assert_cmpuint (n_flow, >, 0);
  server_stop (&server);
}

static void
test_watch_summary (void)
{
  Server server = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  server_start (&server, "simulate", "--rate", "0", "--frames", "2000", NULL);
  status = run_cli (&out, &err, "watch", "--once", "--format", "summary", "--url", server.url,
                    "flow-alerts", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_regex_match_simple ("^frames=2001 records=2000 acks=1 errors=0 "
                                       "seconds=[0-9.]+ records_per_s=[0-9]+\n$", out, 0, 0));
  server_stop (&server);
}

static void
test_watch_rejected (void)
{
  Server server = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_setenv ("OTHER_TOKEN", "not-the-right-one", TRUE);
  server_start (&server, "simulate", "--token-env", "OTHER_TOKEN", NULL);
  status = run_cli (&out, &err, "watch", "--once", "--url", server.url, "flow-alerts", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "rejected the API token"));
  server_stop (&server);

  status = run_cli (&out, &err, "watch", "--once", "--url", "ws://127.0.0.1:9/socket",
                    "flow-alerts", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "whalewatch-cli: "));

  /* Without --once too: a rejection is final, so it ends the watch (it used to sit
   * there, silent, for ever). */
  server_start (&server, "simulate", "--token-env", "OTHER_TOKEN", NULL);
  status = run_cli (&out, &err, "watch", "--url", server.url, "flow-alerts", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "rejected the API token"));
  server_stop (&server);
}

/* The table format is for reading: figures Whalewatch computed have two decimals at
 * most ("side_percent=65.59", not "65.5919153032"). CSV has one header, then rows of
 * its one kind (two channels of it share the header). */
static void
test_watch_table_csv (void)
{
  Server server = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) csv = NULL;

  /* The frame limit is per client: each run gets 10 frames. */
  server_start (&server, "simulate", "--rate", "200", "--frames", "10", NULL);
  g_assert_cmpint (run_cli (&out, &err, "watch", "--once", "--format", "table", "--url",
                            server.url, "flow-alerts", NULL), ==, 0);
  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpint (run_cli (&out, &err, "watch", "--once", "--format", "csv", "--url",
                            server.url, "option_trades", "option_trades:SPY", NULL), ==, 0);
  csv = g_strsplit (g_strchomp (out), "\n", -1);
  server_stop (&server);

  g_assert_cmpuint (g_strv_length (lines), ==, 10);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_test_message ("%s", lines[i]);
      g_assert_true (g_regex_match_simple ("  side_percent=-?[0-9]+(\\.[0-9]{1,2})?  ", lines[i],
                                           0, 0));
      g_assert_true (g_regex_match_simple ("  strike=[0-9]+(\\.[0-9]{1,2})?  ", lines[i], 0, 0));
    }

  g_assert_cmpuint (g_strv_length (csv), ==, 11);
  g_assert_true (g_str_has_prefix (csv[0], "channel,kind,"));
  for (guint i = 1; csv[i] != NULL; i++)
    g_assert_true (g_str_has_prefix (csv[i], "option_trades,option-trade,")
                   || g_str_has_prefix (csv[i], "option_trades:SPY,option-trade,"));
}

static GSubprocess *
spawn_cli_stderr (const char *first_arg,
                  ...)
{
  GSubprocess *process;
  va_list ap;

  va_start (ap, first_arg);
  process = spawn_cli (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                       first_arg, ap);
  va_end (ap);
  return process;
}

/* While it retries, the watch says so on stderr, with the reason and the wait; before,
 * a server that was down left the terminal silent. */
static void
test_watch_retries_said (void)
{
  g_autoptr(GSubprocess) process = spawn_cli_stderr ("watch", "--url", "ws://127.0.0.1:9/socket",
                                                     "flow-alerts", NULL);
  g_autoptr(GDataInputStream) input =
    g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  g_autoptr(GError) error = NULL;
  guint n_said = 0;

  /* Two failed attempts, each a line of its own (debug lines come in between). */
  while (n_said < 2)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_assert_null (strstr (line, TEST_TOKEN));
      if (!g_str_has_prefix (line, "whalewatch-cli: "))
        continue;
      g_test_message ("%s", line);
      g_assert_true (g_regex_match_simple ("^whalewatch-cli: Could not connect to 127\\.0\\.0\\.1:"
                                           ".*; retrying in [0-9]+\\.[0-9] s$", line, 0, 0));
      n_said++;
    }
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
}

static void
test_gex_once (void)
{
  Server server = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  double spot;

  server_start (&server, "simulate", NULL);
  /* Lower case as the app takes it; "..." is no ticker. */
  g_assert_cmpint (run_cli (&out, &err, "gex", "...", "--once", "--url", server.url, NULL), ==, 1);
  g_assert_true (strstr (err, "is not a ticker") != NULL);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "gex", "qqq", "--once", "--url", server.url, NULL), ==, 0);
  server_stop (&server);

  /* --once: exactly one line, for the first complete burst. */
  g_assert_true (g_str_has_suffix (out, "}\n"));
  g_assert_cmpint (strchr (out, '\n') - out, ==, strlen (out) - 1);
  object = parse_line (parser, out);
  g_assert_cmpstr (json_object_get_string_member (object, "ticker"), ==, "QQQ");
  g_assert_true (json_object_get_int_member (object, "timestamp") > 1700000000000);
  spot = json_object_get_double_member (object, "spot");
  g_assert_cmpfloat (spot, >, 0);
  /* The simulator's ladders put call gamma above spot and put gamma below it. */
  g_assert_cmpfloat (json_object_get_double_member (object, "call_wall"), >, spot);
  if (json_object_has_member (object, "put_wall"))
    g_assert_cmpfloat (json_object_get_double_member (object, "put_wall"), <, spot);
  g_assert_true (g_strv_contains ((const char *[]) { "positive", "negative", NULL },
                                  json_object_get_string_member (object, "regime")));
  g_assert_true (json_object_has_member (object, "net_gamma_oi"));
  if (json_object_has_member (object, "flip"))
    {
      double flip = json_object_get_double_member (object, "flip");

      g_assert_cmpfloat_with_epsilon (flip, round (flip * 100) / 100, 1e-9);
    }
}

static void
test_bad_usage (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (&out, &err, "frobnicate", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "unknown command"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "watch", "--format", "xml", "flow-alerts", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "unknown format"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "watch", "gex", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "needs a ticker"));
  /* One CSV stream, one header: channels of two record kinds are refused up front
   * (their rows came under each other's header); two tickers of one kind are fine. */
  g_assert_cmpint (run_cli (&out, &err, "watch", "--format", "csv", "--once", "--url",
                            "ws://127.0.0.1:9/socket", "flow-alerts", "gex:SPY", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "csv holds one kind of record, and flow-alerts and gex:SPY"));
  /* http:// to the socket is the wrong kind of URL; it used to be called insecure off
   * this machine, though it named this machine. */
  g_assert_cmpint (run_cli (&out, &err, "watch", "--once", "--url", "http://127.0.0.1:9/socket",
                            "flow-alerts", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "http:// is not a WebSocket URL"));
  /* A channel it does not know is joined as is, and said so (a typo just waited). */
  g_assert_cmpint (run_cli (&out, &err, "watch", "--once", "--url", "ws://127.0.0.1:9/socket",
                            "flow-alert", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "'flow-alert' is no channel Whalewatch knows"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "record FILE"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* A command's --help is about that command, not the list of every command. */
  g_assert_cmpint (run_cli (&out, &err, "gex", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Print gamma levels"));
  g_assert_null (strstr (out, "Commands:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "watch", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "CHANNEL is a wire name"));
  /* Its usage as it is typed: the command first (options before it were refused). */
  g_assert_nonnull (strstr (out, "whalewatch-cli watch [OPTION…] CHANNEL…"));
  g_assert_null (strstr (out, "Commands:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* record's FILE comes first, but its --help needs none (the hint says to run it). */
  g_assert_cmpint (run_cli (&out, &err, "record", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "whalewatch-cli record FILE [OPTION…] CHANNEL…"));
}

static GPtrArray *
ids_in (const char *jsonl,
        gboolean    recording)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = g_strsplit (jsonl, "\n", -1);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      JsonObject *object;

      if (lines[i][0] == '\0')
        continue;
      object = parse_line (parser, lines[i]);
      if (recording)
        {
          /* {"t":ms,"frame":"[channel,payload]"}: keep the data frames' ids. */
          g_autoptr(JsonParser) inner = json_parser_new ();
          JsonArray *frame;
          JsonObject *payload;

          g_assert_true (json_object_get_int_member (object, "t") > 1700000000000);
          json_parser_load_from_data (inner, json_object_get_string_member (object, "frame"),
                                      -1, NULL);
          frame = json_node_get_array (json_parser_get_root (inner));
          payload = json_array_get_object_element (frame, 1);
          if (json_object_has_member (payload, "id"))
            g_ptr_array_add (ids, g_strdup (json_object_get_string_member (payload, "id")));
        }
      else
        {
          g_ptr_array_add (ids, g_strdup (json_object_get_string_member (object, "id")));
        }
    }
  return ids;
}

static void
test_record_then_replay (void)
{
  Server server = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("whalewatch-cli-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "session.jsonl", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *recording = NULL;
  g_autoptr(GPtrArray) recorded = NULL;
  g_autoptr(GPtrArray) replayed = NULL;

  server_start (&server, "simulate", "--rate", "100", "--frames", "25", NULL);
  g_assert_cmpint (run_cli (&out, &err, "record", file, "--once", "--url", server.url,
                            "flow-alerts", NULL), ==, 0);
  server_stop (&server);
  g_assert_true (g_file_get_contents (file, &recording, NULL, NULL));
  g_assert_null (strstr (recording, TEST_TOKEN));
  g_assert_null (strstr (recording, "token="));
  recorded = ids_in (recording, TRUE);
  g_assert_cmpuint (recorded->len, ==, 25);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  server_start (&server, "replay", file, "--speed", "0", NULL);
  g_assert_cmpint (run_cli (&out, &err, "watch", "--once", "--url", server.url,
                            "flow-alerts", NULL), ==, 0);
  server_stop (&server);

  replayed = ids_in (out, FALSE);
  g_assert_cmpuint (replayed->len, ==, recorded->len);
  for (guint i = 0; i < recorded->len; i++)
    g_assert_cmpstr (g_ptr_array_index (replayed, i), ==, g_ptr_array_index (recorded, i));

  g_unlink (file);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("WHALEWATCH_CLI"));
  g_test_add_func ("/cli/watch-once-jsonl", test_watch_once_jsonl);
  g_test_add_func ("/cli/watch-summary", test_watch_summary);
  g_test_add_func ("/cli/watch-table-csv", test_watch_table_csv);
  g_test_add_func ("/cli/watch-rejected", test_watch_rejected);
  g_test_add_func ("/cli/watch-retries-said", test_watch_retries_said);
  g_test_add_func ("/cli/gex-once", test_gex_once);
  g_test_add_func ("/cli/bad-usage", test_bad_usage);
  g_test_add_func ("/cli/record-then-replay", test_record_then_replay);
  return g_test_run ();
}
