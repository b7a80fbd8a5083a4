/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <unistd.h>

#include "whale-record.h"
#include "whale-session.h"
#include "whale-simulator.h"
#include "whale-stream.h"

G_BEGIN_DECLS

G_GNUC_UNUSED static gboolean
whale_test_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the thread-default main context until @cond holds; fails the test after
 * @timeout_ms. A 20 ms tick keeps the deadline checked when nothing else happens. */
#define WHALE_WAIT_UNTIL(cond, timeout_ms)                                          \
  G_STMT_START {                                                                    \
    gint64 whale_deadline_ = g_get_monotonic_time () + (gint64) (timeout_ms) * 1000; \
    guint whale_tick_ = g_timeout_add (20, whale_test_tick_cb, NULL);               \
    while (!(cond))                                                                 \
      {                                                                             \
        if (g_get_monotonic_time () > whale_deadline_)                              \
          g_error ("%s:%d: timed out after %d ms waiting for %s",                   \
                   __FILE__, __LINE__, (int) (timeout_ms), #cond);                  \
        g_main_context_iteration (NULL, TRUE);                                      \
      }                                                                             \
    g_source_remove (whale_tick_);                                                  \
  } G_STMT_END

/* Spins for @ms to show that something does NOT happen in that time. */
#define WHALE_SPIN_FOR(ms)                                                          \
  G_STMT_START {                                                                    \
    gint64 whale_until_ = g_get_monotonic_time () + (gint64) (ms) * 1000;           \
    guint whale_tick_ = g_timeout_add (20, whale_test_tick_cb, NULL);               \
    while (g_get_monotonic_time () < whale_until_)                                  \
      g_main_context_iteration (NULL, TRUE);                                        \
    g_source_remove (whale_tick_);                                                  \
  } G_STMT_END

/* The resident set size of this process, from /proc. */
G_GNUC_UNUSED static gsize
whale_test_rss_bytes (void)
{
  g_autofree char *statm = NULL;
  g_auto(GStrv) parts = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
  parts = g_strsplit (statm, " ", 0);
  return (gsize) g_ascii_strtoull (parts[1], NULL, 10) * (gsize) sysconf (_SC_PAGESIZE);
}

/* A running simulator on loopback that wants @token, with @rate flow alerts a second
 * (0 = as fast as the socket takes them). */
G_GNUC_UNUSED static WhaleSimulator *
whale_test_start_simulator (const char *token,
                            double      rate)
{
  g_autoptr(GError) error = NULL;
  WhaleSimulator *simulator = whale_simulator_new ();

  whale_simulator_set_token (simulator, token);
  whale_simulator_set_rate (simulator, rate);
  g_assert_true (whale_simulator_start (simulator, &error));
  g_assert_no_error (error);
  return simulator;
}

/* A stream to @simulator's socket and REST URLs with @token, reconnecting quickly
 * (50 ms, at most 200 ms) and waiting @ack_timeout ms for a join's ack. */
G_GNUC_UNUSED static WhaleStream *
whale_test_new_stream (WhaleSimulator *simulator,
                       const char     *token,
                       guint           ack_timeout)
{
  g_autofree char *url = whale_simulator_dup_url (simulator);
  g_autofree char *rest_url = whale_simulator_dup_rest_url (simulator);
  WhaleStream *stream = g_object_new (WHALE_TYPE_STREAM,
                                      "url", url,
                                      "rest-url", rest_url,
                                      "backoff-initial", 50,
                                      "backoff-max", 200,
                                      "ack-timeout", ack_timeout,
                                      NULL);

  whale_stream_set_token (stream, token);
  return stream;
}

/* A SoupServer on 127.0.0.1 that speaks TLS only, with the test certificate
 * (tests/data/self-signed.pem: for IP 127.0.0.1, its own authority). *@url is its
 * wss://127.0.0.1:PORT/socket. */
G_GNUC_UNUSED static SoupServer *
whale_test_tls_server_new (char **url)
{
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "data", "self-signed.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (pem, &error);
  g_autoslist(GUri) uris = NULL;
  SoupServer *server;

  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *url = g_strdup_printf ("wss://127.0.0.1:%d/socket", g_uri_get_port (uris->data));
  return server;
}

/* Whether @session's own (demo) simulator has a client joined to @channel. */
G_GNUC_UNUSED static gboolean
whale_test_joined (WhaleSession *session,
                   const char   *channel)
{
  WhaleSimulator *simulator = whale_session_get_simulator (session);
  g_auto(GStrv) names = NULL;

  if (simulator == NULL)
    return FALSE;
  names = whale_simulator_dup_joined (simulator);
  return g_strv_contains ((const char * const *) names, channel);
}

/* Starts whalewatch-cli (WHALEWATCH_CLI, from tests/meson.build) with @args, as
 * @launcher sets it up. */
G_GNUC_UNUSED static GSubprocess *
whale_test_spawn_cli (GSubprocessLauncher *launcher,
                      const char * const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, (char *) g_getenv ("WHALEWATCH_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* A record's field by name, which must exist, and its value. */
G_GNUC_UNUSED static const WhaleField *
whale_test_field (WhaleRecord *record,
                  const char  *name)
{
  const WhaleField *f = whale_record_class_find_field (WHALE_RECORD_GET_CLASS (record), name);

  g_assert_nonnull (f);
  return f;
}

G_GNUC_UNUSED static double
whale_test_number (WhaleRecord *record,
                   const char  *name)
{
  return whale_record_get_number (record, whale_test_field (record, name));
}

G_GNUC_UNUSED static gboolean
whale_test_has (WhaleRecord *record,
                const char  *name)
{
  return whale_record_has_field (record, whale_test_field (record, name));
}

G_GNUC_UNUSED static const char *
whale_test_string (WhaleRecord *record,
                   const char  *name)
{
  return whale_record_get_string (record, whale_test_field (record, name));
}

G_END_DECLS
