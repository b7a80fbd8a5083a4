/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-websocket"

#include "config.h"

#include <string.h>

#include "whale-buffered-input.h"
#include "whale-test-util.h"
#include "whale-websocket.h"

/* The client handshake (whale-websocket.c) and its buffered input, against a raw server
 * on a thread that writes exactly the bytes each test wants: a valid or broken 101,
 * frames in the same write as the handshake's reply, a refusal. */

#define N_BURST 200
#define N_FLOOD 30000
#define TEST_TOKEN "ws-token-93c1d7e0"

typedef enum
{
  REPLY_GOOD,         /* 101, then two frames in the same write, then EOF on close */
  REPLY_BAD_ACCEPT,   /* 101 with a wrong Sec-WebSocket-Accept */
  REPLY_UNAUTHORIZED, /* 401 */
  REPLY_BURST,        /* 101, then N_BURST frames of 1 000 bytes in one write */
  REPLY_FLOOD,        /* 101, then N_FLOOD frames of 1 000 bytes as fast as they go */
  REPLY_TRICKLE,      /* REPLY_GOOD's bytes a few at a time, with pauses between */
} Reply;

typedef struct
{
  Reply           reply;
  GSocketListener *listener;
  guint16          port;
  GThread         *thread;
  char            *request;   /* what the client sent, as received */
  gboolean         saw_eof;   /* the client closed its side */
} Server;

static void
append_frame (GString    *out,
              const char *text)
{
  gsize len = strlen (text);

  g_string_append_c (out, (char) 0x81);
  if (len < 126)
    g_string_append_c (out, (char) len);
  else
    {
      g_string_append_c (out, 126);
      g_string_append_c (out, (char) (len >> 8));
      g_string_append_c (out, (char) (len & 0xff));
    }
  g_string_append_len (out, text, len);
}

static char *
accept_for (const char *key)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_checksum_update (sha1, (const guchar *) key, -1);
  g_checksum_update (sha1, (const guchar *) "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", -1);
  g_checksum_get_digest (sha1, digest, &len);
  return g_base64_encode (digest, len);
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GString) request = g_string_new (NULL);
  g_autoptr(GString) reply = g_string_new (NULL);
  g_autofree char *accept = NULL;
  g_autofree char *key_value = NULL;
  GInputStream *in;
  GOutputStream *out;
  const char *key;
  char buffer[4096];
  gssize n;

  connection = g_socket_listener_accept (server->listener, NULL, NULL, NULL);
  g_assert_nonnull (connection);
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  while (strstr (request->str, "\r\n\r\n") == NULL
         && (n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (request, buffer, n);
  server->request = g_strdup (request->str);

  key = strstr (request->str, "Sec-WebSocket-Key: ");
  g_assert_nonnull (key);
  key += strlen ("Sec-WebSocket-Key: ");
  key_value = g_strndup (key, strcspn (key, "\r"));
  accept = accept_for (key_value);

  if (server->reply == REPLY_UNAUTHORIZED)
    g_string_append (reply, "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
  else
    g_string_append_printf (reply, "HTTP/1.1 101 Switching Protocols\r\n"
                            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Accept: %s\r\n\r\n",
                            server->reply == REPLY_BAD_ACCEPT ? "d3Jvbmc=" : accept);
  if (server->reply == REPLY_GOOD || server->reply == REPLY_TRICKLE)
    {
      append_frame (reply, "[\"flow-alerts\",{\"id\":\"first\"}]");
      append_frame (reply, "[\"flow-alerts\",{\"id\":\"second\"}]");
    }
  else if (server->reply == REPLY_BURST || server->reply == REPLY_FLOOD)
    {
      g_autofree char *text = g_strnfill (1000, 'x');
      guint n_frames = server->reply == REPLY_BURST ? N_BURST : N_FLOOD;

      for (guint i = 0; i < n_frames; i++)
        append_frame (reply, text);
    }
  if (server->reply == REPLY_TRICKLE)
    {
      /* The client must put the reply's head together across reads, and keep what
       * follows it. */
      for (gsize at = 0; at < reply->len; at += 7)
        {
          g_assert_true (g_output_stream_write_all (out, reply->str + at, MIN (7, reply->len - at),
                                                    NULL, NULL, NULL));
          g_usleep (1000);
        }
    }
  else
    g_assert_true (g_output_stream_write_all (out, reply->str, reply->len, NULL, NULL, NULL));

  /* Until the client goes: its close frame is answered as a server does (a close frame,
   * then the end of what it sends), then the client must close its socket. */
  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    if ((guint8) buffer[0] == 0x88)
      {
        g_output_stream_write_all (out, "\x88\x02\x03\xe8", 4, NULL, NULL, NULL);
        g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, NULL);
      }
  server->saw_eof = n == 0;
  return NULL;
}

static Server *
server_new (Reply reply)
{
  Server *server = g_new0 (Server, 1);
  g_autoptr(GError) error = NULL;

  server->reply = reply;
  server->listener = g_socket_listener_new ();
  server->port = g_socket_listener_add_any_inet_port (server->listener, NULL, &error);
  g_assert_no_error (error);
  server->thread = g_thread_new ("test-websocket-server", server_thread, server);
  return server;
}

static void
server_free (Server *server)
{
  g_socket_listener_close (server->listener);
  if (server->thread != NULL)
    g_thread_join (server->thread);
  g_object_unref (server->listener);
  g_free (server->request);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_free)

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Opens @url (trusting @tls_database, if given), waiting at most @timeout_ms. */
static SoupWebsocketConnection *
connect_url (const char    *url,
             GTlsDatabase  *tls_database,
             guint          timeout_ms,
             guint         *status,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  whale_websocket_connect_async (url, "whalewatch-test", tls_database, NULL, connect_cb,
                                 &result);
  WHALE_WAIT_UNTIL (result != NULL, timeout_ms);
  return whale_websocket_connect_finish (result, status, error);
}

static SoupWebsocketConnection *
connect_to (Server  *server,
            guint   *status,
            GError **error)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/socket?token=%s",
                                          server->port, TEST_TOKEN);

  return connect_url (url, NULL, 5000, status, error);
}

static void
message_cb (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            GPtrArray               *messages)
{
  g_ptr_array_add (messages, g_strndup (g_bytes_get_data (message, NULL),
                                        g_bytes_get_size (message)));
}

static void
close_and_wait (SoupWebsocketConnection *connection)
{
  soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  WHALE_WAIT_UNTIL (soup_websocket_connection_get_state (connection)
                    == SOUP_WEBSOCKET_STATE_CLOSED, 10000);
}

static void
test_frames_right_after_handshake (void)
{
  g_autoptr(Server) server = server_new (REPLY_GOOD);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  guint status = 0;

  connection = connect_to (server, &status, &error);
  g_assert_no_error (error);
  g_assert_nonnull (connection);
  g_assert_cmpuint (status, ==, 101);

  /* The request: a GET for the path and query, the upgrade headers, the Host. */
  g_assert_true (g_str_has_prefix (server->request, "GET /socket?token=" TEST_TOKEN
                                   " HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (server->request, "\r\nUpgrade: websocket\r\n"));
  g_assert_nonnull (strstr (server->request, "\r\nSec-WebSocket-Version: 13\r\n"));
  g_assert_nonnull (strstr (server->request, "\r\nHost: 127.0.0.1:"));

  /* Both frames came in the handshake reply's own write: none is lost. */
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), messages);
  WHALE_WAIT_UNTIL (messages->len == 2, 5000);
  g_assert_cmpstr (g_ptr_array_index (messages, 0), ==, "[\"flow-alerts\",{\"id\":\"first\"}]");
  g_assert_cmpstr (g_ptr_array_index (messages, 1), ==, "[\"flow-alerts\",{\"id\":\"second\"}]");

  /* The token is in no URI the connection reports. */
  g_assert_null (g_uri_get_query (soup_websocket_connection_get_uri (connection)));

  /* Closing closes the socket: the server reads EOF. */
  close_and_wait (connection);
  g_clear_object (&connection);
  g_thread_join (g_steal_pointer (&server->thread));
  g_assert_true (server->saw_eof);
}

static void
test_reply_in_pieces (void)
{
  g_autoptr(Server) server = server_new (REPLY_TRICKLE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);

  connection = connect_to (server, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), messages);
  WHALE_WAIT_UNTIL (messages->len == 2, 10000);
  g_assert_cmpstr (g_ptr_array_index (messages, 1), ==, "[\"flow-alerts\",{\"id\":\"second\"}]");
  close_and_wait (connection);
}

static void
test_reads_in_gulps (void)
{
  g_autoptr(Server) server = server_new (REPLY_BURST);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  GInputStream *input;

  connection = connect_to (server, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), messages);
  WHALE_WAIT_UNTIL (messages->len == N_BURST, 5000);
  for (guint i = 0; i < N_BURST; i++)
    g_assert_cmpuint (strlen (g_ptr_array_index (messages, i)), ==, 1000);

  /* 200 KB that libsoup asked for 1 KiB at a time came off the socket in a few reads,
   * not one per frame. */
  input = g_io_stream_get_input_stream (soup_websocket_connection_get_io_stream (connection));
  g_assert_true (WHALE_IS_BUFFERED_INPUT (input));
  g_test_message ("%u frames in %zu reads", N_BURST,
                  whale_buffered_input_get_n_reads (WHALE_BUFFERED_INPUT (input)));
  g_assert_cmpuint (whale_buffered_input_get_n_reads (WHALE_BUFFERED_INPUT (input)), <=,
                    N_BURST / 10);
  close_and_wait (connection);
}

typedef struct
{
  guint  n_messages;
  gint64 last_tick;
  gint64 longest_gap;  /* µs between two runs of a paint-priority timer */
} Flood;

static void
flood_message_cb (SoupWebsocketConnection *connection,
                  int                      type,
                  GBytes                  *message,
                  Flood                   *flood)
{
  gint64 start = g_get_monotonic_time ();

  /* Roughly what decoding a frame into a record costs, a few times over: the server
   * then always has more ready than this side has taken. */
  while (g_get_monotonic_time () - start < 20)
    ;
  flood->n_messages++;
}

static gboolean
paint_tick_cb (gpointer user_data)
{
  Flood *flood = user_data;
  gint64 now = g_get_monotonic_time ();

  flood->longest_gap = MAX (flood->longest_gap, now - flood->last_tick);
  flood->last_tick = now;
  return G_SOURCE_CONTINUE;
}

/* A sender faster than this side must not keep the main loop from the rest of its work:
 * a timer at GTK's redraw priority (below libsoup's reading) keeps running during a
 * flood of some 30 MB that takes this side well over half a second to take in. */
static void
test_flood_lets_main_loop_run (void)
{
  g_autoptr(Server) server = server_new (REPLY_FLOOD);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  Flood flood = { 0 };
  guint tick;
  gint64 start;

  connection = connect_to (server, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (connection, "message", G_CALLBACK (flood_message_cb), &flood);
  tick = g_timeout_add_full (G_PRIORITY_HIGH_IDLE + 20, 5, paint_tick_cb, &flood, NULL);
  start = flood.last_tick = g_get_monotonic_time ();
  WHALE_WAIT_UNTIL (flood.n_messages == N_FLOOD, 60000);
  g_source_remove (tick);
  paint_tick_cb (&flood);

  g_test_message ("%u frames in %.2f s; longest gap between paint ticks %.1f ms", N_FLOOD,
                  (g_get_monotonic_time () - start) / 1e6, flood.longest_gap / 1e3);
  g_assert_cmpint (g_get_monotonic_time () - start, >, 500 * 1000);
  g_assert_cmpint (flood.longest_gap, <, 250 * 1000);
  close_and_wait (connection);
}

static void
tls_websocket_cb (SoupServer              *server,
                  SoupServerMessage       *msg,
                  const char              *path,
                  SoupWebsocketConnection *connection,
                  gpointer                 user_data)
{
  SoupWebsocketConnection **out = user_data;

  *out = g_object_ref (connection);
  soup_websocket_connection_send_text (connection, "[\"flow-alerts\",{\"id\":\"tls\"}]");
}

/* wss:// end to end: TLS by GIO, the handshake, then frames through the buffered input
 * over the TLS stream; the server's certificate is checked against the database given
 * (here the test certificate, which is its own authority), and refused without it. */
static void
test_wss_with_trusted_certificate (void)
{
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "data", "self-signed.pem", NULL);
  g_autofree char *server_url = NULL;
  g_autoptr(SoupServer) server = whale_test_tls_server_new (&server_url);
  g_autofree char *url = g_strdup_printf ("%s?token=%s", server_url, TEST_TOKEN);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (pem, &error);
  g_autoptr(SoupWebsocketConnection) server_side = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  soup_server_add_websocket_handler (server, "/socket", NULL, NULL, tls_websocket_cb,
                                     &server_side, NULL);

  connection = connect_url (url, NULL, 10000, NULL, &error);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_null (connection);
  g_clear_error (&error);

  connection = connect_url (url, database, 10000, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (connection);
  g_assert_true (WHALE_IS_BUFFERED_INPUT (g_io_stream_get_input_stream (
                   soup_websocket_connection_get_io_stream (connection))));
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), messages);
  WHALE_WAIT_UNTIL (messages->len == 1, 10000);
  g_assert_cmpstr (g_ptr_array_index (messages, 0), ==, "[\"flow-alerts\",{\"id\":\"tls\"}]");
  close_and_wait (connection);
}

static void
test_bad_accept_refused (void)
{
  g_autoptr(Server) server = server_new (REPLY_BAD_ACCEPT);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  guint status = 0;

  connection = connect_to (server, &status, &error);
  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "handshake is invalid"));
  g_assert_null (strstr (error->message, TEST_TOKEN));
}

static void
test_http_status_reported (void)
{
  g_autoptr(Server) server = server_new (REPLY_UNAUTHORIZED);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  guint status = 0;

  connection = connect_to (server, &status, &error);
  g_assert_null (connection);
  g_assert_nonnull (error);
  g_assert_cmpuint (status, ==, 401);
  g_assert_null (strstr (error->message, TEST_TOKEN));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/websocket/frames-right-after-handshake",
                   test_frames_right_after_handshake);
  g_test_add_func ("/core/websocket/reply-in-pieces", test_reply_in_pieces);
  g_test_add_func ("/core/websocket/reads-in-gulps", test_reads_in_gulps);
  g_test_add_func ("/core/websocket/flood-lets-main-loop-run", test_flood_lets_main_loop_run);
  g_test_add_func ("/core/websocket/wss-with-trusted-certificate",
                   test_wss_with_trusted_certificate);
  g_test_add_func ("/core/websocket/bad-accept-refused", test_bad_accept_refused);
  g_test_add_func ("/core/websocket/http-status-reported", test_http_status_reported);
  return g_test_run ();
}
