/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "whale-recording.h"
#include "whale-simulator.h"
#include "whale-test-util.h"

#define TEST_TOKEN "sim-test-token-1234"

/* A plain libsoup client on the test's main context: the simulator serves from a
 * thread of its own. */
typedef struct
{
  SoupSession             *session;
  SoupMessage             *msg;
  SoupWebsocketConnection *conn;
  GError                  *error;
  gboolean                 done;
  GPtrArray               *frames;   /* text frames, in order */
  guint                    n_binary;
  guint                    n_pongs;
  gboolean                 closed;
  gushort                  close_code;
  gboolean                 errored;
} Client;

typedef struct
{
  WhaleSimulator *simulator;
  char           *url;
  char           *rest_url;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->simulator = whale_simulator_new ();
  whale_simulator_set_token (fixture->simulator, TEST_TOKEN);
  whale_simulator_set_rate (fixture->simulator, 20);
  if (data != NULL)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", data, NULL);

      g_assert_true (whale_simulator_load_recording (fixture->simulator, path, 4.0, &error));
      g_assert_no_error (error);
    }
  g_assert_true (whale_simulator_start (fixture->simulator, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (whale_simulator_get_port (fixture->simulator), >, 0);
  fixture->url = whale_simulator_dup_url (fixture->simulator);
  fixture->rest_url = whale_simulator_dup_rest_url (fixture->simulator);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  whale_simulator_stop (fixture->simulator);
  g_clear_object (&fixture->simulator);
  g_free (fixture->url);
  g_free (fixture->rest_url);
}

static void
message_cb (SoupWebsocketConnection *conn,
            int                      type,
            GBytes                  *message,
            Client                  *client)
{
  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    g_ptr_array_add (client->frames, g_strndup (g_bytes_get_data (message, NULL),
                                                g_bytes_get_size (message)));
  else
    client->n_binary++;
}

static void
pong_cb (SoupWebsocketConnection *conn,
         GBytes                  *message,
         Client                  *client)
{
  client->n_pongs++;
}

static void
closed_cb (SoupWebsocketConnection *conn,
           Client                  *client)
{
  client->closed = TRUE;
  client->close_code = soup_websocket_connection_get_close_code (conn);
}

static void
error_cb (SoupWebsocketConnection *conn,
          GError                  *error,
          Client                  *client)
{
  client->errored = TRUE;
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Client *client = user_data;

  client->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                        &client->error);
  if (client->conn != NULL)
    {
      g_signal_connect (client->conn, "message", G_CALLBACK (message_cb), client);
      g_signal_connect (client->conn, "pong", G_CALLBACK (pong_cb), client);
      g_signal_connect (client->conn, "closed", G_CALLBACK (closed_cb), client);
      g_signal_connect (client->conn, "error", G_CALLBACK (error_cb), client);
    }
  client->done = TRUE;
}

static Client *
client_connect (const char *url,
                const char *token)
{
  Client *client = g_new0 (Client, 1);
  g_autofree char *full = token != NULL ? g_strdup_printf ("%s?token=%s", url, token)
                                        : g_strdup (url);

  client->session = soup_session_new ();
  client->frames = g_ptr_array_new_with_free_func (g_free);
  client->msg = soup_message_new ("GET", full);
  soup_session_websocket_connect_async (client->session, client->msg, NULL, NULL,
                                        G_PRIORITY_DEFAULT, NULL, connect_cb, client);
  WHALE_WAIT_UNTIL (client->done, 5000);
  return client;
}

static void
client_free (Client *client)
{
  if (client->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (client->conn, client);
      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }
  g_clear_object (&client->conn);
  g_clear_object (&client->msg);
  g_clear_object (&client->session);
  g_clear_error (&client->error);
  g_ptr_array_unref (client->frames);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static void
client_send (Client     *client,
             const char *msg_type,
             const char *channel)
{
  g_autofree char *text = g_strdup_printf ("{\"channel\":\"%s\",\"msg_type\":\"%s\"}",
                                           channel, msg_type);

  soup_websocket_connection_send_text (client->conn, text);
}

static gboolean
has_frame (Client     *client,
           const char *text)
{
  for (guint i = 0; i < client->frames->len; i++)
    if (strcmp (g_ptr_array_index (client->frames, i), text) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
has_prefix (Client     *client,
            const char *prefix)
{
  for (guint i = 0; i < client->frames->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (client->frames, i), prefix))
      return TRUE;
  return FALSE;
}

static guint
count_prefix (Client     *client,
              const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < client->frames->len; i++)
    n += g_str_has_prefix (g_ptr_array_index (client->frames, i), prefix);
  return n;
}

static gboolean
joined (WhaleSimulator *simulator,
        const char     *channel)
{
  g_auto(GStrv) names = whale_simulator_dup_joined (simulator);

  return g_strv_contains ((const char * const *) names, channel);
}

/* Parses [channel, {payload}]; fails the test on any other shape. */
static JsonNode *
parse_frame (const char  *text,
             const char **channel,
             JsonObject **payload)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = json_from_string (text, &error);
  JsonArray *array;

  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 0)), ==, G_TYPE_STRING);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, 1)));
  *channel = json_array_get_string_element (array, 0);
  *payload = json_array_get_object_element (array, 1);
  return root;
}

static GType
member_type (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    g_error ("missing member %s", name);
  if (JSON_NODE_HOLDS_NULL (node))
    return G_TYPE_NONE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return G_TYPE_OBJECT;
  return json_node_get_value_type (node);
}

#define assert_string(o, name) \
  g_assert_cmpstr (g_type_name (member_type (o, name)), ==, "gchararray")
#define assert_integer(o, name) \
  g_assert_cmpstr (g_type_name (member_type (o, name)), ==, "gint64")

static double
string_number (JsonObject *object,
               const char *name)
{
  const char *text = json_object_get_string_member (object, name);
  char *end = NULL;
  double value;

  g_assert_nonnull (text);
  value = g_ascii_strtod (text, &end);
  g_assert_true (end != text && *end == '\0');
  return value;
}

static double
any_number (JsonObject *object,
            const char *name)
{
  if (member_type (object, name) == G_TYPE_STRING)
    return string_number (object, name);
  return json_object_get_double_member (object, name);
}

static void
assert_iso_time (JsonObject *object,
                 const char *name)
{
  g_autoptr(GDateTime) time = NULL;

  assert_string (object, name);
  time = g_date_time_new_from_iso8601 (json_object_get_string_member (object, name), NULL);
  g_assert_nonnull (time);
  g_assert_cmpint (llabs (g_date_time_to_unix (time) - g_get_real_time () / G_USEC_PER_SEC), <, 60);
}

static void
assert_ms_time (JsonObject *object,
                const char *name)
{
  assert_integer (object, name);
  g_assert_cmpint (llabs (json_object_get_int_member (object, name) - g_get_real_time () / 1000),
                   <, 60 * 1000);
}

/* ROOT YYMMDD C|P strike*1000 in 8 digits. */
typedef struct
{
  char     root[8];
  GDate    expiry;
  gboolean call;
  double   strike;
} Occ;

static void
parse_occ (const char *symbol,
           Occ        *occ)
{
  gsize len = strlen (symbol);
  const char *date;
  int yy, mm, dd;

  g_assert_cmpuint (len, >=, 16);
  g_assert_cmpuint (len, <=, 21);
  date = symbol + len - 15;
  memset (occ, 0, sizeof *occ);
  memcpy (occ->root, symbol, len - 15);
  for (guint i = 0; i < 15; i++)
    if (i != 6)
      g_assert_true (g_ascii_isdigit (date[i]));
  g_assert_true (date[6] == 'C' || date[6] == 'P');
  yy = (date[0] - '0') * 10 + date[1] - '0';
  mm = (date[2] - '0') * 10 + date[3] - '0';
  dd = (date[4] - '0') * 10 + date[5] - '0';
  g_assert_true (g_date_valid_dmy (dd, mm, 2000 + yy));
  g_date_clear (&occ->expiry, 1);
  g_date_set_dmy (&occ->expiry, dd, mm, 2000 + yy);
  occ->call = date[6] == 'C';
  occ->strike = g_ascii_strtoull (date + 7, NULL, 10) / 1000.0;
}

static int
days_from_today (const GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  return g_date_days_between (&today, date);
}

static void
test_token (Fixture       *fixture,
            gconstpointer  data)
{
  {
    g_autoptr(Client) client = client_connect (fixture->url, NULL);

    g_assert_null (client->conn);
    g_assert_nonnull (client->error);
    g_assert_cmpuint (soup_message_get_status (client->msg), ==, 401);
  }
  {
    g_autoptr(Client) client = client_connect (fixture->url, "wrong-token");

    g_assert_null (client->conn);
    g_assert_cmpuint (soup_message_get_status (client->msg), ==, 401);
  }
  g_assert_cmpuint (whale_simulator_get_n_connections (fixture->simulator), ==, 0);
  {
    g_autoptr(Client) client = client_connect (fixture->url, TEST_TOKEN);

    g_assert_no_error (client->error);
    g_assert_nonnull (client->conn);
    g_assert_cmpuint (soup_message_get_status (client->msg), ==, 101);
    g_assert_cmpuint (whale_simulator_get_n_connections (fixture->simulator), ==, 1);
    WHALE_WAIT_UNTIL (whale_simulator_get_n_clients (fixture->simulator) == 1, 2000);
  }

  /* A plan without streaming: every upgrade refused. */
  whale_simulator_set_reject (fixture->simulator, 403);
  {
    g_autoptr(Client) client = client_connect (fixture->url, TEST_TOKEN);

    g_assert_null (client->conn);
    g_assert_cmpuint (soup_message_get_status (client->msg), ==, 403);
  }
  whale_simulator_set_reject (fixture->simulator, 0);
  {
    g_autoptr(Client) client = client_connect (fixture->url, TEST_TOKEN);

    g_assert_nonnull (client->conn);
    g_assert_cmpuint (whale_simulator_get_n_connections (fixture->simulator), ==, 2);
  }
}

static void
test_join_ack (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(Client) client = client_connect (fixture->url, TEST_TOKEN);
  gint64 sent;

  g_assert_nonnull (client->conn);
  sent = g_get_monotonic_time ();
  client_send (client, "join", "gex:SPY");
  WHALE_WAIT_UNTIL (client->frames->len > 0, 1000);
  g_assert_cmpint (g_get_monotonic_time () - sent, >=, 15 * 1000);
  /* The ack comes first, exactly as UW sends it. */
  g_assert_cmpstr (g_ptr_array_index (client->frames, 0), ==,
                   "[\"gex:SPY\",{\"response\":{},\"status\":\"ok\"}]");
  g_assert_true (joined (fixture->simulator, "gex:SPY"));

  client_send (client, "join", "dark_pool");
  WHALE_WAIT_UNTIL (has_prefix (client, "[\"dark_pool\""), 1000);
  g_assert_true (has_frame (client, "[\"dark_pool\",{\"response\":{\"reason\":\"unknown channel\"},"
                                    "\"status\":\"error\"}]"));
  g_assert_false (joined (fixture->simulator, "dark_pool"));
  g_assert_cmpuint (count_prefix (client, "[\"dark_pool\""), ==, 1);

  /* Garbage from the client is ignored; the connection stays. */
  soup_websocket_connection_send_text (client->conn, "{not json");
  soup_websocket_connection_send_text (client->conn, "{\"channel\":\"news\"}");
  client_send (client, "join", "price:QQQ");
  WHALE_WAIT_UNTIL (has_frame (client, "[\"price:QQQ\",{\"response\":{},\"status\":\"ok\"}]"), 1000);
  g_assert_false (client->closed);
}

static void
test_ignore_join (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(Client) client = client_connect (fixture->url, TEST_TOKEN);

  whale_simulator_set_ignore_join (fixture->simulator, "price:AAPL");
  client_send (client, "join", "price:AAPL");
  client_send (client, "join", "price:TSLA");
  WHALE_WAIT_UNTIL (count_prefix (client, "[\"price:TSLA\",{\"ticker\"") >= 3, 5000);
  g_assert_true (has_frame (client, "[\"price:TSLA\",{\"response\":{},\"status\":\"ok\"}]"));
  g_assert_cmpuint (count_prefix (client, "[\"price:AAPL\""), ==, 0);
  /* It was asked for, so it counts as joined. */
  g_assert_true (joined (fixture->simulator, "price:AAPL"));
}

static void
check_flow_alert (JsonObject *alert,
                  GHashTable *ids,
                  guint      *n_sweeps)
{
  static const char *const rule_names[] = {
    "RepeatedHits", "RepeatedHitsAscendingFill", "RepeatedHitsDescendingFill",
    "FloorTradeSmallCap", "FloorTradeMidCap", "FloorTradeLargeCap", "OtmEarningsFloor",
    "LowHistoricVolumeFloor", "SweepsFollowedByFloor", NULL,
  };
  const char *ticker = json_object_get_string_member (alert, "ticker");
  JsonArray *conditions;
  gboolean isoi = FALSE;
  double spot, price, premium;
  Occ occ;
  int days;

  g_assert_true (g_hash_table_add (ids, g_strdup (json_object_get_string_member (alert, "id"))));
  g_assert_cmpuint (strlen (json_object_get_string_member (alert, "id")), ==, 36);
  if (member_type (alert, "rule_name") != G_TYPE_NONE)
    g_assert_true (g_strv_contains (rule_names, json_object_get_string_member (alert, "rule_name")));

  /* UW sends bid and ask as strings, the rest as numbers. */
  assert_string (alert, "bid");
  assert_string (alert, "ask");
  g_assert_true (member_type (alert, "price") == G_TYPE_DOUBLE
                 || member_type (alert, "price") == G_TYPE_INT64);
  assert_integer (alert, "total_size");
  assert_integer (alert, "open_interest");
  assert_ms_time (alert, "executed_at");
  assert_ms_time (alert, "start_time");
  g_assert_cmpint (json_object_get_int_member (alert, "start_time"), <=,
                   json_object_get_int_member (alert, "end_time"));

  parse_occ (json_object_get_string_member (alert, "option_chain"), &occ);
  g_assert_cmpstr (occ.root, ==, strcmp (ticker, "SPX") == 0 ? "SPXW" : ticker);
  days = days_from_today (&occ.expiry);
  g_assert_cmpint (days, >=, -1);
  g_assert_cmpint (days, <=, 120);
  spot = any_number (alert, "underlying_price");
  g_assert_cmpfloat (fabs (occ.strike - spot) / spot, <, 0.4);
  price = any_number (alert, "price");
  g_assert_cmpfloat (string_number (alert, "bid"), <=, price);
  g_assert_cmpfloat (string_number (alert, "ask"), >=, price);
  premium = any_number (alert, "total_premium");
  g_assert_cmpfloat (fabs (premium - json_object_get_int_member (alert, "total_size") * price * 100),
                     <, 1.0);
  g_assert_cmpint (json_object_get_int_member (alert, "volume"), >=,
                   json_object_get_int_member (alert, "total_size"));

  conditions = json_object_get_array_member (alert, "upstream_condition_details");
  for (guint i = 0; i < json_array_get_length (conditions); i++)
    isoi |= g_strcmp0 (json_array_get_string_element (conditions, i), "isoi") == 0;
  g_assert_cmpint (json_object_get_boolean_member (alert, "has_sweep"), ==, isoi);
  /* A rule named for sweeps comes with one. */
  if (g_strcmp0 (json_object_get_string_member_with_default (alert, "rule_name", NULL),
                 "SweepsFollowedByFloor") == 0)
    g_assert_true (isoi);
  *n_sweeps += isoi;
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (alert, "trade_ids")), >=, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (alert, "exchanges")), >=, 1);
}

static void
check_gex (JsonObject *gex,
           const char *ticker)
{
  static const char *const greeks[] = { "gamma", "charm", "vanna" };
  static const char *const kinds[] = { "oi", "vol", "dir" };

  g_assert_cmpstr (json_object_get_string_member (gex, "ticker"), ==, ticker);
  assert_ms_time (gex, "timestamp");
  string_number (gex, "price");
  for (guint g = 0; g < G_N_ELEMENTS (greeks); g++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        g_autofree char *name = g_strdup_printf ("%s_per_one_percent_move_%s", greeks[g], kinds[k]);

        string_number (gex, name);
      }
  string_number (gex, "delta_per_one_percent_move_oi");
  /* SPY gamma per 1 % is worth billions of dollars, not units. */
  g_assert_cmpfloat (fabs (string_number (gex, "gamma_per_one_percent_move_oi")), >, 1.0e8);
}

static void
check_option_trade (JsonObject *trade,
                    const char *ticker)
{
  Occ occ;
  g_autofree char *expiry = NULL;
  char iso[16];

  if (ticker != NULL)
    g_assert_cmpstr (json_object_get_string_member (trade, "underlying_symbol"), ==, ticker);
  parse_occ (json_object_get_string_member (trade, "option_symbol"), &occ);
  g_assert_cmpstr (json_object_get_string_member (trade, "option_type"), ==,
                   occ.call ? "call" : "put");
  g_assert_cmpfloat (fabs (string_number (trade, "strike") - occ.strike), <, 0.001);
  g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &occ.expiry);
  g_assert_cmpstr (json_object_get_string_member (trade, "expiry"), ==, iso);
  assert_ms_time (trade, "executed_at");
  string_number (trade, "price");
  string_number (trade, "premium");
  string_number (trade, "nbbo_bid");
  string_number (trade, "nbbo_ask");
  string_number (trade, "implied_volatility");
  assert_string (trade, "underlying_price");
  assert_integer (trade, "size");
}

typedef struct
{
  gint64     timestamp;
  GPtrArray *rows;   /* JsonNode roots */
} Burst;

static void
check_gex_strike_bursts (GPtrArray *roots)
{
  g_autoptr(GHashTable) strikes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 timestamp = 0;
  guint n_bursts = 0;
  guint rows_in_burst = 0;
  double spot = 0, lowest = G_MAXDOUBLE, highest = 0;

  for (guint i = 0; i < roots->len; i++)
    {
      JsonObject *row = json_array_get_object_element (json_node_get_array (roots->pdata[i]), 1);
      double strike = string_number (row, "strike");

      if (json_object_get_int_member (row, "timestamp") != timestamp)
        {
          if (n_bursts > 0)
            {
              g_assert_cmpuint (rows_in_burst, >=, 10);
              g_assert_cmpfloat (lowest, <, spot);
              g_assert_cmpfloat (highest, >, spot);
            }
          timestamp = json_object_get_int_member (row, "timestamp");
          g_hash_table_remove_all (strikes);
          n_bursts++;
          rows_in_burst = 0;
          lowest = G_MAXDOUBLE;
          highest = 0;
        }
      rows_in_burst++;
      spot = string_number (row, "price");
      lowest = MIN (lowest, strike);
      highest = MAX (highest, strike);
      /* One row per strike in a burst. */
      g_assert_true (g_hash_table_add (strikes, g_strdup (json_object_get_string_member (row, "strike"))));
      assert_ms_time (row, "timestamp");
      g_assert_cmpfloat (string_number (row, "call_gamma_oi"), >=, 0);
      g_assert_cmpfloat (string_number (row, "put_gamma_oi"), <=, 0);
      g_assert_cmpfloat (string_number (row, "call_gamma_vol"), >=, 0);
      g_assert_cmpfloat (string_number (row, "put_gamma_vol"), <=, 0);
      string_number (row, "call_delta_oi");
      string_number (row, "put_vanna_bid_vol");
      string_number (row, "call_charm_ask_vol");
    }
  g_assert_cmpuint (n_bursts, >=, 1);
}

static void
test_channels (Fixture       *fixture,
               gconstpointer  data)
{
  static const char *const channels[] = {
    "flow-alerts", "gex:SPY", "gex_strike:QQQ", "price:NVDA", "option_trades",
    "option_trades:TSLA", "off_lit_trades", "news",
  };
  g_autoptr(Client) client = client_connect (fixture->url, TEST_TOKEN);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) strike_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  guint n_sweeps = 0;

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    client_send (client, "join", channels[i]);

  WHALE_WAIT_UNTIL (count_prefix (client, "[\"flow-alerts\",{\"id\"") >= 20
                    && count_prefix (client, "[\"gex:SPY\",{\"ticker\"") >= 1
                    && count_prefix (client, "[\"gex_strike:QQQ\",{\"ticker\"") >= 20
                    && count_prefix (client, "[\"price:NVDA\",{\"ticker\"") >= 3
                    && count_prefix (client, "[\"option_trades\",{") >= 20
                    && count_prefix (client, "[\"option_trades:TSLA\",{\"id\"") >= 3
                    && count_prefix (client, "[\"off_lit_trades\",{") >= 5
                    && count_prefix (client, "[\"news\",{\"headline\"") >= 1, 10000);

  for (guint i = 0; i < client->frames->len; i++)
    {
      const char *text = g_ptr_array_index (client->frames, i);
      const char *channel;
      JsonObject *payload;
      g_autoptr(JsonNode) root = parse_frame (text, &channel, &payload);

      /* Only what was joined, on the joined name. */
      g_assert_true (g_strv_contains (channels, channel));
      if (json_object_has_member (payload, "status"))
        {
          g_assert_cmpstr (json_object_get_string_member (payload, "status"), ==, "ok");
          continue;
        }

      if (strcmp (channel, "flow-alerts") == 0)
        check_flow_alert (payload, ids, &n_sweeps);
      else if (strcmp (channel, "gex:SPY") == 0)
        check_gex (payload, "SPY");
      else if (strcmp (channel, "gex_strike:QQQ") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (payload, "ticker"), ==, "QQQ");
          g_ptr_array_add (strike_rows, json_node_ref (root));
        }
      else if (strcmp (channel, "price:NVDA") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (payload, "ticker"), ==, "NVDA");
          g_assert_cmpfloat (fabs (string_number (payload, "close") - 136.0), <, 15.0);
          assert_ms_time (payload, "time");
          assert_integer (payload, "vol");
        }
      else if (strcmp (channel, "option_trades") == 0)
        check_option_trade (payload, NULL);
      else if (strcmp (channel, "option_trades:TSLA") == 0)
        check_option_trade (payload, "TSLA");
      else if (strcmp (channel, "off_lit_trades") == 0)
        {
          string_number (payload, "price");
          assert_integer (payload, "size");
          assert_iso_time (payload, "executed_at");
          assert_string (payload, "symbol");
        }
      else if (strcmp (channel, "news") == 0)
        {
          assert_iso_time (payload, "timestamp");
          assert_string (payload, "headline");
          g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (payload, "tickers")));
        }
    }

  check_gex_strike_bursts (strike_rows);
  g_assert_cmpuint (g_hash_table_size (ids), >=, 20);

  /* Leaving stops a channel. */
  client_send (client, "leave", "price:NVDA");
  WHALE_WAIT_UNTIL (!joined (fixture->simulator, "price:NVDA"), 2000);
  WHALE_SPIN_FOR (100);
  {
    guint before = count_prefix (client, "[\"price:NVDA\"");

    WHALE_SPIN_FOR (1200);
    g_assert_cmpuint (count_prefix (client, "[\"price:NVDA\""), ==, before);
    g_assert_cmpuint (count_prefix (client, "[\"flow-alerts\""), >, 20);
  }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Full speed: many alerts quickly, with the heavy tail of real premiums. */
static void
test_full_speed (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(Client) client = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) premiums = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_sweeps = 0, n_big = 0, n_golden = 0, n_small = 0;
  gint64 start;
  double median;

  whale_simulator_set_rate (fixture->simulator, 0);
  client = client_connect (fixture->url, TEST_TOKEN);
  start = g_get_monotonic_time ();
  client_send (client, "join", "flow-alerts");
  WHALE_WAIT_UNTIL (client->frames->len >= 3001, 20000);
  g_test_message ("%u flow alerts in %.2f s", client->frames->len,
                  (g_get_monotonic_time () - start) / 1e6);

  for (guint i = 1; i < client->frames->len; i++)
    {
      const char *channel;
      JsonObject *alert;
      g_autoptr(JsonNode) root = parse_frame (g_ptr_array_index (client->frames, i), &channel, &alert);
      double premium;
      double ask_prem;

      g_assert_cmpstr (channel, ==, "flow-alerts");
      check_flow_alert (alert, ids, &n_sweeps);
      premium = any_number (alert, "total_premium");
      ask_prem = any_number (alert, "total_ask_side_prem");
      g_array_append_val (premiums, premium);
      n_big += premium > 1.0e6;
      n_small += premium < 1.0e4;
      n_golden += json_object_get_boolean_member (alert, "has_sweep") && premium > 1.0e6
                  && ask_prem > 0.8 * premium;
    }

  g_array_sort (premiums, compare_doubles);
  median = g_array_index (premiums, double, premiums->len / 2);
  g_test_message ("median premium %.0f, %u over $1M, %u golden sweeps, %u sweeps",
                  median, n_big, n_golden, n_sweeps);
  g_assert_cmpfloat (median, >, 2.0e4);
  g_assert_cmpfloat (median, <, 3.0e5);
  g_assert_cmpuint (n_big, >, premiums->len / 100);
  g_assert_cmpuint (n_big, <, premiums->len / 5);
  g_assert_cmpuint (n_golden, >, 0);
  g_assert_cmpuint (n_sweeps, >, premiums->len / 10);
  g_assert_cmpuint (n_small, <, premiums->len / 20);
}

/* A client that stops reading makes the server stop generating: nothing piles up
 * beyond what the socket buffers hold. */
static void
test_backpressure (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(Client) client = NULL;
  gint64 deadline;
  guint64 sent = 0, previous = G_MAXUINT64;
  guint received;

  whale_simulator_set_rate (fixture->simulator, 0);
  client = client_connect (fixture->url, TEST_TOKEN);
  client_send (client, "join", "flow-alerts");
  WHALE_WAIT_UNTIL (client->frames->len >= 1000, 10000);

  /* Not iterating the main context: the client reads nothing now. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (sent != previous)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      previous = sent;
      g_usleep (300 * 1000);
      sent = whale_simulator_get_n_frames_sent (fixture->simulator);
    }
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpuint (whale_simulator_get_n_frames_sent (fixture->simulator), ==, sent);
  g_test_message ("stopped after %" G_GUINT64_FORMAT " frames, %u read", sent,
                  client->frames->len);
  /* Kernel socket buffers, not an unbounded queue (~1 KB a frame). */
  g_assert_cmpuint (sent - client->frames->len, <, 40000);

  /* Reading again resumes the flow. */
  received = client->frames->len;
  WHALE_WAIT_UNTIL (client->frames->len > received + (sent - received) + 1000, 10000);
  g_assert_cmpuint (whale_simulator_get_n_frames_sent (fixture->simulator), >, sent);
}

static void
test_frame_limit (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(Client) client = NULL;

  whale_simulator_set_frame_limit (fixture->simulator, 5);
  whale_simulator_set_rate (fixture->simulator, 200);
  client = client_connect (fixture->url, TEST_TOKEN);
  client_send (client, "join", "flow-alerts");
  WHALE_WAIT_UNTIL (client->closed, 5000);
  g_assert_cmpuint (client->close_code, ==, SOUP_WEBSOCKET_CLOSE_NORMAL);
  g_assert_cmpuint (client->frames->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (client->frames, 0), ==,
                   "[\"flow-alerts\",{\"response\":{},\"status\":\"ok\"}]");
  g_assert_cmpuint (count_prefix (client, "[\"flow-alerts\",{\"id\""), ==, 5);
  WHALE_WAIT_UNTIL (whale_simulator_get_n_clients (fixture->simulator) == 0, 2000);
  g_assert_cmpuint (whale_simulator_get_n_frames_sent (fixture->simulator), ==, 6);
}

static void
test_drop_connections (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(Client) client = client_connect (fixture->url, TEST_TOKEN);
  g_autoptr(Client) other = client_connect (fixture->url, TEST_TOKEN);

  client_send (client, "join", "flow-alerts");
  client_send (other, "join", "price:SPY");
  WHALE_WAIT_UNTIL (client->frames->len >= 2 && other->frames->len >= 2, 5000);
  g_assert_cmpuint (whale_simulator_get_n_clients (fixture->simulator), ==, 2);
  {
    g_auto(GStrv) names = whale_simulator_dup_joined (fixture->simulator);

    g_assert_cmpuint (g_strv_length (names), ==, 2);
    g_assert_cmpstr (names[0], ==, "flow-alerts");
    g_assert_cmpstr (names[1], ==, "price:SPY");
  }

  whale_simulator_drop_connections (fixture->simulator);
  WHALE_WAIT_UNTIL (client->closed && other->closed, 5000);
  /* No close frame came: an abnormal close, never 1000/1001. */
  g_assert_cmpuint (client->close_code, !=, SOUP_WEBSOCKET_CLOSE_NORMAL);
  g_assert_cmpuint (client->close_code, !=, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  g_assert_true (client->close_code == 0 || client->close_code == SOUP_WEBSOCKET_CLOSE_ABNORMAL);
  WHALE_WAIT_UNTIL (whale_simulator_get_n_clients (fixture->simulator) == 0, 2000);
  {
    g_auto(GStrv) names = whale_simulator_dup_joined (fixture->simulator);

    g_assert_cmpuint (g_strv_length (names), ==, 0);
  }

  /* The server itself goes on. */
  {
    g_autoptr(Client) again = client_connect (fixture->url, TEST_TOKEN);

    g_assert_nonnull (again->conn);
    g_assert_cmpuint (whale_simulator_get_n_connections (fixture->simulator), ==, 3);
  }
}

static void
test_stall (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(Client) client = client_connect (fixture->url, TEST_TOKEN);
  guint frames, pongs;

  /* One ping a second; the server's pongs show it is alive. */
  soup_websocket_connection_set_keepalive_interval (client->conn, 1);
  client_send (client, "join", "price:SPY");
  WHALE_WAIT_UNTIL (client->n_pongs >= 1 && client->frames->len >= 3, 5000);

  whale_simulator_stall (fixture->simulator, 3000);
  WHALE_SPIN_FOR (300);   /* what was on the wire before the stall */
  frames = client->frames->len;
  pongs = client->n_pongs;
  WHALE_SPIN_FOR (2200);
  g_assert_cmpuint (client->frames->len, ==, frames);
  g_assert_cmpuint (client->n_pongs, ==, pongs);
  g_assert_false (client->closed);

  /* And back to life on the same connection. */
  WHALE_WAIT_UNTIL (client->n_pongs > pongs && client->frames->len > frames + 2, 5000);
  g_assert_false (client->closed);
}

static void
test_stop_during_stall (void)
{
  g_autoptr(WhaleSimulator) simulator = whale_simulator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gint64 start;

  g_assert_true (whale_simulator_start (simulator, &error));
  url = whale_simulator_dup_url (simulator);
  {
    g_autoptr(Client) client = client_connect (url, NULL);

    g_assert_nonnull (client->conn);
    whale_simulator_stall (simulator, 30000);
    WHALE_SPIN_FOR (100);
    start = g_get_monotonic_time ();
    whale_simulator_stop (simulator);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
    WHALE_WAIT_UNTIL (client->closed, 3000);
  }
  g_assert_cmpuint (whale_simulator_get_port (simulator), ==, 0);
  /* Stopping twice, and disposing after stop, are fine. */
  whale_simulator_stop (simulator);
}

static void
test_inject (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(Client) client = client_connect (fixture->url, TEST_TOKEN);
  g_autoptr(GBytes) binary = g_bytes_new_static ("\x00\x01\x02", 3);
  g_autofree char *big = g_strnfill (200 * 1024, 'x');

  WHALE_WAIT_UNTIL (whale_simulator_get_n_clients (fixture->simulator) == 1, 2000);
  whale_simulator_send_text (fixture->simulator, "not json at all");
  whale_simulator_send_binary (fixture->simulator, binary);
  whale_simulator_send_text (fixture->simulator, big);
  WHALE_WAIT_UNTIL (client->frames->len >= 1 && client->n_binary == 1, 5000);
  g_assert_cmpstr (g_ptr_array_index (client->frames, 0), ==, "not json at all");
  /* Bigger than libsoup's default incoming limit: the client may close over it. */
  WHALE_WAIT_UNTIL (client->frames->len == 2 || client->closed, 5000);
  g_assert_cmpuint (whale_simulator_get_n_frames_sent (fixture->simulator), ==, 3);
}

static SoupMessage *
rest_get (Fixture     *fixture,
          SoupSession *session,
          const char  *path,
          const char  *token,
          char       **body)
{
  g_autofree char *url = g_strconcat (fixture->rest_url, path, NULL);
  g_autoptr(GError) error = NULL;
  SoupMessage *msg = soup_message_new ("GET", url);
  GBytes *bytes;

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", value);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_bytes_unref (bytes);
  return msg;
}

static void
test_rest (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  SoupMessageHeaders *headers;

  {
    g_autofree char *body = NULL;
    g_autoptr(SoupMessage) msg = rest_get (fixture, session, "/api/market/movers", NULL, &body);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
    g_assert_null (strstr (body, TEST_TOKEN));
  }
  {
    g_autofree char *body = NULL;
    g_autoptr(SoupMessage) msg = rest_get (fixture, session, "/api/market/movers", "wrong", &body);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  }
  {
    g_autofree char *body = NULL;
    g_autoptr(SoupMessage) msg = rest_get (fixture, session, "/api/market/movers", TEST_TOKEN, &body);
    g_autoptr(JsonNode) root = NULL;
    JsonObject *movers;
    g_autoptr(GDateTime) updated = NULL;

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    headers = soup_message_get_response_headers (msg);
    g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/json");
    g_assert_nonnull (soup_message_headers_get_one (headers, "x-uw-daily-req-count"));
    root = json_from_string (body, NULL);
    g_assert_nonnull (root);
    movers = json_object_get_object_member (json_node_get_object (root), "data");
    updated = g_date_time_new_from_iso8601 (json_object_get_string_member (movers, "last_updated"), NULL);
    g_assert_nonnull (updated);
    for (guint l = 0; l < 3; l++)
      {
        const char *list = (const char *[]) { "top_gainers", "top_losers", "most_active" }[l];
        JsonArray *array = json_object_get_array_member (movers, list);

        g_assert_cmpuint (json_array_get_length (array), >, 0);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonObject *mover = json_array_get_object_element (array, i);
            double change = string_number (mover, "change_percent");

            assert_string (mover, "ticker");
            string_number (mover, "price");
            string_number (mover, "change");
            assert_integer (mover, "volume");
            if (l == 0)
              g_assert_cmpfloat (change, >, 0);
            else if (l == 1)
              g_assert_cmpfloat (change, <, 0);
          }
      }
  }
  {
    g_autofree char *body = NULL;
    g_autoptr(SoupMessage) msg = rest_get (fixture, session, "/api/congress/recent-trades?limit=20",
                                           TEST_TOKEN, &body);
    g_autoptr(JsonNode) root = json_from_string (body, NULL);
    g_autoptr(GHashTable) chambers = g_hash_table_new (g_str_hash, g_str_equal);
    JsonArray *trades;

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    trades = json_object_get_array_member (json_node_get_object (root), "data");
    g_assert_cmpuint (json_array_get_length (trades), ==, 20);
    for (guint i = 0; i < 20; i++)
      {
        JsonObject *trade = json_array_get_object_element (trades, i);
        const char *chamber = json_object_get_string_member (trade, "member_type");
        const char *txn = json_object_get_string_member (trade, "txn_type");
        const char *name = json_object_get_string_member (trade, "name");
        const char *seen;
        GDate date;

        assert_string (trade, "name");
        assert_string (trade, "ticker");
        g_assert_true (g_str_equal (chamber, "house") || g_str_equal (chamber, "senate"));
        /* A member sits in one chamber, in every row. */
        seen = g_hash_table_lookup (chambers, name);
        if (seen != NULL)
          g_assert_cmpstr (seen, ==, chamber);
        g_hash_table_insert (chambers, (gpointer) name, (gpointer) chamber);
        g_assert_true (g_str_equal (txn, "Buy") || g_str_equal (txn, "Sell"));
        g_assert_true (g_str_has_prefix (json_object_get_string_member (trade, "amounts"), "$"));
        g_date_clear (&date, 1);
        g_date_set_parse (&date, json_object_get_string_member (trade, "transaction_date"));
        g_assert_true (g_date_valid (&date));
        g_assert_cmpuint (strlen (json_object_get_string_member (trade, "filed_at_date")), ==, 10);
        g_assert_cmpstr (json_object_get_string_member (trade, "transaction_date"), <=,
                         json_object_get_string_member (trade, "filed_at_date"));
      }
  }

  /* Over quota. */
  whale_simulator_set_rest_status (fixture->simulator, 429);
  {
    g_autofree char *body = NULL;
    g_autoptr(SoupMessage) msg = rest_get (fixture, session, "/api/market/movers", TEST_TOKEN, &body);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
    headers = soup_message_get_response_headers (msg);
    g_assert_nonnull (soup_message_headers_get_one (headers, "Retry-After"));
    g_assert_cmpstr (soup_message_headers_get_one (headers, "x-uw-daily-req-count"), ==, "5");
    g_assert_nonnull (soup_message_headers_get_one (headers, "x-uw-token-req-limit"));
    g_assert_nonnull (soup_message_headers_get_one (headers, "x-uw-minute-req-counter"));
    g_assert_nonnull (soup_message_headers_get_one (headers, "x-uw-req-per-minute-remaining"));
    g_assert_nonnull (soup_message_headers_get_one (headers, "x-uw-req-per-minute-reset"));
  }
  whale_simulator_set_rest_status (fixture->simulator, 500);
  {
    g_autofree char *body = NULL;
    g_autoptr(SoupMessage) msg = rest_get (fixture, session, "/api/congress/recent-trades",
                                           TEST_TOKEN, &body);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 500);
  }
  g_assert_cmpuint (whale_simulator_get_n_rest_requests (fixture->simulator), ==, 6);
}

/* tests/data/simulator-replay.jsonl: an ack, 3 flow alerts, 2 gex:SPY, 1 price:AAPL,
 * recorded over 1.2 s. */
static void
test_replay (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(Client) client = client_connect (fixture->url, TEST_TOKEN);
  gint64 start;
  gint64 elapsed;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", data, NULL);
  g_autoptr(GArray) recording = whale_recording_read (path, NULL, NULL, NULL);
  guint next = 1;

  start = g_get_monotonic_time ();
  client_send (client, "join", "flow-alerts");
  client_send (client, "join", "gex:SPY");
  WHALE_WAIT_UNTIL (client->closed, 5000);
  elapsed = g_get_monotonic_time () - start;

  g_assert_cmpuint (client->close_code, ==, SOUP_WEBSOCKET_CLOSE_NORMAL);
  /* The simulator's own acks, then the recorded data of the joined channels, in order
   * and byte for byte; the recorded ack and price:AAPL are not replayed. */
  g_assert_cmpuint (client->frames->len, ==, 2 + 5);
  g_assert_true (has_frame (client, "[\"flow-alerts\",{\"response\":{},\"status\":\"ok\"}]"));
  g_assert_true (has_frame (client, "[\"gex:SPY\",{\"response\":{},\"status\":\"ok\"}]"));
  for (guint i = 2; i < client->frames->len; i++)
    {
      const char *expected;

      while (next < recording->len
             && (strstr (g_array_index (recording, WhaleRecordedFrame, next).frame, "price:AAPL")
                 != NULL))
        next++;
      expected = g_array_index (recording, WhaleRecordedFrame, next++).frame;
      g_assert_cmpstr (g_ptr_array_index (client->frames, i), ==, expected);
    }
  g_assert_cmpuint (count_prefix (client, "[\"price:AAPL\""), ==, 0);
  /* 1.2 s recorded, replayed at 4x. */
  g_assert_cmpint (elapsed, >=, 250 * 1000);
  g_assert_cmpint (elapsed, <, 3000 * 1000);
}

/* The UI benchmark's flood: option prints at thousands per second, on request. */
static void
test_option_trades_rate (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(Client) client = client_connect (fixture->url, TEST_TOKEN);
  gint64 start;

  g_assert_nonnull (client->conn);
  whale_simulator_set_option_trades_rate (fixture->simulator, 5000);
  client_send (client, "join", "option_trades");
  WHALE_WAIT_UNTIL (count_prefix (client, "[\"option_trades\",{\"") > 1, 2000);
  start = g_get_monotonic_time ();
  /* At the default 50/s this would take 8 s. */
  WHALE_WAIT_UNTIL (count_prefix (client, "[\"option_trades\",{\"") >= 400, 2000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

#define ADD(path, fn) \
  g_test_add ("/core/simulator/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ADD ("token", test_token);
  ADD ("join-ack", test_join_ack);
  ADD ("ignore-join", test_ignore_join);
  ADD ("channels", test_channels);
  ADD ("full-speed", test_full_speed);
  ADD ("backpressure", test_backpressure);
  ADD ("frame-limit", test_frame_limit);
  ADD ("drop-connections", test_drop_connections);
  ADD ("stall", test_stall);
  ADD ("inject", test_inject);
  ADD ("rest", test_rest);
  ADD ("option-trades-rate", test_option_trades_rate);
  g_test_add ("/core/simulator/replay", Fixture, "simulator-replay.jsonl",
              fixture_setup, test_replay, fixture_teardown);
  g_test_add_func ("/core/simulator/stop-during-stall", test_stop_during_stall);
  return g_test_run ();
}
