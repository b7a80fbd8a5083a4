/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>
#include <unistd.h>

#include "whale-channel.h"
#include "whale-flow-alert.h"
#include "whale-market-mover.h"
#include "whale-recording.h"
#include "whale-simulator.h"
#include "whale-stream.h"
#include "whale-test-util.h"

/* Faults injected through the simulator (or a loopback server of the test's own),
 * each followed by proof that the next valid frame is still processed. Faults already
 * covered by test-stream (1006 drop, stall, join error and no ack, 401, binary and
 * malformed frames) are listed in RELIABILITY.md rather than repeated here. */

#define TEST_TOKEN "fault-token-7c41e0b2"

typedef struct
{
  WhaleSimulator    *simulator;
  WhaleStream       *stream;
  WhaleFeed         *flow;
  WhaleChannelState *state;
  GPtrArray         *faulty;   /* records whose id starts with "fault-" */
} Fixture;

static const WhaleField *
flow_field (const char *name)
{
  WhaleRecordClass *klass = g_type_class_ref (WHALE_TYPE_FLOW_ALERT);
  const WhaleField *field = whale_record_class_find_field (klass, name);

  g_type_class_unref (klass);
  g_assert_nonnull (field);
  return field;
}

static void
record_cb (WhaleStream       *stream,
           WhaleChannelState *state,
           WhaleRecord       *record,
           Fixture           *fixture)
{
  const char *id;

  if (!WHALE_IS_FLOW_ALERT (record))
    return;
  id = whale_record_get_string (record, flow_field ("id"));
  if (id != NULL && g_str_has_prefix (id, "fault-"))
    g_ptr_array_add (fixture->faulty, g_object_ref (record));
}

/* @data non-NULL: the simulator sends flow alerts as fast as the socket takes them. */
static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->simulator = whale_test_start_simulator (TEST_TOKEN, data != NULL ? 0 : 50);
  fixture->stream = whale_test_new_stream (fixture->simulator, TEST_TOKEN, 1000);
  fixture->flow = whale_feed_new (WHALE_TYPE_FLOW_ALERT, 1000);
  fixture->faulty = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (fixture->stream, "record", G_CALLBACK (record_cb), fixture);
  fixture->state = whale_stream_subscribe (fixture->stream,
                                           whale_channel_info_lookup ("flow-alerts"),
                                           NULL, NULL, fixture->flow);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *reason = whale_stream_get_reason (fixture->stream);

  g_assert_true (reason == NULL || strstr (reason, TEST_TOKEN) == NULL);
  g_clear_object (&fixture->stream);
  g_clear_object (&fixture->flow);
  whale_simulator_stop (fixture->simulator);
  g_clear_object (&fixture->simulator);
  g_clear_pointer (&fixture->faulty, g_ptr_array_unref);
}

static void
start_and_join (Fixture *fixture)
{
  whale_stream_start (fixture->stream);
  WHALE_WAIT_UNTIL (whale_channel_state_get_status (fixture->state) == WHALE_CHANNEL_JOINED,
                    5000);
}

/* The proof after every fault: generated flow alerts still become records. */
static void
assert_next_frame_processed (Fixture *fixture)
{
  guint64 records = whale_channel_state_get_records (fixture->state);

  WHALE_WAIT_UNTIL (whale_channel_state_get_records (fixture->state) > records + 1, 10000);
}

/* A valid flow alert frame (the test fixture) with its id replaced. */
static char *
flow_frame (const char *id)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "flow-alert.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) frame = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  frame = g_string_new (g_strstrip (text));
  g_assert_cmpuint (g_string_replace (frame, "0b6c2a5e-0000-4000-8000-000000000001", id, 1),
                    ==, 1);
  return g_string_free (g_steal_pointer (&frame), FALSE);
}

/* ---- connection faults ------------------------------------------------- */

static void
test_tcp_reset (Fixture       *fixture,
                gconstpointer  data)
{
  start_and_join (fixture);
  whale_simulator_reset_connections (fixture->simulator);
  WHALE_WAIT_UNTIL (whale_stream_get_state (fixture->stream) != WHALE_CONNECTION_CONNECTED, 5000);
  g_assert_cmpuint (whale_stream_get_close_code (fixture->stream), ==, 1006);
  g_assert_nonnull (strstr (whale_stream_get_reason (fixture->stream), "dropped"));

  WHALE_WAIT_UNTIL (whale_stream_get_n_connects (fixture->stream) == 2
                    && whale_channel_state_get_status (fixture->state) == WHALE_CHANNEL_JOINED,
                    5000);
  assert_next_frame_processed (fixture);
}

static void
test_rejected_403 (Fixture       *fixture,
                   gconstpointer  data)
{
  whale_simulator_set_reject (fixture->simulator, 403);
  whale_stream_start (fixture->stream);
  WHALE_WAIT_UNTIL (whale_stream_get_state (fixture->stream) == WHALE_CONNECTION_REJECTED, 5000);
  g_assert_nonnull (strstr (whale_stream_get_reason (fixture->stream), "403"));
  g_assert_nonnull (strstr (whale_stream_get_reason (fixture->stream), "no streaming access"));
  g_assert_cmpint (whale_stream_get_retry_at (fixture->stream), ==, 0);

  /* Final: no retries, the channel is not shown as joined. */
  WHALE_SPIN_FOR (1000);
  g_assert_cmpint (whale_stream_get_state (fixture->stream), ==, WHALE_CONNECTION_REJECTED);
  g_assert_cmpuint (whale_stream_get_n_connects (fixture->stream), ==, 0);
  g_assert_cmpuint (whale_simulator_get_n_connections (fixture->simulator), ==, 0);
  g_assert_cmpint (whale_channel_state_get_status (fixture->state), !=, WHALE_CHANNEL_JOINED);

  /* A restart (new token or plan) clears the state. */
  whale_simulator_set_reject (fixture->simulator, 0);
  whale_stream_restart (fixture->stream);
  WHALE_WAIT_UNTIL (whale_channel_state_get_status (fixture->state) == WHALE_CHANNEL_JOINED, 5000);
  g_assert_null (whale_stream_get_reason (fixture->stream));
  assert_next_frame_processed (fixture);
}

/* libsoup will not send a text frame that is not UTF-8, so this server speaks raw
 * WebSocket: the first connection gets an ack and then invalid UTF-8, the next one an
 * ack and a valid flow alert. */
typedef struct
{
  int   n_connections;
  char *valid_frame;
} RawServer;

static gboolean
write_frame (GOutputStream *out,
             const char    *payload,
             gsize          len)
{
  guint8 header[4] = { 0x81, 0, 0, 0 };   /* FIN + text, unmasked from a server */
  gsize header_len = 2;

  if (len < 126)
    header[1] = (guint8) len;
  else
    {
      g_assert (len <= G_MAXUINT16);
      header[1] = 126;
      header[2] = (guint8) (len >> 8);
      header[3] = (guint8) len;
      header_len = 4;
    }
  return g_output_stream_write_all (out, header, header_len, NULL, NULL, NULL)
         && g_output_stream_write_all (out, payload, len, NULL, NULL, NULL);
}

static gboolean
raw_run_cb (GThreadedSocketService *service,
            GSocketConnection      *connection,
            GObject                *source,
            RawServer              *raw)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (in);
  g_autofree char *key = NULL;
  g_autofree char *accept = NULL;
  g_autofree char *response = NULL;
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  static const char ack[] = "[\"flow-alerts\",{\"response\":{},\"status\":\"ok\"}]";
  static const char invalid[] = "[\"flow-alerts\",{\"id\":\"fault-\xff\xfe\xc3\"}]";
  guint8 digest[20];
  gsize digest_len = sizeof digest;
  int n = g_atomic_int_add (&raw->n_connections, 1);
  char buffer[4096];

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, NULL);

      if (line == NULL)
        return TRUE;
      g_strchomp (line);
      if (line[0] == '\0')
        break;
      if (g_ascii_strncasecmp (line, "Sec-WebSocket-Key:", 18) == 0)
        key = g_strstrip (g_strdup (line + 18));
    }
  g_assert_nonnull (key);
  g_checksum_update (sha1, (const guint8 *) key, -1);
  g_checksum_update (sha1, (const guint8 *) "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", -1);
  g_checksum_get_digest (sha1, digest, &digest_len);
  accept = g_base64_encode (digest, digest_len);
  response = g_strdup_printf ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                              "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", accept);
  if (!g_output_stream_write_all (out, response, strlen (response), NULL, NULL, NULL)
      || !write_frame (out, ack, strlen (ack)))
    return TRUE;
  if (n == 0)
    write_frame (out, invalid, strlen (invalid));
  else
    write_frame (out, raw->valid_frame, strlen (raw->valid_frame));

  /* Until the client goes (its close frame is not answered: it gives up on its own). */
  while (g_input_stream_read (G_INPUT_STREAM (lines), buffer, sizeof buffer, NULL, NULL) > 0)
    ;
  return TRUE;
}

static void
test_invalid_utf8 (void)
{
  RawServer raw = { 0, flow_frame ("fault-after-invalid") };
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (4);
  g_autoptr(WhaleStream) stream = NULL;
  g_autoptr(WhaleFeed) feed = whale_feed_new (WHALE_TYPE_FLOW_ALERT, 100);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  WhaleChannelState *state;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (raw_run_cb), &raw);
  g_socket_service_start (service);
  url = g_strdup_printf ("ws://127.0.0.1:%u/socket", port);

  stream = g_object_new (WHALE_TYPE_STREAM, "url", url, "backoff-initial", 50,
                         "backoff-max", 100, NULL);
  whale_stream_set_token (stream, TEST_TOKEN);
  state = whale_stream_subscribe (stream, whale_channel_info_lookup ("flow-alerts"), NULL, NULL,
                                  feed);
  whale_stream_start (stream);

  /* libsoup refuses the frame and closes with 1007; the stream reconnects and the next
   * valid frame becomes a record. Nothing undecodable became one. */
  WHALE_WAIT_UNTIL (whale_stream_get_n_connects (stream) >= 2, 10000);
  /* 1007 is what libsoup sends; this server never answers it, so the client sees 1006. */
  g_assert_cmpuint (whale_stream_get_close_code (stream), >=, 1006);
  g_assert_cmpuint (whale_stream_get_close_code (stream), <=, 1007);
  WHALE_WAIT_UNTIL (whale_channel_state_get_records (state) == 1, 10000);
  whale_feed_flush (feed);
  {
    g_autoptr(WhaleRecord) record = g_list_model_get_item (G_LIST_MODEL (feed), 0);

    g_assert_cmpstr (whale_record_get_string (record, flow_field ("id")), ==,
                     "fault-after-invalid");
  }
  whale_stream_stop (stream);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_free (raw.valid_frame);
}

static void
test_frame_over_decoder_limit (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GString) big = g_string_new ("[\"flow-alerts\",{\"id\":\"fault-big\",\"pad\":\"");
  guint64 errors;

  start_and_join (fixture);
  errors = whale_channel_state_get_errors (fixture->state);
  for (guint i = 0; i < 2 * 1024; i++)
    g_string_append_printf (big, "%01023u", i);
  g_string_append (big, "\"}]");
  whale_simulator_send_text (fixture->simulator, big->str);

  /* 2 MiB: over the decoder's 1 MiB limit, under the socket's. Refused, counted on
   * its channel, and the connection stays up. */
  WHALE_WAIT_UNTIL (whale_stream_get_n_errors (fixture->stream) >= 1, 10000);
  g_assert_cmpuint (fixture->faulty->len, ==, 0);
  assert_next_frame_processed (fixture);
  g_assert_cmpuint (whale_stream_get_n_connects (fixture->stream), ==, 1);
  (void) errors;
}

static void
test_frame_over_socket_limit (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GString) huge = g_string_new ("[\"flow-alerts\",{\"id\":\"fault-huge\",\"pad\":\"");

  start_and_join (fixture);
  g_string_append_len (huge, "", 0);
  while (huge->len < 5 * 1024 * 1024)
    g_string_append (huge, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  g_string_append (huge, "\"}]");
  whale_simulator_send_text (fixture->simulator, huge->str);

  /* 5 MiB: libsoup refuses it (1009) and drops the connection; the stream reopens it. */
  WHALE_WAIT_UNTIL (whale_stream_get_n_connects (fixture->stream) >= 2, 10000);
  g_assert_cmpuint (whale_stream_get_close_code (fixture->stream), ==, 1009);
  g_assert_cmpuint (fixture->faulty->len, ==, 0);
  WHALE_WAIT_UNTIL (whale_channel_state_get_status (fixture->state) == WHALE_CHANNEL_JOINED, 5000);
  assert_next_frame_processed (fixture);
}

/* ---- payload faults ---------------------------------------------------- */

static void
test_deep_nesting (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) deep_payload = g_string_new ("[\"flow-alerts\",{\"id\":\"fault-deep\",\"a\":");
  guint64 errors;

  start_and_join (fixture);
  errors = whale_stream_get_n_errors (fixture->stream);
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  for (guint i = 0; i < 100000; i++)
    g_string_append (deep_payload, "{\"a\":");
  g_string_append (deep_payload, "1");
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep_payload, '}');
  g_string_append (deep_payload, "}]");

  whale_simulator_send_text (fixture->simulator, deep->str);
  whale_simulator_send_text (fixture->simulator, deep_payload->str);
  WHALE_WAIT_UNTIL (whale_stream_get_n_errors (fixture->stream) >= errors + 2, 10000);
  g_assert_cmpuint (fixture->faulty->len, ==, 0);
  assert_next_frame_processed (fixture);
  g_assert_cmpuint (whale_stream_get_n_connects (fixture->stream), ==, 1);
}

static void
test_wrong_types (Fixture       *fixture,
                  gconstpointer  data)
{
  WhaleRecordClass *klass = g_type_class_ref (WHALE_TYPE_FLOW_ALERT);
  g_autoptr(GString) all_wrong = g_string_new ("[\"flow-alerts\",{");
  g_autoptr(GString) identity_only = g_string_new ("[\"flow-alerts\",{");
  const WhaleField *fields;
  guint n_fields;
  guint64 errors;
  WhaleRecord *record;

  fields = whale_record_class_get_fields (klass, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      const WhaleField *field = &fields[i];
      /* An object is the wrong type for every field kind (strings, numbers, times,
       * booleans and lists alike). */
      const char *wrong = i % 2 ? "{\"x\":1}" : "[{}]";

      if (field->flags & WHALE_FIELD_DERIVED)
        continue;
      g_string_append_printf (all_wrong, "%s\"%s\":%s", all_wrong->len > 16 ? "," : "",
                              field->name, field->type == WHALE_FIELD_STRV ? "{}" : wrong);
      if (!(field->flags & WHALE_FIELD_IDENTITY))
        g_string_append_printf (identity_only, "\"%s\":%s,", field->name,
                                field->type == WHALE_FIELD_STRV ? "\"x\"" : wrong);
    }
  g_string_append (all_wrong, "}]");
  g_string_append (identity_only,
                   "\"id\":\"fault-typed\",\"ticker\":\"ACME\",\"option_chain\":\"ACME260116C00120000\"}]");

  start_and_join (fixture);
  errors = whale_channel_state_get_errors (fixture->state);

  /* Every field wrong: no identity, so no record, and the error is counted. */
  whale_simulator_send_text (fixture->simulator, all_wrong->str);
  WHALE_WAIT_UNTIL (whale_channel_state_get_errors (fixture->state) > errors, 5000);

  /* Identity right, everything else wrong: a record whose other fields read as missing. */
  whale_simulator_send_text (fixture->simulator, identity_only->str);
  WHALE_WAIT_UNTIL (fixture->faulty->len == 1, 5000);
  record = g_ptr_array_index (fixture->faulty, 0);
  for (guint i = 0; i < n_fields; i++)
    if (!(fields[i].flags & (WHALE_FIELD_IDENTITY | WHALE_FIELD_DERIVED))
        && fields[i].type != WHALE_FIELD_BOOLEAN)
      g_assert_false (whale_record_has_field (record, &fields[i]));
  g_type_class_unref (klass);
  assert_next_frame_processed (fixture);
}

static void
test_duplicate_ids (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *frame = flow_frame ("fault-duplicate");

  start_and_join (fixture);
  whale_simulator_send_text (fixture->simulator, frame);
  whale_simulator_send_text (fixture->simulator, frame);

  /* Both are kept: the feed shows what the server sent, and nothing breaks. */
  WHALE_WAIT_UNTIL (fixture->faulty->len == 2, 5000);
  g_assert_cmpstr (whale_record_get_string (g_ptr_array_index (fixture->faulty, 0), flow_field ("id")),
                   ==, "fault-duplicate");
  g_assert_cmpstr (whale_record_get_string (g_ptr_array_index (fixture->faulty, 1), flow_field ("id")),
                   ==, "fault-duplicate");
  assert_next_frame_processed (fixture);
}

static void
test_timestamps_out_of_order (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *newer = flow_frame ("fault-newer");
  g_autofree char *older = flow_frame ("fault-older");
  g_autoptr(GString) older_text = g_string_new (older);

  g_string_replace (older_text, "1768400000050", "1768300000050", 0);
  start_and_join (fixture);
  whale_simulator_send_text (fixture->simulator, newer);
  whale_simulator_send_text (fixture->simulator, older_text->str);

  /* Arrival order is kept; each keeps its own time. */
  WHALE_WAIT_UNTIL (fixture->faulty->len == 2, 5000);
  g_assert_cmpint (whale_record_get_time (g_ptr_array_index (fixture->faulty, 0)), >,
                   whale_record_get_time (g_ptr_array_index (fixture->faulty, 1)));
  whale_feed_flush (fixture->flow);
  assert_next_frame_processed (fixture);
}

static void
test_paused_feed_bounded (Fixture       *fixture,
                          gconstpointer  data)
{
  guint capacity = whale_feed_get_capacity (fixture->flow);
  gsize rss_at_start;
  guint64 received;

  /* Paused before the first frame: at full speed, a flush could otherwise show rows
   * between the join and the pause. */
  whale_feed_set_paused (fixture->flow, TRUE);
  start_and_join (fixture);
  WHALE_WAIT_UNTIL (whale_feed_get_n_received (fixture->flow) >= 10000, 30000);
  rss_at_start = whale_test_rss_bytes ();
  WHALE_WAIT_UNTIL (whale_feed_get_n_received (fixture->flow) >= 110000, 120000);

  /* Held back, not shown, and never more than a page's worth kept. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->flow)), ==, 0);
  g_assert_cmpuint (whale_feed_get_n_pending (fixture->flow), <=, capacity);
  g_assert_cmpuint (whale_feed_get_n_evicted (fixture->flow), >=, 100000 - capacity);
  g_test_message ("RSS %zu KiB after 10 000 frames, %zu KiB after 110 000",
                  rss_at_start / 1024, whale_test_rss_bytes () / 1024);
  g_assert_cmpuint (whale_test_rss_bytes (), <=, rss_at_start + rss_at_start / 10);

  /* Resuming shows the newest page at once. */
  received = whale_feed_get_n_received (fixture->flow);
  whale_feed_set_paused (fixture->flow, FALSE);
  WHALE_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->flow)) == capacity, 5000);
  WHALE_WAIT_UNTIL (whale_feed_get_n_received (fixture->flow) > received, 5000);
}

/* ---- REST faults ------------------------------------------------------- */

static void
test_rest_5xx_backs_off (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(WhaleFeed) movers = whale_feed_new (WHALE_TYPE_MARKET_MOVER, 100);
  WhaleChannelState *state;
  guint requests;

  whale_simulator_set_rest_status (fixture->simulator, 503);
  state = whale_stream_subscribe (fixture->stream, whale_channel_info_lookup ("market-movers"),
                                  NULL, NULL, movers);
  whale_stream_start (fixture->stream);
  WHALE_WAIT_UNTIL (whale_channel_state_get_status (state) == WHALE_CHANNEL_FAILED, 5000);
  g_assert_nonnull (strstr (whale_channel_state_get_reason (state), "503"));
  requests = whale_simulator_get_n_rest_requests (fixture->simulator);
  g_assert_cmpuint (requests, ==, 1);

  /* Backs off (5 s first) rather than hammering a failing server... */
  WHALE_SPIN_FOR (2000);
  g_assert_cmpuint (whale_simulator_get_n_rest_requests (fixture->simulator), ==, requests);

  /* ...and recovers on its own once the server does. */
  whale_simulator_set_rest_status (fixture->simulator, 0);
  WHALE_WAIT_UNTIL (whale_channel_state_get_status (state) == WHALE_CHANNEL_POLLING, 10000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (movers)), >, 0);
  g_assert_cmpuint (whale_channel_state_get_errors (state), ==, 1);
}

typedef struct
{
  GHashTable *headers;   /* response header -> value */
  guint       n_requests;
} QuotaServer;

static void
quota_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  QuotaServer *quota = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  GHashTableIter iter;
  gpointer name, value;

  quota->n_requests++;
  g_hash_table_iter_init (&iter, quota->headers);
  while (g_hash_table_iter_next (&iter, &name, &value))
    soup_message_headers_append (headers, name, value);
  soup_server_message_set_status (msg, 429, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    "{\"message\":\"Too many requests\"}", 31);
}

/* Polls market movers (a 60 s row) against a server that answers 429 with @name: @value;
 * returns the reason the channel shows. */
static char *
reason_after_429 (const char *name,
                  const char *value)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(WhaleStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *rest_url = NULL;
  QuotaServer quota = { g_hash_table_new (g_str_hash, g_str_equal), 0 };
  WhaleChannelState *state;
  char *reason;

  g_hash_table_insert (quota.headers, (gpointer) name, (gpointer) value);
  soup_server_add_handler (server, NULL, quota_cb, &quota, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  rest_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  stream = g_object_new (WHALE_TYPE_STREAM, "url", "ws://127.0.0.1:1/socket",
                         "rest-url", rest_url, "reconnect", FALSE, NULL);
  state = whale_stream_subscribe (stream, whale_channel_info_lookup ("market-movers"),
                                  NULL, NULL, NULL);
  whale_stream_start (stream);
  WHALE_WAIT_UNTIL (whale_channel_state_get_status (state) == WHALE_CHANNEL_FAILED, 5000);
  g_assert_cmpuint (quota.n_requests, ==, 1);
  reason = g_strdup (whale_channel_state_get_reason (state));
  whale_stream_stop (stream);
  g_hash_table_unref (quota.headers);
  return reason;
}

static void
test_rest_429_honours_quota_headers (void)
{
  g_autofree char *retry_after = reason_after_429 ("Retry-After", "300");
  g_autofree char *reset_ms = reason_after_429 ("x-uw-req-per-minute-reset", "1500");
  g_autofree char *reset_long = reason_after_429 ("x-uw-req-per-minute-reset", "95000");

  g_assert_nonnull (strstr (retry_after, "429"));
  /* Retry-After is seconds: wait that long, beyond the row's own 60 s period. */
  g_assert_nonnull (strstr (retry_after, "next poll in 300 s"));
  /* The quota reset is milliseconds: 1.5 s is less than the period, so the period
   * rules (it once read as 1500 s). */
  g_assert_nonnull (strstr (reset_ms, "next poll in 60 s"));
  g_assert_nonnull (strstr (reset_long, "next poll in 95 s"));
}

/* ---- transport security ------------------------------------------------ */

static void
test_insecure_refused_unless_developer_option (void)
{
  g_autoptr(WhaleStream) stream = whale_stream_new ();

  g_object_set (stream, "reconnect", FALSE, NULL);
  whale_stream_set_token (stream, TEST_TOKEN);
  whale_stream_set_url (stream, "ws://192.0.2.1/socket");
  g_unsetenv ("WHALEWATCH_ALLOW_INSECURE");
  whale_stream_start (stream);
  g_assert_cmpint (whale_stream_get_state (stream), ==, WHALE_CONNECTION_DISCONNECTED);
  g_assert_nonnull (strstr (whale_stream_get_reason (stream), "Refusing ws:// to 192.0.2.1"));
  g_assert_null (strstr (whale_stream_get_reason (stream), TEST_TOKEN));
  whale_stream_stop (stream);

  /* The developer option lets it through, loudly. */
  g_setenv ("WHALEWATCH_ALLOW_INSECURE", "1", TRUE);
  g_test_expect_message ("whale-stream", G_LOG_LEVEL_WARNING, "INSECURE:*192.0.2.1*");
  whale_stream_start (stream);
  g_test_assert_expected_messages ();
  g_assert_cmpint (whale_stream_get_state (stream), ==, WHALE_CONNECTION_CONNECTING);
  whale_stream_stop (stream);
  g_unsetenv ("WHALEWATCH_ALLOW_INSECURE");
}

static void
test_wss_verifies_certificates (void)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupServer) server = whale_test_tls_server_new (&url);
  g_autoptr(WhaleStream) stream = NULL;

  /* A certificate nobody vouches for is refused, even on loopback. */
  stream = g_object_new (WHALE_TYPE_STREAM, "url", url, "reconnect", FALSE, NULL);
  whale_stream_set_token (stream, TEST_TOKEN);
  whale_stream_start (stream);
  WHALE_WAIT_UNTIL (whale_stream_get_state (stream) == WHALE_CONNECTION_DISCONNECTED, 5000);
  g_test_message ("reason: %s", whale_stream_get_reason (stream));
  g_assert_nonnull (strstr (whale_stream_get_reason (stream), "Could not connect"));
  g_assert_cmpuint (whale_stream_get_n_connects (stream), ==, 0);
  g_assert_null (strstr (whale_stream_get_reason (stream), TEST_TOKEN));
}

/* ---- recordings -------------------------------------------------------- */

static void
test_recording_torn_and_out_of_range (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GArray) frames = NULL;
  guint n_malformed = 0, n_incomplete = 0;
  int fd = g_file_open_tmp ("whale-faults-XXXXXX.jsonl", &path, &error);
  const char *text =
    "{\"t\":1768400000000,\"frame\":\"[\\\"price:SPY\\\",{}]\"}\n"
    /* A time no gint64 holds (a fuzzing finding: the cast was undefined). */
    "{\"t\":1e300,\"frame\":\"[\\\"price:SPY\\\",{}]\"}\n"
    "{\"t\":1768400000100,\"frame\":\"[\\\"price:QQQ\\\",{}]\"}\n"
    "{\"t\":1768400000200,\"frame\":\"[\\\"pri";

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  frames = whale_recording_read (path, &n_malformed, &n_incomplete, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (frames->len, ==, 2);
  g_assert_cmpuint (n_malformed, ==, 1);
  g_assert_cmpuint (n_incomplete, ==, 1);
  g_assert_cmpint (g_array_index (frames, WhaleRecordedFrame, 1).time_ms, ==, 1768400000100);
  g_assert_cmpstr (g_array_index (frames, WhaleRecordedFrame, 1).frame, ==, "[\"price:QQQ\",{}]");
  g_unlink (path);
}

#define ADD(path, fn) \
  g_test_add ("/core/faults/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
#define ADD_FAST(path, fn) \
  g_test_add ("/core/faults/" path, Fixture, GINT_TO_POINTER (1), fixture_setup, fn, \
              fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ADD ("tcp-reset", test_tcp_reset);
  ADD ("rejected-403", test_rejected_403);
  g_test_add_func ("/core/faults/invalid-utf8", test_invalid_utf8);
  ADD ("frame-over-decoder-limit", test_frame_over_decoder_limit);
  ADD ("frame-over-socket-limit", test_frame_over_socket_limit);
  ADD ("deep-nesting", test_deep_nesting);
  ADD ("wrong-types", test_wrong_types);
  ADD ("duplicate-ids", test_duplicate_ids);
  ADD ("timestamps-out-of-order", test_timestamps_out_of_order);
  ADD_FAST ("paused-feed-bounded", test_paused_feed_bounded);
  ADD ("rest-5xx-backs-off", test_rest_5xx_backs_off);
  g_test_add_func ("/core/faults/rest-429-honours-quota-headers",
                   test_rest_429_honours_quota_headers);
  g_test_add_func ("/core/faults/insecure-refused-unless-developer-option",
                   test_insecure_refused_unless_developer_option);
  g_test_add_func ("/core/faults/wss-verifies-certificates", test_wss_verifies_certificates);
  g_test_add_func ("/core/faults/recording-torn-and-out-of-range",
                   test_recording_torn_and_out_of_range);
  return g_test_run ();
}
