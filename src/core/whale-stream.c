/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-stream"

#include "config.h"

#include "whale-stream.h"

#include <string.h>

#include <libsoup/soup.h>

#include "whale-channel-state-private.h"
#include "whale-enums.h"
#include "whale-frame.h"
#include "whale-json.h"
#include "whale-token.h"
#include "whale-websocket.h"

/* Frames above this are refused by libsoup, which then closes the connection. */
#define MAX_FRAME_SIZE (4 * 1024 * 1024)

typedef struct
{
  WhaleStream       *stream;     /* unowned: the subscription lives inside it */
  WhaleChannelState *state;
  guint              ack_source;
  guint              poll_source;
  guint              poll_failures;
  GCancellable      *poll_cancellable;
} Subscription;

struct _WhaleStream
{
  GObject               parent_instance;

  char                 *url;
  char                 *rest_url;
  char                 *token;
  gboolean              reconnect;

  WhaleConnectionState  state;
  char                 *reason;
  gint64                retry_at;
  guint                 close_code;
  gboolean              started;

  SoupSession          *session;
  SoupWebsocketConnection *connection;
  GCancellable         *connect_cancellable;
  gint64                connected_at;
  gint64                last_receive;    /* monotonic µs */
  gint64                real_offset;     /* wall-clock µs minus monotonic µs */
  guint                 attempt;
  guint                 protocol_error;  /* close code libsoup failed the connection with */

  GListStore           *channels;
  GHashTable           *subscriptions;   /* wire name -> Subscription */
  /* The subscription the last frame was for: frames come from a few channels, mostly
   * one, and hashing each frame's channel name and looking it up was ~2 % of the
   * ingest's time. Cleared when that subscription is freed. */
  Subscription         *last_sub;
  WhaleFrameDecoder    *decoder;

  guint                 retry_source;
  guint                 watchdog_source;
  guint                 publish_source;

  guint64               n_frames;
  guint64               n_records;
  guint64               n_acks;
  guint64               n_errors;
  guint64               n_unexpected;
  guint                 n_connects;

  guint                 ack_timeout;
  guint                 idle_timeout;
  guint                 pong_timeout;
  guint                 backoff_initial;
  guint                 backoff_max;
  guint                 stable_time;
};

G_DEFINE_FINAL_TYPE (WhaleStream, whale_stream, G_TYPE_OBJECT)
G_DEFINE_QUARK (whale-stream-error-quark, whale_stream_error)

enum {
  PROP_0,
  PROP_URL,
  PROP_REST_URL,
  PROP_RECONNECT,
  PROP_STATE,
  PROP_REASON,
  PROP_RETRY_AT,
  PROP_CLOSE_CODE,
  PROP_CHANNELS,
  PROP_N_FRAMES,
  PROP_N_RECORDS,
  PROP_N_ACKS,
  PROP_N_ERRORS,
  PROP_N_UNEXPECTED,
  PROP_N_CONNECTS,
  PROP_ACK_TIMEOUT,
  PROP_IDLE_TIMEOUT,
  PROP_PONG_TIMEOUT,
  PROP_BACKOFF_INITIAL,
  PROP_BACKOFF_MAX,
  PROP_STABLE_TIME,
  N_PROPS
};

enum {
  SIGNAL_RECORD,
  SIGNAL_FRAME,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_now (WhaleStream *self);
static void poll_now (Subscription *sub);

/* Anything that may be shown or logged passes through here first. */
static char *
redact (WhaleStream *self,
        const char  *text)
{
  g_autoptr(GString) out = NULL;

  if (text == NULL)
    return NULL;
  out = g_string_new (text);
  if (self->token != NULL && self->token[0] != '\0')
    g_string_replace (out, self->token, "<redacted>", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
set_state (WhaleStream          *self,
           WhaleConnectionState  state,
           const char           *reason)
{
  g_autofree char *safe_reason = redact (self, reason);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->reason, safe_reason) != 0)
    {
      g_free (self->reason);
      self->reason = g_steal_pointer (&safe_reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (state != WHALE_CONNECTION_RECONNECTING && self->retry_at != 0)
    {
      self->retry_at = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* wss:// and https:// always; ws:// and http:// only to this machine. */
static GUri *
parse_url (const char  *url,
           const char  *secure_scheme,
           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  const char *scheme, *plain_scheme;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_set_error (error, WHALE_STREAM_ERROR, WHALE_STREAM_ERROR_UNREACHABLE,
                   "Not a valid URL");
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  plain_scheme = secure_scheme[0] == 'w' ? "ws" : "http";
  if (g_ascii_strcasecmp (scheme, secure_scheme) == 0)
    return g_steal_pointer (&uri);
  /* http:// for the socket, or ws:// for REST: a wrong kind of URL, not an insecure one. */
  if (g_ascii_strcasecmp (scheme, plain_scheme) != 0)
    {
      g_set_error (error, WHALE_STREAM_ERROR, WHALE_STREAM_ERROR_UNREACHABLE,
                   "%s:// is not a %s URL: use %s:// (or %s:// to this machine)", scheme,
                   secure_scheme[0] == 'w' ? "WebSocket" : "REST", secure_scheme, plain_scheme);
      return NULL;
    }
  if (host_is_loopback (g_uri_get_host (uri)))
    return g_steal_pointer (&uri);
  /* A developer's escape hatch (a test server on another machine), never a default. */
  if (g_strcmp0 (g_getenv ("WHALEWATCH_ALLOW_INSECURE"), "1") == 0)
    {
      g_warning ("INSECURE: WHALEWATCH_ALLOW_INSECURE=1: sending the API token over plain "
                 "%s:// to %s, unencrypted", scheme, g_uri_get_host (uri));
      return g_steal_pointer (&uri);
    }

  g_set_error (error, WHALE_STREAM_ERROR, WHALE_STREAM_ERROR_INSECURE,
               "Refusing %s:// to %s: only %s:// is allowed off this machine",
               scheme, g_uri_get_host (uri), secure_scheme);
  return NULL;
}

static char *
socket_url_with_token (WhaleStream  *self,
                       GError      **error)
{
  g_autoptr(GUri) uri = parse_url (self->url, "wss", error);
  g_autoptr(GUri) with_token = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *query = NULL;
  const char *old_query;

  if (uri == NULL)
    return NULL;
  if (self->token == NULL)
    return g_uri_to_string (uri);

  escaped = g_uri_escape_string (self->token, NULL, FALSE);
  old_query = g_uri_get_query (uri);
  query = old_query != NULL && old_query[0] != '\0'
          ? g_strdup_printf ("%s&token=%s", old_query, escaped)
          : g_strdup_printf ("token=%s", escaped);
  with_token = g_uri_build (G_URI_FLAGS_ENCODED_QUERY,
                            g_uri_get_scheme (uri), g_uri_get_userinfo (uri),
                            g_uri_get_host (uri), g_uri_get_port (uri),
                            g_uri_get_path (uri), query, g_uri_get_fragment (uri));
  return g_uri_to_string (with_token);
}

static gboolean
is_socket (Subscription *sub)
{
  const WhaleChannelInfo *info = whale_channel_state_get_info (sub->state);

  return info == NULL || info->transport == WHALE_TRANSPORT_SOCKET;
}

static void
send_message (WhaleStream *self,
              const char  *wire_name,
              const char  *msg_type)
{
  g_autoptr(GString) text = g_string_new ("{");

  if (self->connection == NULL
      || soup_websocket_connection_get_state (self->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  whale_json_append_member (text, "channel", TRUE);
  whale_json_append_string (text, wire_name);
  whale_json_append_member (text, "msg_type", FALSE);
  whale_json_append_string (text, msg_type);
  g_string_append_c (text, '}');
  soup_websocket_connection_send_text (self->connection, text->str);
}

static gboolean
ack_timeout_cb (gpointer user_data)
{
  Subscription *sub = user_data;
  g_autofree char *reason = NULL;

  sub->ack_source = 0;
  if (whale_channel_state_get_status (sub->state) == WHALE_CHANNEL_PENDING)
    {
      reason = g_strdup_printf ("no answer to the join in %u s",
                                (sub->stream->ack_timeout + 999) / 1000);
      whale_channel_state_set_status (sub->state, WHALE_CHANNEL_NOT_CONFIRMED, reason);
    }
  return G_SOURCE_REMOVE;
}

static void
join (Subscription *sub)
{
  WhaleStream *self = sub->stream;

  whale_channel_state_set_status (sub->state, WHALE_CHANNEL_PENDING, NULL);
  send_message (self, whale_channel_state_get_wire_name (sub->state), "join");
  g_clear_handle_id (&sub->ack_source, g_source_remove);
  sub->ack_source = g_timeout_add (self->ack_timeout, ack_timeout_cb, sub);
}

static void
subscription_stop (Subscription *sub)
{
  g_clear_handle_id (&sub->ack_source, g_source_remove);
  g_clear_handle_id (&sub->poll_source, g_source_remove);
  g_cancellable_cancel (sub->poll_cancellable);
  g_clear_object (&sub->poll_cancellable);
}

static void
subscription_free (gpointer data)
{
  Subscription *sub = data;

  if (sub->stream->last_sub == sub)
    sub->stream->last_sub = NULL;
  subscription_stop (sub);
  g_clear_object (&sub->state);
  g_free (sub);
}

/* The subscription to @channel, a frame's: NULL if there is none. */
static Subscription *
find_subscription (WhaleStream *self,
                   const char  *channel)
{
  Subscription *sub;

  if (self->last_sub != NULL
      && strcmp (whale_channel_state_get_wire_name (self->last_sub->state), channel) == 0)
    return self->last_sub;
  sub = g_hash_table_lookup (self->subscriptions, channel);
  if (sub != NULL)
    self->last_sub = sub;
  return sub;
}

/* ---- receiving --------------------------------------------------------- */

static void
handle_data (WhaleStream  *self,
             Subscription *sub,
             gint64        now)
{
  const WhaleChannelInfo *info = whale_channel_state_get_info (sub->state);
  WhaleFeed *feed = whale_channel_state_get_feed (sub->state);
  g_autoptr(WhaleRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  whale_channel_state_count_frame (sub->state, now);

  /* Data proves the join even where the ack went missing. */
  if (whale_channel_state_get_status (sub->state) != WHALE_CHANNEL_JOINED)
    {
      g_clear_handle_id (&sub->ack_source, g_source_remove);
      whale_channel_state_set_status (sub->state, WHALE_CHANNEL_JOINED, NULL);
    }

  whale_frame_decoder_set_keep_payloads (self->decoder,
                                         feed == NULL || whale_feed_get_keep_payloads (feed));
  record = whale_frame_decoder_build (self->decoder,
                                      info != NULL ? info->kind : WHALE_RECORD_RAW,
                                      &error);
  if (record == NULL)
    {
      self->n_errors++;
      whale_channel_state_count_error (sub->state);
      g_debug ("%s: dropped a record: %s",
               whale_channel_state_get_wire_name (sub->state), error->message);
      return;
    }

  self->n_records++;
  whale_channel_state_count_record (sub->state);
  if (feed != NULL)
    whale_feed_append (feed, record);
  /* Per record: skip the emission's setup when nobody listens (the usual case). */
  if (g_signal_has_handler_pending (self, signals[SIGNAL_RECORD], 0, TRUE))
    g_signal_emit (self, signals[SIGNAL_RECORD], 0, sub->state, record);
}

static void
handle_text (WhaleStream *self,
             GBytes      *message)
{
  const char *channel = NULL;
  const char *reason = NULL;
  WhaleFrameKind kind;
  Subscription *sub;

  kind = whale_frame_decoder_parse_bytes (self->decoder, message, &channel, &reason);
  if (kind == WHALE_FRAME_MALFORMED)
    {
      /* Counted on its channel too when the envelope named a subscribed one. */
      sub = channel != NULL ? find_subscription (self, channel) : NULL;
      self->n_errors++;
      if (sub != NULL)
        whale_channel_state_count_error (sub->state);
      g_debug ("dropped a malformed frame (%zu bytes): %s", g_bytes_get_size (message),
               reason ? reason : "");
      return;
    }

  sub = find_subscription (self, channel);
  if (sub == NULL || !is_socket (sub))
    {
      self->n_unexpected++;
      return;
    }

  /* While its join is unanswered, a refusal with more keys than a reply's two is still a
   * refusal, not data that proves the join. */
  if (kind == WHALE_FRAME_DATA
      && whale_channel_state_get_status (sub->state) != WHALE_CHANNEL_JOINED)
    kind = whale_frame_decoder_find_reply (self->decoder, &reason);

  switch (kind)
    {
    case WHALE_FRAME_ACK:
      self->n_acks++;
      g_clear_handle_id (&sub->ack_source, g_source_remove);
      whale_channel_state_set_status (sub->state, WHALE_CHANNEL_JOINED, NULL);
      break;

    case WHALE_FRAME_ERROR_REPLY:
      {
        g_autofree char *why = redact (self, reason != NULL ? reason : "error reply");

        self->n_errors++;
        whale_channel_state_count_error (sub->state);
        g_clear_handle_id (&sub->ack_source, g_source_remove);
        whale_channel_state_set_status (sub->state, WHALE_CHANNEL_NOT_CONFIRMED, why);
      }
      break;

    case WHALE_FRAME_DATA:
      /* Wall-clock time from the clock read in message_cb(): one clock call per frame. */
      handle_data (self, sub, self->last_receive + self->real_offset);
      break;

    case WHALE_FRAME_MALFORMED:
    default:
      g_assert_not_reached ();
    }
}

static void
message_cb (WhaleStream             *self,
            SoupWebsocketDataType    type,
            GBytes                  *message,
            SoupWebsocketConnection *connection)
{
  self->last_receive = g_get_monotonic_time ();
  self->n_frames++;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      self->n_errors++;
      g_debug ("dropped a binary frame (%zu bytes)", g_bytes_get_size (message));
      return;
    }

  if (g_signal_has_handler_pending (self, signals[SIGNAL_FRAME], 0, TRUE))
    g_signal_emit (self, signals[SIGNAL_FRAME], 0, message);
  handle_text (self, message);
}

static void
pong_cb (WhaleStream             *self,
         GBytes                  *message,
         SoupWebsocketConnection *connection)
{
  self->last_receive = g_get_monotonic_time ();
}

/* ---- connection life --------------------------------------------------- */

static void
notify_counters (WhaleStream *self)
{
  static const guint counters[] = {
    PROP_N_FRAMES, PROP_N_RECORDS, PROP_N_ACKS, PROP_N_ERRORS, PROP_N_UNEXPECTED,
  };
  gint64 now = g_get_real_time ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->channels));

  /* Re-read every second, so a clock step shows in frame times within one. */
  self->real_offset = now - g_get_monotonic_time ();

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < G_N_ELEMENTS (counters); i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[counters[i]]);
  g_object_thaw_notify (G_OBJECT (self));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WhaleChannelState) state = g_list_model_get_item (G_LIST_MODEL (self->channels), i);

      whale_channel_state_publish (state, now);
    }
}

static gboolean
publish_cb (gpointer user_data)
{
  notify_counters (WHALE_STREAM (user_data));
  return G_SOURCE_CONTINUE;
}

static void
drop_connection (WhaleStream *self)
{
  g_clear_handle_id (&self->watchdog_source, g_source_remove);
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->connection);
    }
}

static gboolean
retry_cb (gpointer user_data)
{
  WhaleStream *self = user_data;

  self->retry_source = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

/* Exponential backoff with full jitter: a random delay up to initial × 2^attempt. */
static void
schedule_reconnect (WhaleStream *self,
                    const char  *reason)
{
  guint64 ceiling;
  guint delay;

  drop_connection (self);
  /* No channel of a lost connection is joined any more: each is joined again on the
   * next one (join()). */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->subscriptions);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      if (is_socket (value))
        {
          Subscription *sub = value;

          g_clear_handle_id (&sub->ack_source, g_source_remove);
          whale_channel_state_set_status (sub->state, WHALE_CHANNEL_PENDING, NULL);
        }
  }
  if (!self->reconnect)
    {
      set_state (self, WHALE_CONNECTION_DISCONNECTED, reason);
      return;
    }

  ceiling = (guint64) self->backoff_initial << MIN (self->attempt, 16);
  ceiling = MIN (ceiling, self->backoff_max);
  delay = g_random_int_range (0, (gint32) MAX (ceiling, 1) + 1);
  self->attempt++;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add (delay, retry_cb, self);
  /* Set before the state's notification, so that its handlers can tell the wait. */
  self->retry_at = g_get_real_time () + (gint64) delay * 1000;
  set_state (self, WHALE_CONNECTION_RECONNECTING, reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AT]);
}

static void
closed_cb (WhaleStream             *self,
           SoupWebsocketConnection *connection)
{
  guint code = soup_websocket_connection_get_close_code (connection);
  g_autofree char *reason = NULL;

  /* Our own side's refusal (a frame too big, text not UTF-8) says more than the
   * peer's missing answer to it. */
  if (self->protocol_error != 0 && (code == 0 || code == SOUP_WEBSOCKET_CLOSE_ABNORMAL))
    code = self->protocol_error;
  if (code == 0)
    code = SOUP_WEBSOCKET_CLOSE_ABNORMAL;
  self->close_code = code;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSE_CODE]);

  if (g_get_monotonic_time () - self->connected_at >= (gint64) self->stable_time * 1000)
    self->attempt = 0;

  if (code == SOUP_WEBSOCKET_CLOSE_NORMAL)
    reason = g_strdup ("The server closed the connection");
  else if (code == SOUP_WEBSOCKET_CLOSE_TOO_BIG)
    reason = g_strdup ("The server sent a frame over the size limit");
  else if (code == SOUP_WEBSOCKET_CLOSE_BAD_DATA)
    reason = g_strdup ("The server sent a text frame that is not UTF-8");
  else
    reason = g_strdup_printf ("The connection dropped (code %u)", code);
  g_debug ("closed: %s", reason);
  schedule_reconnect (self, reason);
}

static void
error_cb (WhaleStream             *self,
          GError                  *error,
          SoupWebsocketConnection *connection)
{
  g_autofree char *message = redact (self, error->message);

  /* libsoup refused a frame (too big, invalid UTF-8, bad framing) and closes with the
   * error's code: that frame counts as an error. */
  if (error->domain == SOUP_WEBSOCKET_ERROR)
    {
      self->n_errors++;
      self->protocol_error = error->code;
    }
  g_debug ("connection error: %s", message);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  WhaleStream *self = user_data;
  gint64 silence = g_get_monotonic_time () - self->last_receive;

  if (silence > (gint64) (self->idle_timeout + self->pong_timeout) * 1000)
    {
      g_debug ("no frame and no pong for %" G_GINT64_FORMAT " ms: reconnecting", silence / 1000);
      self->close_code = SOUP_WEBSOCKET_CLOSE_ABNORMAL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSE_CODE]);
      schedule_reconnect (self, "The server stopped answering");
    }
  return G_SOURCE_CONTINUE;
}

/* An error of the socket's connect step: GSocketClient says so itself, in the user's
 * language, naming the host ("Could not connect to HOST: Connection refused"). */
static gboolean
connect_failed (const GError *error)
{
  return error->domain == G_IO_ERROR
         && (error->code == G_IO_ERROR_CONNECTION_REFUSED
             || error->code == G_IO_ERROR_HOST_UNREACHABLE
             || error->code == G_IO_ERROR_NETWORK_UNREACHABLE);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WhaleStream) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  GHashTableIter iter;
  gpointer value;
  guint status = 0;

  connection = whale_websocket_connect_finish (result, &status, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->connect_cancellable);

  if (connection == NULL)
    {
      g_autofree char *reason = NULL;

      if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
        {
          reason = g_strdup_printf (status == SOUP_STATUS_UNAUTHORIZED
                                    ? "The server rejected the API token (HTTP %u)"
                                    : "The API token has no streaming access (HTTP %u)",
                                    status);
          set_state (self, WHALE_CONNECTION_REJECTED, reason);
          return;
        }
      reason = status >= 100 && status != SOUP_STATUS_SWITCHING_PROTOCOLS
               ? g_strdup_printf ("The server refused the connection (HTTP %u)", status)
               : connect_failed (error)
               ? g_strdup (error->message)  /* GIO's "Could not connect to HOST: …" */
               : g_strdup_printf ("Could not connect: %s", error->message);
      schedule_reconnect (self, reason);
      return;
    }

  self->connection = g_steal_pointer (&connection);
  soup_websocket_connection_set_max_incoming_payload_size (self->connection, MAX_FRAME_SIZE);
  soup_websocket_connection_set_keepalive_interval (self->connection,
                                                    MAX (1, self->idle_timeout / 1000));
  g_signal_connect_object (self->connection, "message", G_CALLBACK (message_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connection, "pong", G_CALLBACK (pong_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connection, "closed", G_CALLBACK (closed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connection, "error", G_CALLBACK (error_cb), self,
                           G_CONNECT_SWAPPED);

  self->connected_at = self->last_receive = g_get_monotonic_time ();
  self->protocol_error = 0;
  self->real_offset = g_get_real_time () - self->connected_at;
  self->n_connects++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONNECTS]);
  self->watchdog_source = g_timeout_add (MAX (100, MIN (1000, self->pong_timeout / 4)),
                                         watchdog_cb, self);
  set_state (self, WHALE_CONNECTION_CONNECTED, NULL);

  g_hash_table_iter_init (&iter, self->subscriptions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (is_socket (value))
      join (value);
}

static void
connect_now (WhaleStream *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = socket_url_with_token (self, &error);

  drop_connection (self);
  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);

  if (url == NULL)
    {
      set_state (self, WHALE_CONNECTION_DISCONNECTED, error->message);
      return;
    }

  self->connect_cancellable = g_cancellable_new ();
  set_state (self, WHALE_CONNECTION_CONNECTING, NULL);
  whale_websocket_connect_async (url, USER_AGENT, NULL, self->connect_cancellable,
                                 connected_cb, g_object_ref (self));
}

/* ---- REST polls -------------------------------------------------------- */

static gboolean
poll_cb (gpointer user_data)
{
  Subscription *sub = user_data;

  sub->poll_source = 0;
  poll_now (sub);
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (Subscription *sub,
               guint         seconds)
{
  g_clear_handle_id (&sub->poll_source, g_source_remove);
  sub->poll_source = g_timeout_add_seconds (MAX (seconds, 1), poll_cb, sub);
}

/* Seconds to wait as the server asks: Retry-After (seconds), else the quota reset
 * header (milliseconds until the minute's quota resets, rounded up). */
static guint
retry_after (SoupMessage *msg)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  guint64 n;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, 3600, &n, NULL))
    return n;
  value = soup_message_headers_get_one (headers, "x-uw-req-per-minute-reset");
  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 0, 3600 * 1000, &n, NULL))
    return MAX (1, (n + 999) / 1000);
  return 60;
}

static void
poll_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Subscription *sub = user_data;
  WhaleStream *self;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  const WhaleChannelInfo *info;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *reason = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = sub->stream;
  info = whale_channel_state_get_info (sub->state);
  g_clear_object (&sub->poll_cancellable);
  status = msg != NULL ? soup_message_get_status (msg) : 0;

  if (body == NULL)
    {
      reason = g_strdup_printf ("Could not reach the server: %s", error->message);
    }
  else if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      reason = g_strdup_printf ("The server rejected the API token (HTTP %u)", status);
      whale_channel_state_count_error (sub->state);
      whale_channel_state_set_status (sub->state, WHALE_CHANNEL_FAILED, reason);
      return;  /* no retry until restarted with another token */
    }
  else if (status == 429 /* Too Many Requests */)
    {
      guint wait = MAX (retry_after (msg), info->poll_seconds);

      reason = g_strdup_printf ("Over the request quota (HTTP 429); next poll in %u s", wait);
      whale_channel_state_count_error (sub->state);
      whale_channel_state_set_status (sub->state, WHALE_CHANNEL_FAILED, reason);
      schedule_poll (sub, wait);
      return;
    }
  else if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      reason = g_strdup_printf ("The server answered HTTP %u", status);
    }
  else
    {
      gsize len;
      const char *data = g_bytes_get_data (body, &len);

      records = whale_frame_decoder_build_rest (self->decoder, info->kind, info->rest_path,
                                                data, len, &error);
      if (records == NULL)
        reason = g_strdup_printf ("Unexpected answer: %s", error->message);
    }

  if (reason != NULL)
    {
      /* Back off on failures, but never poll slower than the row's own period. */
      guint wait = MIN ((guint) 5 << MIN (sub->poll_failures, 8), info->poll_seconds);

      sub->poll_failures++;
      whale_channel_state_count_error (sub->state);
      whale_channel_state_set_status (sub->state, WHALE_CHANNEL_FAILED, reason);
      schedule_poll (sub, wait);
      return;
    }

  sub->poll_failures = 0;
  whale_channel_state_count_frame (sub->state, g_get_real_time ());
  whale_channel_state_set_status (sub->state, WHALE_CHANNEL_POLLING, NULL);
  {
    WhaleFeed *feed = whale_channel_state_get_feed (sub->state);

    /* A poll answers with the whole current list: it replaces the last one. A feed
     * shows the last record appended first, so the list goes in from its end and the
     * page shows it in the server's order (recent trades newest first). */
    if (feed != NULL)
      whale_feed_clear (feed);
    for (guint i = 0; i < records->len; i++)
      {
        WhaleRecord *record = g_ptr_array_index (records, i);

        self->n_records++;
        whale_channel_state_count_record (sub->state);
        g_signal_emit (self, signals[SIGNAL_RECORD], 0, sub->state, record);
      }
    for (guint i = records->len; feed != NULL && i > 0; i--)
      whale_feed_append (feed, g_ptr_array_index (records, i - 1));
    /* Swap the lists in one go, never showing an empty page in between. */
    if (feed != NULL)
      whale_feed_flush (feed);
  }
  schedule_poll (sub, info->poll_seconds);
}

static void
poll_now (Subscription *sub)
{
  WhaleStream *self = sub->stream;
  const WhaleChannelInfo *info = whale_channel_state_get_info (sub->state);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) base = parse_url (self->rest_url, "https", &error);
  g_autofree char *base_text = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  if (base == NULL)
    {
      whale_channel_state_set_status (sub->state, WHALE_CHANNEL_FAILED, error->message);
      return;
    }
  base_text = g_uri_to_string (base);
  url = g_strconcat (base_text, g_str_has_suffix (base_text, "/") ? info->rest_path + 1
                                                                  : info->rest_path, NULL);
  msg = soup_message_new (SOUP_METHOD_GET, url);
  if (msg == NULL)
    {
      whale_channel_state_set_status (sub->state, WHALE_CHANNEL_FAILED, "Not a valid URL");
      return;
    }
  if (self->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg),
                                    "Authorization", bearer);
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Accept", "application/json");

  g_cancellable_cancel (sub->poll_cancellable);
  g_clear_object (&sub->poll_cancellable);
  sub->poll_cancellable = g_cancellable_new ();
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    sub->poll_cancellable, poll_done_cb, sub);
}

/* ---- public API -------------------------------------------------------- */

WhaleStream *
whale_stream_new (void)
{
  return g_object_new (WHALE_TYPE_STREAM, NULL);
}

const char *
whale_stream_get_url (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), NULL);

  return self->url;
}

void
whale_stream_set_url (WhaleStream *self,
                      const char  *url)
{
  g_return_if_fail (WHALE_IS_STREAM (self));

  if (url == NULL || url[0] == '\0')
    url = WHALE_STREAM_DEFAULT_URL;
  if (g_strcmp0 (self->url, url) == 0)
    return;
  g_free (self->url);
  self->url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

const char *
whale_stream_get_rest_url (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), NULL);

  return self->rest_url;
}

void
whale_stream_set_rest_url (WhaleStream *self,
                           const char  *rest_url)
{
  g_return_if_fail (WHALE_IS_STREAM (self));

  if (rest_url == NULL || rest_url[0] == '\0')
    rest_url = WHALE_STREAM_DEFAULT_REST_URL;
  if (g_strcmp0 (self->rest_url, rest_url) == 0)
    return;
  g_free (self->rest_url);
  self->rest_url = g_strdup (rest_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REST_URL]);
}

void
whale_stream_set_token (WhaleStream *self,
                        const char  *token)
{
  g_return_if_fail (WHALE_IS_STREAM (self));

  g_clear_pointer (&self->token, whale_token_free);
  if (token != NULL && token[0] != '\0')
    self->token = g_strdup (token);
}

gboolean
whale_stream_has_token (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), FALSE);

  return self->token != NULL;
}

char *
whale_stream_dup_display_url (WhaleStream *self)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (WHALE_IS_STREAM (self), NULL);

  /* Only scheme, host, port and path: a query may carry a token. */
  uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return g_strdup ("(invalid URL)");
  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), g_uri_get_path (uri), NULL, NULL);
}

char *
whale_url_remove_token (const char  *url,
                        char       **token)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GString) query = NULL;
  char *found = NULL;
  GUriParamsIter iter;
  char *name;
  char *value;

  g_return_val_if_fail (url != NULL, NULL);

  if (token != NULL)
    *token = NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  if (uri == NULL || g_uri_get_query (uri) == NULL)
    return g_strdup (url);

  /* The other parameters stay, escaped again. */
  query = g_string_new (NULL);
  g_uri_params_iter_init (&iter, g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE);
  while (g_uri_params_iter_next (&iter, &name, &value, NULL))
    {
      if (g_ascii_strcasecmp (name, "token") == 0)
        {
          whale_token_free (found);
          found = g_steal_pointer (&value);
        }
      else
        {
          g_autofree char *escaped_name = g_uri_escape_string (name, NULL, FALSE);
          g_autofree char *escaped_value = g_uri_escape_string (value, NULL, FALSE);

          g_string_append_printf (query, "%s%s=%s", query->len > 0 ? "&" : "",
                                  escaped_name, escaped_value);
        }
      g_free (name);
      g_free (value);
    }
  if (found == NULL)
    return g_strdup (url);

  if (token != NULL)
    *token = found;
  else
    whale_token_free (found);
  return g_uri_join (G_URI_FLAGS_ENCODED_QUERY, g_uri_get_scheme (uri), g_uri_get_userinfo (uri),
                     g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri),
                     query->len > 0 ? query->str : NULL, g_uri_get_fragment (uri));
}

void
whale_stream_start (WhaleStream *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (WHALE_IS_STREAM (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->attempt = 0;
  self->publish_source = g_timeout_add_seconds (1, publish_cb, self);
  connect_now (self);

  g_hash_table_iter_init (&iter, self->subscriptions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!is_socket (value))
      poll_now (value);
}

void
whale_stream_stop (WhaleStream *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (WHALE_IS_STREAM (self));

  if (!self->started)
    return;
  self->started = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->publish_source, g_source_remove);
  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  drop_connection (self);

  g_hash_table_iter_init (&iter, self->subscriptions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Subscription *sub = value;

      subscription_stop (sub);
      whale_channel_state_set_status (sub->state, WHALE_CHANNEL_PENDING, NULL);
    }
  notify_counters (self);
  set_state (self, WHALE_CONNECTION_DISCONNECTED, NULL);
}

void
whale_stream_restart (WhaleStream *self)
{
  g_return_if_fail (WHALE_IS_STREAM (self));

  whale_stream_stop (self);
  whale_stream_start (self);
}

WhaleChannelState *
whale_stream_subscribe (WhaleStream            *self,
                        const WhaleChannelInfo *info,
                        const char             *ticker,
                        const char             *wire_override,
                        WhaleFeed              *feed)
{
  g_autofree char *wire_name = NULL;
  Subscription *sub;

  g_return_val_if_fail (WHALE_IS_STREAM (self), NULL);
  g_return_val_if_fail (info != NULL || wire_override != NULL, NULL);
  g_return_val_if_fail (info == NULL || !info->per_ticker || whale_ticker_is_valid (ticker), NULL);
  g_return_val_if_fail (feed == NULL || WHALE_IS_FEED (feed), NULL);

  if (wire_override != NULL && wire_override[0] != '\0'
      && (info == NULL || info->transport == WHALE_TRANSPORT_SOCKET))
    wire_name = g_strdup (wire_override);
  else if (info->transport == WHALE_TRANSPORT_REST)
    wire_name = g_strdup (info->rest_path);
  else
    wire_name = whale_channel_info_wire_name (info, ticker);

  sub = g_hash_table_lookup (self->subscriptions, wire_name);
  if (sub != NULL)
    return sub->state;

  sub = g_new0 (Subscription, 1);
  sub->stream = self;
  sub->state = whale_channel_state_new (info, info != NULL ? info->kind : WHALE_RECORD_RAW,
                                        info != NULL && info->per_ticker ? ticker : NULL,
                                        wire_name, feed);
  g_hash_table_insert (self->subscriptions, g_strdup (wire_name), sub);
  g_list_store_append (self->channels, sub->state);

  if (!is_socket (sub))
    {
      if (self->started)
        poll_now (sub);
    }
  else if (self->connection != NULL)
    {
      join (sub);
    }

  return sub->state;
}

void
whale_stream_unsubscribe (WhaleStream       *self,
                          WhaleChannelState *state)
{
  const char *wire_name;
  Subscription *sub;
  guint position;

  g_return_if_fail (WHALE_IS_STREAM (self));
  g_return_if_fail (WHALE_IS_CHANNEL_STATE (state));

  wire_name = whale_channel_state_get_wire_name (state);
  sub = g_hash_table_lookup (self->subscriptions, wire_name);
  if (sub == NULL || sub->state != state)
    return;

  /* The server's answer to a leave is unknown; its frames are dropped from now on and the
   * next reconnect will not join it. */
  if (is_socket (sub))
    send_message (self, wire_name, "leave");
  if (g_list_store_find (self->channels, state, &position))
    g_list_store_remove (self->channels, position);
  g_hash_table_remove (self->subscriptions, wire_name);
}

WhaleChannelState *
whale_stream_lookup (WhaleStream *self,
                     const char  *wire_name)
{
  Subscription *sub;

  g_return_val_if_fail (WHALE_IS_STREAM (self), NULL);
  g_return_val_if_fail (wire_name != NULL, NULL);

  sub = g_hash_table_lookup (self->subscriptions, wire_name);
  return sub != NULL ? sub->state : NULL;
}

GListModel *
whale_stream_get_channels (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), NULL);

  return G_LIST_MODEL (self->channels);
}

WhaleConnectionState
whale_stream_get_state (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), WHALE_CONNECTION_DISCONNECTED);

  return self->state;
}

const char *
whale_stream_get_reason (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), NULL);

  return self->reason;
}

gint64
whale_stream_get_retry_at (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), 0);

  return self->retry_at;
}

guint
whale_stream_get_close_code (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), 0);

  return self->close_code;
}

gboolean
whale_stream_get_reconnect (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), FALSE);

  return self->reconnect;
}

void
whale_stream_set_reconnect (WhaleStream *self,
                            gboolean     reconnect)
{
  g_return_if_fail (WHALE_IS_STREAM (self));

  reconnect = !!reconnect;
  if (self->reconnect == reconnect)
    return;
  self->reconnect = reconnect;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT]);
}

guint64
whale_stream_get_n_frames (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), 0);

  return self->n_frames;
}

guint64
whale_stream_get_n_records (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), 0);

  return self->n_records;
}

guint64
whale_stream_get_n_acks (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), 0);

  return self->n_acks;
}

guint64
whale_stream_get_n_errors (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), 0);

  return self->n_errors;
}

guint64
whale_stream_get_n_unexpected (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), 0);

  return self->n_unexpected;
}

guint
whale_stream_get_n_connects (WhaleStream *self)
{
  g_return_val_if_fail (WHALE_IS_STREAM (self), 0);

  return self->n_connects;
}

static void
whale_stream_dispose (GObject *object)
{
  WhaleStream *self = WHALE_STREAM (object);

  whale_stream_stop (self);
  g_hash_table_remove_all (self->subscriptions);
  g_list_store_remove_all (self->channels);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (whale_stream_parent_class)->dispose (object);
}

static void
whale_stream_finalize (GObject *object)
{
  WhaleStream *self = WHALE_STREAM (object);

  whale_stream_set_token (self, NULL);
  g_clear_pointer (&self->subscriptions, g_hash_table_unref);
  g_clear_object (&self->channels);
  g_clear_pointer (&self->decoder, whale_frame_decoder_free);
  g_free (self->url);
  g_free (self->rest_url);
  g_free (self->reason);

  G_OBJECT_CLASS (whale_stream_parent_class)->finalize (object);
}

static guint *
timing_field (WhaleStream *self,
              guint        prop_id)
{
  switch (prop_id)
    {
    case PROP_ACK_TIMEOUT: return &self->ack_timeout;
    case PROP_IDLE_TIMEOUT: return &self->idle_timeout;
    case PROP_PONG_TIMEOUT: return &self->pong_timeout;
    case PROP_BACKOFF_INITIAL: return &self->backoff_initial;
    case PROP_BACKOFF_MAX: return &self->backoff_max;
    case PROP_STABLE_TIME: return &self->stable_time;
    default: return NULL;
    }
}

static void
whale_stream_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  WhaleStream *self = WHALE_STREAM (object);
  guint *timing = timing_field (self, prop_id);

  if (timing != NULL)
    {
      g_value_set_uint (value, *timing);
      return;
    }

  switch (prop_id)
    {
    case PROP_URL: g_value_set_string (value, self->url); break;
    case PROP_REST_URL: g_value_set_string (value, self->rest_url); break;
    case PROP_RECONNECT: g_value_set_boolean (value, self->reconnect); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_REASON: g_value_set_string (value, self->reason); break;
    case PROP_RETRY_AT: g_value_set_int64 (value, self->retry_at); break;
    case PROP_CLOSE_CODE: g_value_set_uint (value, self->close_code); break;
    case PROP_CHANNELS: g_value_set_object (value, self->channels); break;
    case PROP_N_FRAMES: g_value_set_uint64 (value, self->n_frames); break;
    case PROP_N_RECORDS: g_value_set_uint64 (value, self->n_records); break;
    case PROP_N_ACKS: g_value_set_uint64 (value, self->n_acks); break;
    case PROP_N_ERRORS: g_value_set_uint64 (value, self->n_errors); break;
    case PROP_N_UNEXPECTED: g_value_set_uint64 (value, self->n_unexpected); break;
    case PROP_N_CONNECTS: g_value_set_uint (value, self->n_connects); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_stream_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  WhaleStream *self = WHALE_STREAM (object);
  guint *timing = timing_field (self, prop_id);

  if (timing != NULL)
    {
      if (*timing != g_value_get_uint (value))
        {
          *timing = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      return;
    }

  switch (prop_id)
    {
    case PROP_URL: whale_stream_set_url (self, g_value_get_string (value)); break;
    case PROP_REST_URL: whale_stream_set_rest_url (self, g_value_get_string (value)); break;
    case PROP_RECONNECT: whale_stream_set_reconnect (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_stream_class_init (WhaleStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  static const struct { guint id; const char *name; guint value; } timings[] = {
    { PROP_ACK_TIMEOUT, "ack-timeout", 5000 },
    { PROP_IDLE_TIMEOUT, "idle-timeout", 30000 },
    { PROP_PONG_TIMEOUT, "pong-timeout", 10000 },
    { PROP_BACKOFF_INITIAL, "backoff-initial", 1000 },
    { PROP_BACKOFF_MAX, "backoff-max", 60000 },
    { PROP_STABLE_TIME, "stable-time", 60000 },
  };

  whale_websocket_tune_libsoup ();

  object_class->dispose = whale_stream_dispose;
  object_class->finalize = whale_stream_finalize;
  object_class->get_property = whale_stream_get_property;
  object_class->set_property = whale_stream_set_property;

  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, WHALE_STREAM_DEFAULT_URL, rw);
  properties[PROP_REST_URL] =
    g_param_spec_string ("rest-url", NULL, NULL, WHALE_STREAM_DEFAULT_REST_URL, rw);
  properties[PROP_RECONNECT] = g_param_spec_boolean ("reconnect", NULL, NULL, TRUE, rw);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, WHALE_TYPE_CONNECTION_STATE,
                       WHALE_CONNECTION_DISCONNECTED, ro);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, ro);
  properties[PROP_RETRY_AT] =
    g_param_spec_int64 ("retry-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_CLOSE_CODE] = g_param_spec_uint ("close-code", NULL, NULL, 0, 65535, 0, ro);
  properties[PROP_CHANNELS] =
    g_param_spec_object ("channels", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_N_FRAMES] =
    g_param_spec_uint64 ("n-frames", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_RECORDS] =
    g_param_spec_uint64 ("n-records", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_ACKS] = g_param_spec_uint64 ("n-acks", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_ERRORS] =
    g_param_spec_uint64 ("n-errors", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_UNEXPECTED] =
    g_param_spec_uint64 ("n-unexpected", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_CONNECTS] =
    g_param_spec_uint ("n-connects", NULL, NULL, 0, G_MAXUINT, 0, ro);
  for (guint i = 0; i < G_N_ELEMENTS (timings); i++)
    properties[timings[i].id] =
      g_param_spec_uint (timings[i].name, NULL, NULL, 1, G_MAXINT32, timings[i].value, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_RECORD] =
    g_signal_new ("record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, WHALE_TYPE_CHANNEL_STATE, WHALE_TYPE_RECORD);
  signals[SIGNAL_FRAME] =
    g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BYTES | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
whale_stream_init (WhaleStream *self)
{
  self->url = g_strdup (WHALE_STREAM_DEFAULT_URL);
  self->rest_url = g_strdup (WHALE_STREAM_DEFAULT_REST_URL);
  self->reconnect = TRUE;
  self->ack_timeout = 5000;
  self->idle_timeout = 30000;
  self->pong_timeout = 10000;
  self->backoff_initial = 1000;
  self->backoff_max = 60000;
  self->stable_time = 60000;
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT, NULL);
  self->channels = g_list_store_new (WHALE_TYPE_CHANNEL_STATE);
  self->subscriptions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               subscription_free);
  self->decoder = whale_frame_decoder_new ();
}
