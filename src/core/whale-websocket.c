/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-websocket"

#include "config.h"

#include <string.h>

#include "whale-buffered-input.h"
#include "whale-marshal.h"
#include "whale-websocket.h"

/* Opens a client WebSocket: the TCP (and for wss://, TLS) connection through GIO, the
 * RFC 6455 opening handshake here, then a SoupWebsocketConnection over the connection
 * whose input side is a WhaleBufferedInput.
 *
 * Why not soup_session_websocket_connect_async(): the connection libsoup builds there
 * reads its socket 1 KiB at a time, one recv() per frame of the UW stream, and libsoup
 * offers no way to put a buffer in between. Everything after the handshake (framing,
 * UTF-8 checks, ping/pong, close) is still libsoup's. What the handshake leaves out of
 * libsoup's: no compression extension is offered, and cookies, HTTP authentication and
 * redirects do not apply (the token travels in the URL, as UW's API wants).
 *
 * The URL (which carries the token) goes nowhere but the request line: errors name
 * neither it nor the request. */

#define HANDSHAKE_TIMEOUT_S 30
#define MAX_RESPONSE_HEAD (16 * 1024)
#define WEBSOCKET_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

typedef struct
{
  GUri         *uri;
  GTlsDatabase *tls_database;
  char         *request;
  char         *key;
  GSocket      *socket;
  GIOStream    *connection;
  GByteArray   *response;
  guint         status;
} Handshake;

static void
handshake_free (Handshake *handshake)
{
  g_clear_pointer (&handshake->uri, g_uri_unref);
  g_clear_object (&handshake->tls_database);
  g_free (handshake->request);
  g_free (handshake->key);
  g_clear_object (&handshake->socket);
  g_clear_object (&handshake->connection);
  g_clear_pointer (&handshake->response, g_byte_array_unref);
  g_free (handshake);
}

static void read_response (GTask *task);

static char *
expected_accept (const char *key)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_checksum_update (sha1, (const guchar *) key, -1);
  g_checksum_update (sha1, (const guchar *) WEBSOCKET_GUID, -1);
  g_checksum_get_digest (sha1, digest, &len);
  return g_base64_encode (digest, len);
}

static gboolean
fail (GTask      *task,
      const char *message)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", message);
  return FALSE;
}

/* Checks the response head (status line and headers, @len bytes) and returns TRUE for a
 * valid 101; otherwise returns the task's result and FALSE. */
static gboolean
check_response (GTask      *task,
                const char *head,
                gsize       len)
{
  Handshake *handshake = g_task_get_task_data (task);
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autofree char *accept = NULL;

  if (!soup_headers_parse_response (head, (int) len, headers, NULL, &handshake->status, NULL))
    return fail (task, "The server's reply is not HTTP");
  if (handshake->status != SOUP_STATUS_SWITCHING_PROTOCOLS)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "The server answered HTTP %u", handshake->status);
      return FALSE;
    }
  accept = expected_accept (handshake->key);
  if (!soup_message_headers_header_equals (headers, "Upgrade", "websocket")
      || !soup_message_headers_header_contains (headers, "Connection", "upgrade")
      || g_strcmp0 (soup_message_headers_get_one (headers, "Sec-WebSocket-Accept"), accept) != 0)
    return fail (task, "The server's WebSocket handshake is invalid");
  if (soup_message_headers_get_one (headers, "Sec-WebSocket-Extensions") != NULL
      || soup_message_headers_get_one (headers, "Sec-WebSocket-Protocol") != NULL)
    return fail (task, "The server chose a WebSocket extension or protocol nobody asked for");
  return TRUE;
}

static void
open_websocket (GTask *task,
                gsize  head_len)
{
  Handshake *handshake = g_task_get_task_data (task);
  g_autoptr(GBytes) rest = NULL;
  g_autoptr(WhaleBufferedInput) input = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GUri) uri = NULL;

  /* From here the connection lives as long as the WebSocket: no I/O timeout. */
  g_socket_set_timeout (handshake->socket, 0);

  rest = g_bytes_new (handshake->response->data + head_len, handshake->response->len - head_len);
  input = whale_buffered_input_new (handshake->connection, rest);
  stream = g_simple_io_stream_new (G_INPUT_STREAM (input),
                                   g_io_stream_get_output_stream (handshake->connection));
  /* The connection's URI without the query, where the token is. */
  uri = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (handshake->uri), NULL,
                     g_uri_get_host (handshake->uri), g_uri_get_port (handshake->uri),
                     g_uri_get_path (handshake->uri), NULL, NULL);
  g_task_return_pointer (task,
                         soup_websocket_connection_new (stream, uri,
                                                        SOUP_WEBSOCKET_CONNECTION_CLIENT,
                                                        NULL, NULL, NULL),
                         g_object_unref);
}

static void
response_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Handshake *handshake = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              &error);
  const char *data;
  const char *end;

  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      fail (task, "The server closed the connection during the handshake");
      return;
    }

  g_byte_array_append (handshake->response, g_bytes_get_data (bytes, NULL),
                       g_bytes_get_size (bytes));
  data = (const char *) handshake->response->data;
  end = g_strstr_len (data, MIN (handshake->response->len, MAX_RESPONSE_HEAD), "\r\n\r\n");
  if (end == NULL)
    {
      if (handshake->response->len >= MAX_RESPONSE_HEAD)
        fail (task, "The server's reply to the handshake is too long");
      else
        read_response (g_steal_pointer (&task));
      return;
    }

  if (check_response (task, data, end + 4 - data))
    open_websocket (task, end + 4 - data);
}

/* Reads the reply in small pieces: what follows its head (the first frames, perhaps)
 * stays in the buffer handed to the WebSocket. */
static void
read_response (GTask *task)
{
  Handshake *handshake = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (handshake->connection), 4096,
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   response_read_cb, task);
}

static void
request_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  read_response (g_steal_pointer (&task));
}

static void
socket_event_cb (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 Handshake          *handshake)
{
  if (event == G_SOCKET_CLIENT_CONNECTED)
    g_set_object (&handshake->socket,
                  g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection)));
  else if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING && handshake->tls_database != NULL)
    g_tls_connection_set_database (G_TLS_CONNECTION (connection), handshake->tls_database);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Handshake *handshake = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  handshake->connection = G_IO_STREAM (g_socket_client_connect_finish (G_SOCKET_CLIENT (source),
                                                                        result, &error));
  if (handshake->connection == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_assert (handshake->socket != NULL);

  cancellable = g_task_get_cancellable (task);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (handshake->connection),
                                   handshake->request, strlen (handshake->request),
                                   G_PRIORITY_DEFAULT, cancellable,
                                   request_written_cb, g_steal_pointer (&task));
}

static char *
build_request (GUri       *uri,
               const char *key,
               const char *user_agent,
               int         default_port)
{
  GString *request = g_string_new ("GET ");
  const char *path = g_uri_get_path (uri);
  const char *host = g_uri_get_host (uri);
  int port = g_uri_get_port (uri);

  g_string_append (request, path[0] != '\0' ? path : "/");
  if (g_uri_get_query (uri) != NULL)
    g_string_append_printf (request, "?%s", g_uri_get_query (uri));
  g_string_append (request, " HTTP/1.1\r\nHost: ");
  g_string_append_printf (request, strchr (host, ':') != NULL ? "[%s]" : "%s", host);
  if (port != -1 && port != default_port)
    g_string_append_printf (request, ":%d", port);
  g_string_append_printf (request,
                          "\r\nUpgrade: websocket\r\n"
                          "Connection: Upgrade\r\n"
                          "Sec-WebSocket-Key: %s\r\n"
                          "Sec-WebSocket-Version: 13\r\n"
                          "User-Agent: %s\r\n"
                          "\r\n",
                          key, user_agent);
  return g_string_free (request, FALSE);
}

/* @url is ws:// or wss:// (the caller decides which are allowed). A wss:// server's
 * certificate is checked against @tls_database, or the system's trust when NULL. A
 * failure's error is the connection's (cannot resolve, refused, certificate, timeout)
 * or the handshake's; when the server answered with an HTTP status other than 101,
 * finish() gives it. */
void
whale_websocket_connect_async (const char          *url,
                               const char          *user_agent,
                               GTlsDatabase        *tls_database,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = NULL;
  g_autofree char *server = NULL;
  Handshake *handshake = g_new0 (Handshake, 1);
  guint32 nonce[4];
  gboolean secure;
  int default_port;

  g_return_if_fail (url != NULL);
  g_return_if_fail (user_agent != NULL);

  g_task_set_source_tag (task, whale_websocket_connect_async);
  g_task_set_task_data (task, handshake, (GDestroyNotify) handshake_free);
  g_set_object (&handshake->tls_database, tls_database);

  handshake->uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (handshake->uri == NULL || g_uri_get_host (handshake->uri) == NULL)
    {
      fail (task, "Not a valid URL");
      return;
    }
  secure = g_ascii_strcasecmp (g_uri_get_scheme (handshake->uri), "wss") == 0;
  default_port = secure ? 443 : 80;

  for (guint i = 0; i < G_N_ELEMENTS (nonce); i++)
    nonce[i] = g_random_int ();
  handshake->key = g_base64_encode ((const guchar *) nonce, sizeof nonce);
  handshake->request = build_request (handshake->uri, handshake->key, user_agent, default_port);
  handshake->response = g_byte_array_new ();

  /* An http(s):// address, so that a proxy resolver sees the scheme it knows. */
  server = g_uri_join (G_URI_FLAGS_NONE, secure ? "https" : "http", NULL,
                       g_uri_get_host (handshake->uri), g_uri_get_port (handshake->uri),
                       "", NULL, NULL);
  address = g_network_address_parse_uri (server, default_port, NULL);
  if (address == NULL)
    {
      fail (task, "Not a valid URL");
      return;
    }
  g_socket_client_set_tls (client, secure);
  g_socket_client_set_timeout (client, HANDSHAKE_TIMEOUT_S);
  g_signal_connect (client, "event", G_CALLBACK (socket_event_cb), handshake);
  g_socket_client_connect_async (client, address, cancellable, connected_cb,
                                 g_steal_pointer (&task));
}

/* Returns the open WebSocket, or NULL with @error set; *@status is the server's HTTP
 * status when it answered, else 0. */
SoupWebsocketConnection *
whale_websocket_connect_finish (GAsyncResult  *result,
                                guint         *status,
                                GError       **error)
{
  Handshake *handshake;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == whale_websocket_connect_async,
                        NULL);

  handshake = g_task_get_task_data (G_TASK (result));
  if (status != NULL)
    *status = handshake->status;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- libsoup's per-message costs ------------------------------------------------ */

static void
drop_log_cb (const char     *log_domain,
             GLogLevelFlags  log_level,
             const char     *message,
             gpointer        user_data)
{
}

static int drop_libsoup_debug;  /* atomic: libsoup logs from the simulator's thread too */

/* GLib 2.74's g_log() formats a message before any handler gets the chance to drop it:
 * for libsoup's two debug lines per WebSocket message, 4 400 instructions a frame, a
 * tenth of all the ingest path's. Defined in the program, this g_log() comes before
 * GLib's for every caller (ELF symbol interposition, as a program's own malloc() does).
 * It drops those lines unformatted when drop_log_cb would have dropped them anyway, and
 * hands everything else to g_logv() unchanged. */
void
g_log (const char     *log_domain,
       GLogLevelFlags  log_level,
       const char     *format,
       ...)
{
  va_list args;

  if (log_level == G_LOG_LEVEL_DEBUG && g_atomic_int_get (&drop_libsoup_debug)
      && g_strcmp0 (log_domain, "libsoup") == 0)
    return;

  va_start (args, format);
  g_logv (log_domain, log_level, format, args);
  va_end (args);
}

void
whale_websocket_tune_libsoup (void)
{
  static gsize done;
  const char *debug_domains;

  if (!g_once_init_enter (&done))
    return;

  /* libsoup logs two debug lines for every WebSocket message. The default handler drops
   * them unless G_MESSAGES_DEBUG asks, but only after looking the variable up and going
   * through structured logging: a tenth of the transport's cost per frame. When nobody
   * asked, they are dropped here, straight away (and by g_log() above before they are
   * even formatted); when someone did, they print as ever. */
  debug_domains = g_getenv ("G_MESSAGES_DEBUG");
  if (debug_domains == NULL || *debug_domains == '\0')
    {
      g_log_set_handler ("libsoup", G_LOG_LEVEL_DEBUG, drop_log_cb, NULL);
      g_atomic_int_set (&drop_libsoup_debug, TRUE);
    }

  /* libsoup registers its "message" signal without a marshaller, so every message went
   * through GLib's generic one and libffi: a sixth of the transport's own cost per
   * frame. A generated one for its signature (int, GBytes) takes the fast path. */
  {
    g_autoptr(GTypeClass) connection_class = g_type_class_ref (SOUP_TYPE_WEBSOCKET_CONNECTION);
    guint message_signal = g_signal_lookup ("message", SOUP_TYPE_WEBSOCKET_CONNECTION);
    GSignalQuery query;

    g_signal_query (message_signal, &query);
    if (query.n_params == 2 && (query.param_types[0] & ~G_SIGNAL_TYPE_STATIC_SCOPE) == G_TYPE_INT
        && G_TYPE_IS_BOXED (query.param_types[1] & ~G_SIGNAL_TYPE_STATIC_SCOPE)
        && query.return_type == G_TYPE_NONE)
      g_signal_set_va_marshaller (message_signal, SOUP_TYPE_WEBSOCKET_CONNECTION,
                                  whale_marshal_VOID__INT_BOXEDv);
  }

  g_once_init_leave (&done, 1);
}
