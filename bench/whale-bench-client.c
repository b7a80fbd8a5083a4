/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-bench-client"

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "bench-frames.h"
#include "whale-channel.h"
#include "whale-feed.h"
#include "whale-flow-alert.h"
#include "whale-frame.h"
#include "whale-stream.h"
#include "whale-websocket.h"

/* The C benchmark clients, one per process:
 *   ingest  the app's own path without GTK: socket -> WhaleStream -> decoded records ->
 *           a bounded WhaleFeed (--capacity, 20 000 like the app's pages);
 *   soup    libsoup receiving and discarding frames: the transport's ceiling;
 *   soup-buffered  the same as the app has libsoup: its socket and its settings;
 *   decode  the frame decoder from memory (parse + build + drop), no socket.
 * Each prints one JSON line: frames, wall seconds and CPU seconds (user + sys) over the
 * same window (connection open to close), and peak RSS (VmHWM) of the whole process. */

static char *opt_mode = NULL;
static char *opt_url = NULL;
static gint64 opt_frames = 200000;
static int opt_capacity = WHALE_FEED_DEFAULT_CAPACITY;
static int opt_pool = 16384;
static gboolean opt_no_payloads = FALSE;

static const GOptionEntry entries[] = {
  { "mode", 0, 0, G_OPTION_ARG_STRING, &opt_mode, "ingest, soup, soup-buffered or decode",
    "MODE" },
  { "url", 0, 0, G_OPTION_ARG_STRING, &opt_url, "Generator URL (ingest, soup)", "URL" },
  { "frames", 0, 0, G_OPTION_ARG_INT64, &opt_frames, "Frames to decode (decode)", "N" },
  { "capacity", 0, 0, G_OPTION_ARG_INT, &opt_capacity, "Feed capacity (ingest)", "N" },
  { "pool", 0, 0, G_OPTION_ARG_INT, &opt_pool, "Distinct frames to cycle (decode)", "N" },
  { "no-payloads", 0, 0, G_OPTION_ARG_NONE, &opt_no_payloads,
    "Feed without raw payloads (ingest)", NULL },
  { NULL }
};

typedef struct
{
  double   t0, t1;
  double   cpu0, cpu1;
  guint64  frames;
  gboolean open;
  gboolean done;
  char    *error;
  SoupWebsocketConnection *connection;  /* soup modes */
} Run;

static void
run_start (Run *run)
{
  run->open = TRUE;
  run->t0 = bench_now ();
  run->cpu0 = bench_cpu_seconds ();
}

static void
run_stop (Run *run)
{
  if (run->open)
    {
      run->t1 = bench_now ();
      run->cpu1 = bench_cpu_seconds ();
      run->open = FALSE;
    }
  run->done = TRUE;
}

static void
report (const char *client,
        Run        *run,
        const char *extra)
{
  double seconds = run->t1 - run->t0;

  printf ("{\"client\":\"%s\",\"frames\":%" G_GUINT64_FORMAT ",\"seconds\":%.6f,"
          "\"cpu\":%.6f,\"peak_rss_kb\":%" G_GUINT64_FORMAT ",\"rss_kb\":%" G_GUINT64_FORMAT
          "%s%s}\n",
          client, run->frames, seconds, run->cpu1 - run->cpu0, bench_peak_rss_kb (),
          bench_rss_kb (), extra != NULL ? "," : "", extra != NULL ? extra : "");
  fflush (stdout);
}

/* ---- ingest ------------------------------------------------------------ */

static void
state_cb (WhaleStream *stream,
          GParamSpec  *pspec,
          Run         *run)
{
  switch (whale_stream_get_state (stream))
    {
    case WHALE_CONNECTION_CONNECTED:
      run_start (run);
      break;
    case WHALE_CONNECTION_DISCONNECTED:
    case WHALE_CONNECTION_REJECTED:
    case WHALE_CONNECTION_RECONNECTING:
      if (!run->open && run->t0 == 0)
        run->error = g_strdup (whale_stream_get_reason (stream));
      run_stop (run);
      break;
    default:
      break;
    }
}

static int
run_ingest (void)
{
  g_autoptr(WhaleStream) stream = whale_stream_new ();
  g_autoptr(WhaleFeed) feed = whale_feed_new (WHALE_TYPE_FLOW_ALERT, opt_capacity);
  g_autofree char *extra = NULL;
  g_autoptr(WhaleRecord) newest = NULL;
  Run run = { 0 };

  whale_feed_set_keep_payloads (feed, !opt_no_payloads);
  whale_stream_set_url (stream, opt_url);
  whale_stream_set_reconnect (stream, FALSE);
  whale_stream_subscribe (stream, whale_channel_info_lookup ("flow-alerts"), NULL, NULL, feed);
  g_signal_connect (stream, "notify::state", G_CALLBACK (state_cb), &run);
  whale_stream_start (stream);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  if (run.error != NULL)
    {
      g_printerr ("ingest: %s\n", run.error);
      return 1;
    }

  run.frames = whale_stream_get_n_frames (stream);
  whale_feed_flush (feed);
  newest = g_list_model_get_item (G_LIST_MODEL (feed), 0);
  extra = g_strdup_printf ("\"records\":%" G_GUINT64_FORMAT ",\"errors\":%" G_GUINT64_FORMAT
                           ",\"feed_items\":%u,\"payloads\":%s",
                           whale_stream_get_n_records (stream), whale_stream_get_n_errors (stream),
                           g_list_model_get_n_items (G_LIST_MODEL (feed)),
                           newest != NULL && whale_record_get_payload (newest) != NULL
                           ? "true" : "false");
  report ("ingest", &run, extra);
  return 0;
}

/* ---- soup: receive and discard ---------------------------------------- */

static void
soup_message_cb (SoupWebsocketConnection *connection,
                 SoupWebsocketDataType    type,
                 GBytes                  *message,
                 Run                     *run)
{
  run->frames++;
}

static void
soup_closed_cb (SoupWebsocketConnection *connection,
                Run                     *run)
{
  run_stop (run);
}

static void
soup_receive (Run                     *run,
              SoupWebsocketConnection *connection,
              GError                  *error)
{
  if (connection == NULL)
    {
      run->error = g_strdup (error->message);
      run->done = TRUE;
      return;
    }
  run_start (run);
  run->connection = connection;
  soup_websocket_connection_set_max_incoming_payload_size (connection, 4 * 1024 * 1024);
  g_signal_connect (connection, "message", G_CALLBACK (soup_message_cb), run);
  g_signal_connect (connection, "closed", G_CALLBACK (soup_closed_cb), run);
  soup_websocket_connection_send_text (connection,
                                       "{\"channel\":\"flow-alerts\",\"msg_type\":\"join\"}");
}

static void
soup_connected_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  soup_receive (user_data, connection, error);
}

static void
buffered_connected_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection;

  connection = whale_websocket_connect_finish (result, NULL, &error);
  soup_receive (user_data, connection, error);
}

/* libsoup's WebSocket as soup_session_websocket_connect() builds it, or (@buffered) as
 * the app has it: over the socket as the app opens it (whale-websocket.c: read in 64 KiB
 * gulps) and with the app's settings for libsoup (whale_websocket_tune_libsoup(): its
 * debug lines dropped unformatted, a marshaller for "message"): a ceiling must not pay
 * what the app doesn't (bench/RESULTS.md, session 12). */
static int
run_soup (gboolean buffered)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, opt_url);
  const char *client = buffered ? "soup-buffered" : "soup";
  Run run = { 0 };

  if (msg == NULL)
    {
      g_printerr ("%s: not a valid URL\n", client);
      return 2;
    }
  if (buffered)
    {
      whale_websocket_tune_libsoup ();
      whale_websocket_connect_async (opt_url, "whalewatch-bench", NULL, NULL,
                                     buffered_connected_cb, &run);
    }
  else
    soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                          soup_connected_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  if (run.error != NULL)
    {
      g_printerr ("%s: %s\n", client, run.error);
      return 1;
    }
  report (client, &run, NULL);
  g_clear_object (&run.connection);
  return 0;
}

/* ---- decode from memory ------------------------------------------------ */

static int
run_decode (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) frames = bench_render_frames (MIN (opt_frames, opt_pool), &error);
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autofree char *extra = NULL;
  guint64 failures = 0;
  Run run = { 0 };

  if (frames == NULL)
    {
      g_printerr ("decode: %s\n", error->message);
      return 1;
    }

  run_start (&run);
  for (gint64 i = 0; i < opt_frames; i++)
    {
      gsize len;
      const char *text = g_bytes_get_data (frames->pdata[i % frames->len], &len);
      const char *channel, *reason;
      WhaleRecord *record = NULL;

      if (whale_frame_decoder_parse (decoder, text, len, &channel, &reason) == WHALE_FRAME_DATA)
        record = whale_frame_decoder_build (decoder, WHALE_RECORD_FLOW_ALERT, NULL);
      if (record == NULL)
        failures++;
      else
        g_object_unref (record);
    }
  run.frames = opt_frames;
  run_stop (&run);
  extra = g_strdup_printf ("\"errors\":%" G_GUINT64_FORMAT, failures);
  report ("decode", &run, extra);
  return failures == 0 ? 0 : 1;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- a benchmark client");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (g_strcmp0 (opt_mode, "decode") == 0)
    return opt_frames > 0 && opt_pool > 0 ? run_decode () : 2;
  if (opt_url == NULL)
    {
      g_printerr ("--url is needed\n");
      return 2;
    }
  if (g_strcmp0 (opt_mode, "ingest") == 0)
    return run_ingest ();
  if (g_strcmp0 (opt_mode, "soup") == 0 || g_strcmp0 (opt_mode, "soup-buffered") == 0)
    return run_soup (g_strcmp0 (opt_mode, "soup-buffered") == 0);
  g_printerr ("--mode must be ingest, soup, soup-buffered or decode\n");
  return 2;
}
