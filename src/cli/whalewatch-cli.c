/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whalewatch-cli"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "whale-channel.h"
#include "whale-gex-board.h"
#include "whale-json.h"
#include "whale-recording.h"
#include "whale-record.h"
#include "whale-simulator.h"
#include "whale-stream.h"
#include "whale-token.h"

#define EXIT_REJECTED 2

typedef enum
{
  FORMAT_JSONL,
  FORMAT_CSV,
  FORMAT_TABLE,
  FORMAT_SUMMARY,
} OutputFormat;

typedef struct
{
  GMainLoop            *loop;
  WhaleStream          *stream;
  WhaleSimulator       *simulator;
  WhaleRecorder        *recorder;
  OutputFormat          format;
  gboolean              once;
  gboolean              csv_header;  /* printed (one per run: run_watch() allows one kind) */
  gint64                started_at;
  int                   status;
  GError               *record_error;
  WhaleConnectionState  reported;    /* the state report_connection() last saw */
  gboolean              retried;     /* it said "retrying" since it last connected */
} Watch;

/* Connection options shared by watch and record. */
static char *opt_url;
static char *opt_rest_url;
static char *opt_token_env = "WHALEWATCH_TOKEN";
static gboolean opt_once;
static char *opt_format = "jsonl";
static double opt_speed = 1.0;
static int opt_port;
static double opt_rate = 5.0;
static gint64 opt_frames;
static char *opt_required_token_env;

static const GOptionEntry connection_entries[] = {
  { "url", 0, 0, G_OPTION_ARG_STRING, &opt_url,
    "WebSocket URL (default: start the embedded simulator and use it)", "URL" },
  { "rest-url", 0, 0, G_OPTION_ARG_STRING, &opt_rest_url,
    "REST base URL for polled channels (default: the simulator's, or UW's with --url)", "URL" },
  { "token-env", 0, 0, G_OPTION_ARG_STRING, &opt_token_env,
    "Read the API token from this environment variable (default WHALEWATCH_TOKEN); "
    "without it the keyring is asked", "VAR" },
  { "once", 0, 0, G_OPTION_ARG_NONE, &opt_once,
    "Do not reconnect: exit 0 after a normal close, 2 if the token is rejected, 1 otherwise",
    NULL },
  { NULL }
};

static const GOptionEntry watch_entries[] = {
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format,
    "Output: jsonl (default), csv, table or summary", "FORMAT" },
  { NULL }
};

static const GOptionEntry replay_entries[] = {
  { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &opt_speed,
    "Replay speed: 1 = as recorded, 10 = ten times faster, 0 = as fast as possible", "X" },
  { "port", 'p', 0, G_OPTION_ARG_INT, &opt_port, "Port to listen on (default: any free)", "N" },
  { NULL }
};

static const GOptionEntry simulate_entries[] = {
  { "port", 'p', 0, G_OPTION_ARG_INT, &opt_port, "Port to listen on (default: any free)", "N" },
  { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &opt_rate,
    "Flow alerts per second (default 5; 0 = as fast as clients read)", "R" },
  { "frames", 'n', 0, G_OPTION_ARG_INT64, &opt_frames,
    "Close each client normally after this many data frames (default: never)", "N" },
  { "token-env", 0, 0, G_OPTION_ARG_STRING, &opt_required_token_env,
    "Require the token in this environment variable (default: accept any)", "VAR" },
  { NULL }
};

static int
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("whalewatch-cli: %s\n", message);
  return 1;
}

/* ---- output ------------------------------------------------------------ */

static void
print_jsonl (WhaleRecord *record)
{
  g_autofree char *line = whale_record_to_json_line (record);

  fputs (line, stdout);
  fputc ('\n', stdout);
}

static void
print_csv_cell (const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      fputs (text, stdout);
      return;
    }
  fputc ('"', stdout);
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        fputc ('"', stdout);
      fputc (*p, stdout);
    }
  fputc ('"', stdout);
}

/* The header before the first row: a run prints records of one kind (run_watch()). */
static void
print_csv (Watch       *watch,
           WhaleRecord *record)
{
  WhaleRecordClass *klass = WHALE_RECORD_GET_CLASS (record);
  guint n_fields;
  const WhaleField *fields = whale_record_class_get_fields (klass, &n_fields);

  if (!watch->csv_header)
    {
      watch->csv_header = TRUE;
      fputs ("channel,kind", stdout);
      for (guint i = 0; i < n_fields; i++)
        printf (",%s", fields[i].name);
      if (klass->kind == WHALE_RECORD_RAW)
        fputs (",payload", stdout);
      fputc ('\n', stdout);
    }

  print_csv_cell (whale_record_get_channel (record));
  printf (",%s", klass->kind_name);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *text = whale_record_format_field (record, &fields[i]);

      fputc (',', stdout);
      print_csv_cell (text);
    }
  if (klass->kind == WHALE_RECORD_RAW)
    {
      fputc (',', stdout);
      print_csv_cell (whale_record_get_payload (record));
    }
  fputc ('\n', stdout);
}

/* The fields a trader reads first, per kind; other kinds show their first fields. */
static const char * const *
table_fields (WhaleRecordKind kind)
{
  static const char * const flow[] = { "ticker", "option_type", "strike", "expiry",
                                       "total_premium", "total_size", "side_percent",
                                       "sentiment", "rule_name", NULL };
  static const char * const gex[] = { "ticker", "price", "gamma_per_one_percent_move_oi",
                                      "gamma_per_one_percent_move_vol",
                                      "gamma_per_one_percent_move_dir", NULL };
  static const char * const strike[] = { "ticker", "price", "strike", "call_gamma_oi",
                                         "put_gamma_oi", NULL };
  static const char * const dark[] = { "symbol", "price", "size", "premium", "sector", NULL };

  switch (kind)
    {
    case WHALE_RECORD_FLOW_ALERT: return flow;
    case WHALE_RECORD_GEX: return gex;
    case WHALE_RECORD_GEX_STRIKE: return strike;
    case WHALE_RECORD_DARK_POOL_TRADE: return dark;
    default: return NULL;
    }
}

static void
print_table (WhaleRecord *record)
{
  WhaleRecordClass *klass = WHALE_RECORD_GET_CLASS (record);
  const char * const *names = table_fields (klass->kind);
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock = g_date_time_format (now, "%H:%M:%S");
  guint n_fields;
  const WhaleField *fields = whale_record_class_get_fields (klass, &n_fields);

  g_string_append_printf (line, "%s  %-20s", clock, whale_record_get_channel (record));
  for (guint i = 0; names != NULL ? names[i] != NULL : i < MIN (n_fields, 6); i++)
    {
      const WhaleField *field = names != NULL
                                ? whale_record_class_find_field (klass, names[i]) : &fields[i];
      g_autofree char *text = NULL;

      /* Figures Whalewatch computed (side %, % OTM, vol/OI) to two decimals at most:
       * "98.37", not "98.3689662773". What UW sent stays as sent. */
      if (field != NULL && field->type == WHALE_FIELD_NUMBER
          && (field->flags & WHALE_FIELD_DERIVED)
          && isfinite (whale_record_get_number (record, field)))
        text = whale_record_format_two_decimals (whale_record_get_number (record, field));
      else if (field != NULL)
        text = whale_record_format_field (record, field);

      g_string_append_printf (line, "  %s=%s", field != NULL ? field->name : names[i],
                              text != NULL ? text : "-");
    }
  if (klass->kind == WHALE_RECORD_RAW)
    g_string_append_printf (line, "  %s", whale_record_get_payload (record));
  puts (line->str);
}

static void
record_cb (WhaleStream       *stream,
           WhaleChannelState *state,
           WhaleRecord       *record,
           Watch             *watch)
{
  switch (watch->format)
    {
    case FORMAT_JSONL: print_jsonl (record); break;
    case FORMAT_CSV: print_csv (watch, record); break;
    case FORMAT_TABLE: print_table (record); break;
    case FORMAT_SUMMARY: break;
    default: g_assert_not_reached ();
    }
}

static void
frame_cb (WhaleStream *stream,
          GBytes      *frame,
          Watch       *watch)
{
  gsize len;
  const char *data = g_bytes_get_data (frame, &len);

  if (watch->record_error != NULL)
    return;
  if (!whale_recorder_append (watch->recorder, g_get_real_time () / 1000, data, len,
                              &watch->record_error))
    g_main_loop_quit (watch->loop);
}

/* ---- the watch loop ---------------------------------------------------- */

/* With --once: done when the socket closed and every REST channel answered once. */
static void
check_done (Watch *watch)
{
  WhaleConnectionState state = whale_stream_get_state (watch->stream);
  GListModel *channels = whale_stream_get_channels (watch->stream);
  gboolean has_socket = FALSE;

  /* A refused token is final: nothing more will come, --once or not. */
  if (state == WHALE_CONNECTION_REJECTED)
    {
      watch->status = EXIT_REJECTED;
      g_main_loop_quit (watch->loop);
      return;
    }
  if (!watch->once)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (channels); i++)
    {
      g_autoptr(WhaleChannelState) channel = g_list_model_get_item (channels, i);
      const WhaleChannelInfo *info = whale_channel_state_get_info (channel);

      if (info != NULL && info->transport == WHALE_TRANSPORT_REST)
        {
          if (whale_channel_state_get_status (channel) == WHALE_CHANNEL_PENDING)
            return;
        }
      else
        {
          has_socket = TRUE;
        }
    }

  if (state == WHALE_CONNECTION_DISCONNECTED)
    {
      watch->status = whale_stream_get_close_code (watch->stream) == 1000 ? 0 : 1;
      g_main_loop_quit (watch->loop);
    }
  else if (!has_socket)
    {
      watch->status = 0;
      g_main_loop_quit (watch->loop);
    }
}

/* Each failed attempt while the stream retries is a line on stderr, and so is getting
 * through again: a terminal that just stays silent looks hung. */
static void
report_connection (Watch *watch)
{
  WhaleConnectionState state = whale_stream_get_state (watch->stream);

  if (state == watch->reported)
    return;
  watch->reported = state;
  if (state == WHALE_CONNECTION_RECONNECTING)
    {
      const char *reason = whale_stream_get_reason (watch->stream);
      gint64 wait = whale_stream_get_retry_at (watch->stream) - g_get_real_time ();

      g_printerr ("whalewatch-cli: %s; retrying in %.1f s\n",
                  reason != NULL ? reason : "the connection failed", MAX (wait, 0) / 1e6);
      watch->retried = TRUE;
    }
  else if (state == WHALE_CONNECTION_CONNECTED && watch->retried)
    {
      g_printerr ("whalewatch-cli: connected again\n");
      watch->retried = FALSE;
    }
}

static void
state_changed_cb (Watch *watch)
{
  report_connection (watch);
  check_done (watch);
}

static gboolean
quit_cb (gpointer user_data)
{
  Watch *watch = user_data;

  g_main_loop_quit (watch->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
parse_format (const char   *name,
              OutputFormat *format)
{
  static const char *names[] = { "jsonl", "csv", "table", "summary" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (name, names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }
  return FALSE;
}

/* CHANNEL: a wire name ("flow-alerts", "gex:SPY", "off_lit_trades"), a registry id
 * ("market-movers", "dark-pool"), or any other name, joined as a raw channel. */
static gboolean
subscribe_arg (WhaleStream      *stream,
               const char       *arg,
               WhaleRecordKind  *kind,
               GError          **error)
{
  const WhaleChannelInfo *info = whale_channel_info_lookup (arg);
  g_autofree char *ticker = NULL;

  if (info != NULL && info->per_ticker)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Channel '%s' needs a ticker: %s", arg, info->wire);
      return FALSE;
    }
  if (info == NULL)
    info = whale_channel_info_match (arg, &ticker);
  if (info == NULL && (arg[0] == '\0' || strchr (arg, '"') != NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "Bad channel name '%s'", arg);
      return FALSE;
    }

  /* Joined as is, as the usage says; a typo ("flow-alert") would otherwise just wait. */
  if (info == NULL)
    g_printerr ("whalewatch-cli: '%s' is no channel Whalewatch knows: joining it as is, "
                "its frames printed raw\n", arg);
  whale_stream_subscribe (stream, info, ticker, info == NULL ? arg : NULL, NULL);
  *kind = info != NULL ? info->kind : WHALE_RECORD_RAW;
  return TRUE;
}

static char *
lookup_token (void)
{
  const char *value = g_getenv (opt_token_env);
  g_autoptr(GError) error = NULL;
  char *token;

  if (value != NULL && value[0] != '\0')
    return g_strdup (value);

  token = whale_token_lookup_sync (NULL, &error);
  if (error != NULL)
    g_debug ("keyring unavailable: %s", error->message);
  return token;
}

/* Points @stream at --url with the user's token, or at a new embedded simulator, which
 * is returned (NULL and @error set if it could not start). */
static WhaleSimulator *
connect_stream (WhaleStream  *stream,
                GError      **error)
{
  g_autoptr(WhaleSimulator) simulator = NULL;
  g_autofree char *url = NULL;
  g_autofree char *rest_url = NULL;

  whale_stream_set_reconnect (stream, !opt_once);
  if (opt_url != NULL)
    {
      char *token = lookup_token ();

      whale_stream_set_url (stream, opt_url);
      if (opt_rest_url != NULL)
        whale_stream_set_rest_url (stream, opt_rest_url);
      whale_stream_set_token (stream, token);
      whale_token_free (token);
      return NULL;
    }

  simulator = whale_simulator_new ();
  if (!whale_simulator_start (simulator, error))
    return NULL;
  url = whale_simulator_dup_url (simulator);
  rest_url = whale_simulator_dup_rest_url (simulator);
  whale_stream_set_url (stream, url);
  whale_stream_set_rest_url (stream, opt_rest_url != NULL ? opt_rest_url : rest_url);
  return g_steal_pointer (&simulator);
}

static int
run_watch (int          argc,
           char       **argv,
           const char  *file)
{
  Watch watch = { 0 };
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(WhaleStream) stream = whale_stream_new ();
  g_autoptr(WhaleSimulator) simulator = NULL;
  g_autoptr(WhaleRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  WhaleRecordKind first_kind = WHALE_RECORD_RAW;
  double seconds;

  if (!parse_format (opt_format, &watch.format))
    return fail ("unknown format '%s' (jsonl, csv, table or summary)", opt_format);
  if (argc < 2)
    return fail ("no channel given; try --help");

  for (int i = 1; i < argc; i++)
    {
      WhaleRecordKind kind;

      if (!subscribe_arg (stream, argv[i], &kind, &error))
        return fail ("%s", error->message);
      /* One CSV stream has one header: rows of another kind under it were misread. */
      if (i == 1)
        first_kind = kind;
      else if (watch.format == FORMAT_CSV && kind != first_kind)
        return fail ("csv holds one kind of record, and %s and %s carry different ones: "
                     "watch them one at a time, or use --format jsonl", argv[1], argv[i]);
    }

  simulator = connect_stream (stream, &error);
  if (error != NULL)
    return fail ("could not start the simulator: %s", error->message);

  if (file != NULL)
    {
      recorder = whale_recorder_new (file, &error);
      if (recorder == NULL)
        return fail ("cannot record to %s: %s", file, error->message);
      g_signal_connect (stream, "frame", G_CALLBACK (frame_cb), &watch);
    }

  watch.loop = loop;
  watch.stream = stream;
  watch.simulator = simulator;
  watch.recorder = recorder;
  watch.once = opt_once;
  watch.started_at = g_get_monotonic_time ();

  if (file == NULL)
    g_signal_connect (stream, "record", G_CALLBACK (record_cb), &watch);
  g_signal_connect_swapped (stream, "notify::state", G_CALLBACK (state_changed_cb), &watch);
  for (guint i = 0; i < g_list_model_get_n_items (whale_stream_get_channels (stream)); i++)
    {
      g_autoptr(GObject) channel = g_list_model_get_item (whale_stream_get_channels (stream), i);

      g_signal_connect_swapped (channel, "notify::status", G_CALLBACK (state_changed_cb), &watch);
    }
  g_unix_signal_add (SIGINT, quit_cb, &watch);
  g_unix_signal_add (SIGTERM, quit_cb, &watch);

  whale_stream_start (stream);
  /* A refused URL (plain ws:// off this machine) fails at once: no state change follows
   * to wait for, with or without --once. */
  if (whale_stream_get_state (stream) == WHALE_CONNECTION_DISCONNECTED)
    watch.status = 1;
  else
    g_main_loop_run (loop);

  seconds = (g_get_monotonic_time () - watch.started_at) / 1e6;
  if (watch.status == EXIT_REJECTED || watch.status == 1)
    fail ("%s", whale_stream_get_reason (stream) != NULL ? whale_stream_get_reason (stream)
                                                          : "the connection failed");
  if (watch.format == FORMAT_SUMMARY)
    {
      /* Data, not prose: a '.' decimal point whatever LC_NUMERIC says. */
      char seconds_text[G_ASCII_DTOSTR_BUF_SIZE];
      char rate_text[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (seconds_text, sizeof seconds_text, "%.3f", seconds);
      g_ascii_formatd (rate_text, sizeof rate_text, "%.0f",
                       seconds > 0 ? whale_stream_get_n_records (stream) / seconds : 0.0);
      printf ("frames=%" G_GUINT64_FORMAT " records=%" G_GUINT64_FORMAT " acks=%" G_GUINT64_FORMAT
              " errors=%" G_GUINT64_FORMAT " seconds=%s records_per_s=%s\n",
              whale_stream_get_n_frames (stream), whale_stream_get_n_records (stream),
              whale_stream_get_n_acks (stream), whale_stream_get_n_errors (stream), seconds_text,
              rate_text);
    }
  fflush (stdout);

  g_signal_handlers_disconnect_by_data (stream, &watch);
  whale_stream_stop (stream);
  if (recorder != NULL && watch.record_error == NULL)
    whale_recorder_close (recorder, &watch.record_error);
  if (watch.record_error != NULL)
    return fail ("recording failed: %s", watch.record_error->message);
  return watch.status;
}

/* ---- gex --------------------------------------------------------------- */

static void
add_finite (GString    *out,
            const char *name,
            double      value)
{
  if (!isfinite (value))
    return;
  whale_json_append_member (out, name, FALSE);
  whale_json_append_number (out, value);
}

/* One JSON line per complete burst of strike rows; fields that cannot be computed
 * are left out. */
static void
burst_cb (WhaleGexBoard *board,
          gint64         timestamp,
          Watch         *watch)
{
  const WhaleGexLevels *levels = whale_gex_board_get_levels (board);
  int regime = whale_gex_board_get_regime (board);
  g_autoptr(GString) out = g_string_new ("{");

  whale_json_append_member (out, "ticker", TRUE);
  whale_json_append_string (out, whale_gex_board_get_ticker (board));
  whale_json_append_member (out, "timestamp", FALSE);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, timestamp);
  add_finite (out, "spot", whale_gex_board_get_spot (board));
  if (regime != 0)
    {
      whale_json_append_member (out, "regime", FALSE);
      whale_json_append_string (out, regime > 0 ? "positive" : "negative");
    }
  /* An interpolated price: to the cent, as the app shows it, not to 13 decimals. */
  add_finite (out, "flip", round (levels->flip * 100) / 100);
  add_finite (out, "call_wall", levels->call_wall);
  add_finite (out, "put_wall", levels->put_wall);
  add_finite (out, "magnet", levels->magnet);
  add_finite (out, "net_gamma_oi", whale_gex_board_get_net_gamma (board, WHALE_GEX_WEIGHT_OI));
  add_finite (out, "net_gamma_vol", whale_gex_board_get_net_gamma (board, WHALE_GEX_WEIGHT_VOL));
  add_finite (out, "net_gamma_dir", whale_gex_board_get_net_gamma (board, WHALE_GEX_WEIGHT_DIR));
  g_string_append_c (out, '}');
  puts (out->str);
  fflush (stdout);

  if (watch->once)
    {
      watch->status = 0;
      g_main_loop_quit (watch->loop);
    }
}

static void
board_record_cb (WhaleStream       *stream,
                 WhaleChannelState *state,
                 WhaleRecord       *record,
                 WhaleGexBoard     *board)
{
  whale_gex_board_add (board, record);
}

static int
run_gex (int    argc,
         char **argv)
{
  Watch watch = { 0 };
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(WhaleStream) stream = whale_stream_new ();
  g_autoptr(WhaleSimulator) simulator = NULL;
  g_autoptr(WhaleGexBoard) board = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ticker = NULL;

  if (argc != 2)
    return fail ("gex needs exactly one TICKER");
  /* As the app takes it: " spy" is SPY. */
  ticker = g_strstrip (g_ascii_strup (argv[1], -1));
  if (!whale_ticker_is_valid (ticker))
    return fail ("'%s' is not a ticker (letters and digits, with '.', '/' or '-' between "
                 "them)", argv[1]);

  simulator = connect_stream (stream, &error);
  if (error != NULL)
    return fail ("could not start the simulator: %s", error->message);

  board = whale_gex_board_new (ticker);
  whale_stream_subscribe (stream, whale_channel_info_lookup ("gex"), ticker, NULL, NULL);
  whale_stream_subscribe (stream, whale_channel_info_lookup ("gex-strike"), ticker, NULL, NULL);
  watch.loop = loop;
  watch.stream = stream;
  watch.once = opt_once;
  watch.status = 0;

  g_signal_connect (stream, "record", G_CALLBACK (board_record_cb), board);
  g_signal_connect (board, "burst", G_CALLBACK (burst_cb), &watch);
  g_signal_connect_swapped (stream, "notify::state", G_CALLBACK (state_changed_cb), &watch);
  g_unix_signal_add (SIGINT, quit_cb, &watch);
  g_unix_signal_add (SIGTERM, quit_cb, &watch);

  whale_stream_start (stream);
  g_main_loop_run (loop);

  if (watch.status != 0)
    fail ("%s", whale_stream_get_reason (stream) != NULL ? whale_stream_get_reason (stream)
                                                          : "the connection failed");
  g_signal_handlers_disconnect_by_data (stream, &watch);
  g_signal_handlers_disconnect_by_data (stream, board);
  whale_stream_stop (stream);
  return watch.status;
}

/* ---- simulate and replay ----------------------------------------------- */

static int
serve (WhaleSimulator *simulator)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *rest_url = NULL;
  Watch watch = { .loop = loop };

  whale_simulator_set_port (simulator, opt_port);
  if (!whale_simulator_start (simulator, &error))
    return fail ("could not start the simulator: %s", error->message);

  url = whale_simulator_dup_url (simulator);
  rest_url = whale_simulator_dup_rest_url (simulator);
  printf ("Listening on %s (REST %s)\n", url, rest_url);
  fflush (stdout);

  g_unix_signal_add (SIGINT, quit_cb, &watch);
  g_unix_signal_add (SIGTERM, quit_cb, &watch);
  g_main_loop_run (loop);
  whale_simulator_stop (simulator);
  return 0;
}

static int
run_simulate (int    argc,
              char **argv)
{
  g_autoptr(WhaleSimulator) simulator = whale_simulator_new ();

  if (argc > 1)
    return fail ("simulate takes no arguments besides options");
  if (opt_rate < 0)
    return fail ("--rate must be 0 or more");
  if (opt_frames < 0)
    return fail ("--frames must be 0 or more");

  whale_simulator_set_rate (simulator, opt_rate);
  whale_simulator_set_frame_limit (simulator, opt_frames);
  if (opt_required_token_env != NULL)
    {
      const char *token = g_getenv (opt_required_token_env);

      if (token == NULL || token[0] == '\0')
        return fail ("environment variable %s is empty", opt_required_token_env);
      whale_simulator_set_token (simulator, token);
    }
  return serve (simulator);
}

static int
run_replay (int    argc,
            char **argv)
{
  g_autoptr(WhaleSimulator) simulator = whale_simulator_new ();
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    return fail ("replay needs exactly one FILE");
  if (opt_speed < 0)
    return fail ("--speed must be 0 or more");
  if (!whale_simulator_load_recording (simulator, argv[1], opt_speed, &error))
    return fail ("cannot replay %s: %s", argv[1], error->message);
  {
    /* Say what a crash or an edit left out: replay serves only whole, valid lines. */
    g_autoptr(GArray) lines = NULL;
    guint n_malformed = 0, n_incomplete = 0;

    lines = whale_recording_read (argv[1], &n_malformed, &n_incomplete, NULL);
    if (lines != NULL && (n_malformed > 0 || n_incomplete > 0))
      g_printerr ("whalewatch-cli: %s: replaying %u frames; left out %u malformed and "
                  "%u incomplete lines\n", argv[1], lines->len, n_malformed, n_incomplete);
  }
  return serve (simulator);
}

/* ---- main -------------------------------------------------------------- */

#define WATCH_SUMMARY "Print every record as it arrives"
#define GEX_SUMMARY "Print gamma levels (flip, walls, magnet) per burst"
#define RECORD_SUMMARY "Append raw frames with receive times to FILE"
#define REPLAY_SUMMARY "Serve a recording through the simulator"
#define SIMULATE_SUMMARY "Run the simulator standalone"
#define CHANNELS \
  "CHANNEL is a wire name (flow-alerts, gex:SPY, gex_strike:SPY, option_trades,\n" \
  "option_trades:TSLA, price:AAPL, news, off_lit_trades), a REST feed (market-movers,\n" \
  "congress-trades), or any other name, joined as is and printed as raw payloads.\n" \
  "Without --url, watch and record use the embedded simulator (demo data)."

static const char *usage =
  "COMMAND [OPTION…] [ARGUMENT…]\n\n"
  "Commands:\n"
  "  watch [OPTION…] CHANNEL…       " WATCH_SUMMARY "\n"
  "  gex [OPTION…] TICKER           " GEX_SUMMARY "\n"
  "  record FILE [OPTION…] CHANNEL… " RECORD_SUMMARY "\n"
  "  replay [OPTION…] FILE          " REPLAY_SUMMARY "\n"
  "  simulate [OPTION…]             " SIMULATE_SUMMARY "\n\n"
  CHANNELS "\n"
  "Run 'whalewatch-cli COMMAND --help' for a command's options.";

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *command;
  const char *file = NULL;
  g_autofree char *usage_name = NULL;

  setlocale (LC_ALL, "");
  /* stdout carries records; every log line, debug ones included, goes to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")
      || g_str_equal (argv[1], "help"))
    {
      g_print ("Usage:\n  whalewatch-cli %s\n", usage);
      return argc < 2 ? 1 : 0;
    }

  command = argv[1];
  argv[1] = argv[0];
  argc--;
  argv++;

  /* record FILE: the file first, unless this is its --help. */
  if (g_str_equal (command, "record")
      && !(argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))))
    {
      if (argc < 2 || argv[1][0] == '-')
        return fail ("record needs a FILE first; try 'whalewatch-cli record --help'");
      file = argv[1];
      argv[1] = argv[0];
      argc--;
      argv++;
    }

  if (g_str_equal (command, "watch") || g_str_equal (command, "record"))
    {
      gboolean record = g_str_equal (command, "record");

      context = g_option_context_new ("CHANNEL…");
      g_option_context_set_summary (context, record ? RECORD_SUMMARY ".\n\n" CHANNELS
                                                    : WATCH_SUMMARY ".\n\n" CHANNELS);
      g_option_context_add_main_entries (context, connection_entries, NULL);
      if (!record)
        g_option_context_add_main_entries (context, watch_entries, NULL);
    }
  else if (g_str_equal (command, "gex"))
    {
      context = g_option_context_new ("TICKER");
      g_option_context_set_summary (context, GEX_SUMMARY ".");
      g_option_context_add_main_entries (context, connection_entries, NULL);
      g_option_context_set_description (context,
        "Prints one JSON line per burst of gex_strike rows: ticker, timestamp, spot, regime,\n"
        "flip, call_wall, put_wall, magnet, net_gamma_oi, net_gamma_vol, net_gamma_dir\n"
        "(a field is left out when it cannot be computed). With --once it exits after the\n"
        "first burst.");
    }
  else if (g_str_equal (command, "replay"))
    {
      context = g_option_context_new ("FILE");
      g_option_context_set_summary (context, REPLAY_SUMMARY ".");
      g_option_context_add_main_entries (context, replay_entries, NULL);
    }
  else if (g_str_equal (command, "simulate"))
    {
      context = g_option_context_new (NULL);
      g_option_context_set_summary (context, SIMULATE_SUMMARY ".");
      g_option_context_add_main_entries (context, simulate_entries, NULL);
    }
  else
    {
      return fail ("unknown command '%s'; try --help", command);
    }

  /* A command's --help: its own summary and options, not the list of every command, and
   * its usage as it is typed ("whalewatch-cli watch [OPTION…] CHANNEL…": GOption puts the
   * program's name first, and the command must come before any option). */
  usage_name = g_strdup_printf ("whalewatch-cli %s%s", command,
                                g_str_equal (command, "record") ? " FILE" : "");
  g_set_prgname (usage_name);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("%s", error->message);
  g_set_prgname ("whalewatch-cli");

  if (g_str_equal (command, "simulate"))
    return run_simulate (argc, argv);
  if (g_str_equal (command, "replay"))
    return run_replay (argc, argv);
  if (g_str_equal (command, "gex"))
    return run_gex (argc, argv);
  if (file != NULL)
    opt_format = "summary";
  return run_watch (argc, argv, file);
}
