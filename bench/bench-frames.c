/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-bench"

#include "config.h"

#include "bench-frames.h"

#include <libsoup/soup.h>
#include <string.h>
#include <sys/resource.h>

#include "whale-simulator.h"

typedef struct
{
  GPtrArray *frames;
  guint      wanted;
  gboolean   done;
  GError    *error;
} Render;

static void
render_message_cb (SoupWebsocketConnection *connection,
                   SoupWebsocketDataType    type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  Render *render = user_data;
  static const char prefix[] = "[\"flow-alerts\",{\"id\"";
  gsize len;
  const char *text = g_bytes_get_data (message, &len);

  /* Only data frames: the join's ack is not a flow alert. */
  if (type == SOUP_WEBSOCKET_DATA_TEXT && render->frames->len < render->wanted
      && len > sizeof prefix && memcmp (text, prefix, sizeof prefix - 1) == 0)
    g_ptr_array_add (render->frames, g_bytes_ref (message));
}

static void
render_closed_cb (SoupWebsocketConnection *connection,
                  gpointer                 user_data)
{
  Render *render = user_data;

  render->done = TRUE;
}

static void
render_connected_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Render *render = user_data;
  SoupWebsocketConnection *connection;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                      &render->error);
  if (connection == NULL)
    {
      render->done = TRUE;
      return;
    }
  /* The connection keeps itself alive until it is closed; render_closed_cb ends it. */
  g_signal_connect (connection, "message", G_CALLBACK (render_message_cb), render);
  g_signal_connect (connection, "closed", G_CALLBACK (render_closed_cb), render);
  g_object_set_data_full (G_OBJECT (source), "bench-connection", connection, g_object_unref);
  soup_websocket_connection_send_text (connection,
                                       "{\"channel\":\"flow-alerts\",\"msg_type\":\"join\"}");
}

GPtrArray *
bench_render_frames (guint    n,
                     GError **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(WhaleSimulator) simulator = whale_simulator_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  Render render = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref), n };

  g_return_val_if_fail (n > 0, NULL);

  g_main_context_push_thread_default (context);
  whale_simulator_set_rate (simulator, 0);
  whale_simulator_set_frame_limit (simulator, n);
  if (!whale_simulator_start (simulator, error))
    {
      g_main_context_pop_thread_default (context);
      g_ptr_array_unref (render.frames);
      return NULL;
    }

  url = whale_simulator_dup_url (simulator);
  session = soup_session_new ();
  msg = soup_message_new (SOUP_METHOD_GET, url);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        render_connected_cb, &render);
  while (!render.done)
    g_main_context_iteration (context, TRUE);

  g_object_set_data (G_OBJECT (session), "bench-connection", NULL);
  whale_simulator_stop (simulator);
  g_main_context_pop_thread_default (context);

  if (render.error != NULL)
    {
      g_propagate_error (error, render.error);
      g_ptr_array_unref (render.frames);
      return NULL;
    }
  if (render.frames->len < n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "the simulator sent %u flow alerts, not %u", render.frames->len, n);
      g_ptr_array_unref (render.frames);
      return NULL;
    }
  return render.frames;
}

double
bench_now (void)
{
  return g_get_monotonic_time () / 1e6;
}

double
bench_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static guint64
status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, key);
  if (line == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen (key), NULL, 10);
}

guint64
bench_peak_rss_kb (void)
{
  guint64 kb = status_kb ("VmHWM:");
  struct rusage usage;

  if (kb != 0)
    return kb;
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

guint64
bench_rss_kb (void)
{
  return status_kb ("VmRSS:");
}
