/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "whale-congress-trade.h"
#include "whale-flow-alert.h"
#include "whale-frame.h"
#include "whale-market-mover.h"
#include "whale-record-private.h"
#include "whale-test-util.h"

static char *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_strchomp (contents);
  return contents;
}

static WhaleFrameKind
parse (WhaleFrameDecoder  *decoder,
       const char         *text,
       const char        **channel,
       const char        **reason)
{
  return whale_frame_decoder_parse (decoder, text, strlen (text), channel, reason);
}

/* The payload of a compact flow-alerts frame: the text between the channel's comma and
 * the closing bracket. */
static char *
flow_payload (const char *frame)
{
  gsize prefix = strlen ("[\"flow-alerts\",");

  return g_strndup (frame + prefix, strlen (frame) - prefix - 1);
}

/* Parses @text as a data frame and builds a record of @kind, which must succeed. */
static WhaleRecord *
build (WhaleFrameDecoder *decoder,
       const char        *text,
       WhaleRecordKind    kind)
{
  g_autoptr(GError) error = NULL;
  const char *channel = NULL;
  WhaleRecord *record;

  g_assert_cmpint (parse (decoder, text, &channel, NULL), ==, WHALE_FRAME_DATA);
  record = whale_frame_decoder_build (decoder, kind, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpstr (whale_record_get_channel (record), ==, channel);
  return record;
}

static gint64
time_ms (WhaleRecord *record,
         const char  *name)
{
  const WhaleField *f = whale_test_field (record, name);

  g_assert_cmpint (f->type, ==, WHALE_FIELD_TIME);
  return *(gint64 *) whale_record_field_slot (record, f);
}

static void
test_ack (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(GError) error = NULL;
  const char *channel = NULL, *reason = "unset";

  g_assert_cmpint (parse (decoder, "[\"gex:SPY\",{\"response\":{},\"status\":\"ok\"}]",
                          &channel, &reason), ==, WHALE_FRAME_ACK);
  g_assert_cmpstr (channel, ==, "gex:SPY");
  g_assert_null (reason);

  /* Key order and whitespace do not matter. */
  g_assert_cmpint (parse (decoder, " [ \"news\" , { \"status\" : \"ok\", \"response\" : {} } ] ",
                          &channel, &reason), ==, WHALE_FRAME_ACK);
  g_assert_cmpstr (channel, ==, "news");

  /* An ack is not data: there is nothing to build. */
  g_assert_null (whale_frame_decoder_build (decoder, WHALE_RECORD_RAW, &error));
  g_assert_error (error, WHALE_FRAME_ERROR, WHALE_FRAME_ERROR_MALFORMED);
}

static void
test_ack_with_data_keys_is_data (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  const char *channel = NULL, *reason = NULL;

  g_assert_cmpint (parse (decoder, "[\"x\",{\"response\":{},\"status\":\"ok\",\"ticker\":\"A\"}]",
                          &channel, NULL), ==, WHALE_FRAME_DATA);
  g_assert_cmpint (whale_frame_decoder_find_reply (decoder, NULL), ==, WHALE_FRAME_DATA);
  /* parse() looks for replies in two-member payloads only; find_reply(), for a channel
   * whose join is unanswered, finds an error among other keys. */
  g_assert_cmpint (parse (decoder,
                          "[\"x\",{\"ref\":\"1\",\"response\":{\"reason\":\"no plan\"},"
                          "\"status\":\"error\"}]", &channel, &reason), ==, WHALE_FRAME_DATA);
  g_assert_null (reason);
  g_assert_cmpint (whale_frame_decoder_find_reply (decoder, &reason), ==, WHALE_FRAME_ERROR_REPLY);
  g_assert_cmpstr (reason, ==, "no plan");
  g_assert_cmpstr (channel, ==, "x");
  /* A payload with a status but no response is data too (trading halts have a status). */
  g_assert_cmpint (parse (decoder, "[\"trading_halts\",{\"status\":\"halted\",\"ticker\":\"A\"}]",
                          &channel, NULL), ==, WHALE_FRAME_DATA);
  g_assert_cmpint (whale_frame_decoder_find_reply (decoder, NULL), ==, WHALE_FRAME_DATA);
}

static void
test_error_reply (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  const char *channel = NULL, *reason = NULL;

  g_assert_cmpint (parse (decoder,
                          "[\"dark_pool\",{\"response\":{\"reason\":\"unmatched topic\"},\"status\":\"error\"}]",
                          &channel, &reason), ==, WHALE_FRAME_ERROR_REPLY);
  g_assert_cmpstr (channel, ==, "dark_pool");
  g_assert_cmpstr (reason, ==, "unmatched topic");

  /* Without a reason the status is the reason. */
  g_assert_cmpint (parse (decoder, "[\"market_movers\",{\"response\":{},\"status\":\"denied\"}]",
                          &channel, &reason), ==, WHALE_FRAME_ERROR_REPLY);
  g_assert_cmpstr (channel, ==, "market_movers");
  g_assert_cmpstr (reason, ==, "denied");

  /* A reason that is not a string falls back to the status too. */
  g_assert_cmpint (parse (decoder, "[\"a\",{\"response\":{\"reason\":42},\"status\":\"error\"}]",
                          &channel, &reason), ==, WHALE_FRAME_ERROR_REPLY);
  g_assert_cmpstr (reason, ==, "error");

  /* A status that is not a string at all is still not "ok". */
  g_assert_cmpint (parse (decoder, "[\"a\",{\"response\":{},\"status\":null}]",
                          &channel, &reason), ==, WHALE_FRAME_ERROR_REPLY);
  g_assert_cmpstr (reason, ==, "error");
}

static void
test_data (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autofree char *text = load_fixture ("price.json");
  const char *channel = NULL, *reason = "unset";
  g_autoptr(WhaleRecord) record = NULL;

  g_assert_cmpint (parse (decoder, text, &channel, &reason), ==, WHALE_FRAME_DATA);
  g_assert_cmpstr (channel, ==, "price:SPY");
  g_assert_null (reason);

  record = whale_frame_decoder_build (decoder, WHALE_RECORD_PRICE, NULL);
  g_assert_nonnull (record);
  g_assert_cmpstr (whale_record_get_channel (record), ==, "price:SPY");
  g_assert_cmpstr (whale_record_get_ticker (record), ==, "SPY");
  g_assert_cmpint (whale_record_get_time (record), ==, G_GINT64_CONSTANT (1768400000000));
  g_assert_cmpfloat (whale_test_number (record, "close"), ==, 562.82);
  g_assert_cmpfloat (whale_test_number (record, "vol"), ==, 1200);
  /* Only kinds that ask for it keep the payload text. */
  g_assert_null (whale_record_get_payload (record));
}

static void
test_malformed (void)
{
  static const struct
  {
    const char *text;
    const char *reason;
    const char *channel;
  } cases[] = {
    { "", "empty frame", NULL },
    { "not json", "not JSON", NULL },
    { "[\"a\",{}", "not JSON", NULL },
    { "{\"channel\":\"a\"}", "not an array", NULL },
    { "\"flow-alerts\"", "not an array", NULL },
    { "[]", "not a two-element array", NULL },
    { "[\"flow-alerts\"]", "not a two-element array", NULL },
    { "[\"flow-alerts\",{},{}]", "not a two-element array", NULL },
    { "[1,{}]", "channel is not a string", NULL },
    { "[null,{}]", "channel is not a string", NULL },
    { "[{},\"flow-alerts\"]", "channel is not a string", NULL },
    { "[\"\",{}]", "empty channel", NULL },
    { "[\"a\\u0000b\",{}]", "channel contains NUL", NULL },
    { "[\"flow-alerts\",[]]", "payload is not an object", "flow-alerts" },
    { "[\"flow-alerts\",\"x\"]", "payload is not an object", "flow-alerts" },
    { "[\"flow-alerts\",null]", "payload is not an object", "flow-alerts" },
    { "[\"a\",{\"x\":\"\xff\xfe\"}]", "invalid UTF-8", NULL },
    { "[\"\xc3\x28\",{}]", "invalid UTF-8", NULL },
  };
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *channel = "unset", *reason = NULL;

      g_autofree char *escaped = g_strescape (cases[i].text, NULL);

      g_test_message ("case %u: %s", i, escaped);
      g_assert_cmpint (parse (decoder, cases[i].text, &channel, &reason), ==,
                       WHALE_FRAME_MALFORMED);
      g_assert_cmpstr (reason, ==, cases[i].reason);
      g_assert_cmpstr (channel, ==, cases[i].channel);
      g_assert_null (whale_frame_decoder_build (decoder, WHALE_RECORD_RAW, &error));
      g_assert_error (error, WHALE_FRAME_ERROR, WHALE_FRAME_ERROR_MALFORMED);
    }
}

static void
test_malformed_huge (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(GString) big = g_string_new ("[\"news\",{\"headline\":\"");
  const char *reason = NULL;
  g_autofree char *deep = NULL;
  g_autoptr(WhaleRecord) record = NULL;
  g_autofree char *price = load_fixture ("price.json");

  /* Valid JSON, but over the 1 MiB cap. */
  while (big->len <= 1024 * 1024)
    g_string_append (big, "abcdefghijklmnopqrstuvwxyz");
  g_string_append (big, "\"}]");
  g_assert_cmpint (parse (decoder, big->str, NULL, &reason), ==, WHALE_FRAME_MALFORMED);
  g_assert_cmpstr (reason, ==, "too large");

  /* 100 000 levels of nesting: refused, not a crash. */
  deep = g_malloc (200001);
  memset (deep, '[', 100000);
  memset (deep + 100000, ']', 100000);
  deep[200000] = '\0';
  g_assert_cmpint (parse (decoder, deep, NULL, &reason), ==, WHALE_FRAME_MALFORMED);
  g_assert_cmpstr (reason, ==, "nested too deeply");

  memset (deep, '{', 100000);
  deep[100000] = '\0';
  g_assert_cmpint (parse (decoder, deep, NULL, &reason), ==, WHALE_FRAME_MALFORMED);

  /* The decoder is fine afterwards. */
  record = build (decoder, price, WHALE_RECORD_PRICE);
  g_assert_cmpfloat (whale_test_number (record, "close"), ==, 562.82);
}

static void
test_flow_alert_fields (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autofree char *text = load_fixture ("flow-alert.json");
  g_autoptr(WhaleRecord) record = build (decoder, text, WHALE_RECORD_FLOW_ALERT);
  g_auto(GStrv) trade_ids = NULL;
  g_auto(GStrv) exchanges = NULL;
  g_autofree char *expected_payload = NULL;

  g_assert_true (WHALE_IS_FLOW_ALERT (record));
  g_assert_cmpstr (whale_record_get_channel (record), ==, "flow-alerts");
  g_assert_cmpstr (whale_test_string (record, "id"), ==, "0b6c2a5e-0000-4000-8000-000000000001");
  g_assert_cmpstr (whale_test_string (record, "rule_name"), ==, "RepeatedHits");
  g_assert_cmpstr (whale_test_string (record, "ticker"), ==, "ACME");
  /* Symbols are interned: the same pointer on every record. */
  g_assert_true (whale_test_string (record, "ticker") == g_intern_string ("ACME"));
  g_assert_cmpfloat (whale_test_number (record, "underlying_price"), ==, 117.5);
  g_assert_cmpfloat (whale_test_number (record, "bid"), ==, 3.05);
  g_assert_cmpfloat (whale_test_number (record, "ask"), ==, 3.15);
  g_assert_cmpfloat (whale_test_number (record, "total_premium"), ==, 279000);
  g_assert_cmpfloat (whale_test_number (record, "no_side_vol"), ==, 0);
  g_assert_true (whale_test_has (record, "no_side_vol"));
  g_assert_cmpint (time_ms (record, "start_time"), ==, G_GINT64_CONSTANT (1768400000000));
  g_assert_cmpint (whale_record_get_time (record), ==, G_GINT64_CONSTANT (1768400000050));
  g_assert_cmpfloat (whale_test_number (record, "has_sweep"), ==, 1);
  g_assert_cmpfloat (whale_test_number (record, "has_floor"), ==, 0);
  g_assert_true (whale_test_has (record, "has_floor"));
  g_assert_cmpstr (whale_test_string (record, "url"), ==, "");

  g_object_get (record, "trade-ids", &trade_ids, "exchanges", &exchanges, NULL);
  g_assert_cmpuint (g_strv_length (trade_ids), ==, 2);
  g_assert_cmpstr (trade_ids[1], ==, "t-2");
  g_assert_cmpstr (exchanges[0], ==, "XCBO");

  /* The payload is kept for the details view, exactly as sent (it was compact). */
  expected_payload = flow_payload (text);
  g_assert_cmpstr (whale_record_get_payload (record), ==, expected_payload);
}

static void
set_true_cb (gpointer  data,
             GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

/* A record a full feed lets go of (whale_record_release()) is filled again by the
 * decoder. The next record must read as a new one would, with nothing of the old one
 * left: no field, string, list, derived value or payload. A record something else still
 * holds or watches is left to it, and freed as before. */
static void
test_released_record_reused (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autofree char *text = load_fixture ("flow-alert.json");
  const char *sparse = "[\"flow-alerts\",{\"id\":\"y\",\"ticker\":\"ZZZ\","
                       "\"option_chain\":\"ZZZ260116P00020000\"}]";
  g_autofree char *expected_payload = flow_payload (sparse);
  g_autofree char *line = NULL;
  g_auto(GStrv) trade_ids = NULL;
  WhaleRecord *first, *second, *held, *other;
  gboolean freed = FALSE;

  first = build (decoder, text, WHALE_RECORD_FLOW_ALERT);
  g_assert_true (whale_test_has (first, "vol_oi"));
  g_assert_nonnull (whale_record_get_payload (first));
  whale_record_release (first);

  second = build (decoder, sparse, WHALE_RECORD_FLOW_ALERT);
  g_assert_true (second == first);
  g_assert_cmpuint (G_OBJECT (second)->ref_count, ==, 1);
  g_assert_cmpstr (whale_test_string (second, "id"), ==, "y");
  g_assert_cmpstr (whale_record_get_ticker (second), ==, "ZZZ");
  g_assert_cmpstr (whale_test_string (second, "option_type"), ==, "put");
  g_assert_false (whale_test_has (second, "rule_name"));
  g_assert_null (whale_test_string (second, "rule_name"));
  g_assert_false (whale_test_has (second, "bid"));
  g_assert_true (isnan (whale_test_number (second, "bid")));
  g_assert_false (whale_test_has (second, "has_floor"));
  g_assert_false (whale_test_has (second, "start_time"));
  g_assert_false (whale_test_has (second, "vol_oi"));
  g_object_get (second, "trade-ids", &trade_ids, NULL);
  g_assert_true (trade_ids == NULL || trade_ids[0] == NULL);
  g_assert_cmpstr (whale_record_get_payload (second), ==, expected_payload);
  line = whale_record_to_json_line (second);
  g_assert_null (strstr (line, "RepeatedHits"));
  g_assert_null (strstr (line, "\"bid\""));

  /* Held elsewhere: the release is only a release. */
  held = g_object_ref (second);
  whale_record_release (second);
  other = build (decoder, sparse, WHALE_RECORD_FLOW_ALERT);
  g_assert_true (other != held);
  g_assert_cmpstr (whale_record_get_ticker (held), ==, "ZZZ");
  g_object_unref (other);

  /* Watched (a weak reference lives in qdata): freed, and the watcher told. */
  g_object_weak_ref (G_OBJECT (held), set_true_cb, &freed);
  whale_record_release (held);
  g_assert_true (freed);
}

/* The decoder guesses each member's field from the last object's order of keys; a
 * frame in another order, with keys added or missing, must decode the same. */
static void
test_key_order_changes (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  const char *frames[] = {
    "[\"flow-alerts\",{\"id\":\"a\",\"ticker\":\"AAA\",\"option_chain\":\"AAA260116C00010000\","
    "\"bid\":1.5,\"ask\":2.5,\"volume\":10,\"rule_name\":\"RepeatedHits\"}]",
    "[\"flow-alerts\",{\"ask\":3.5,\"id\":\"b\",\"volume\":20,\"ticker\":\"BBB\","
    "\"option_chain\":\"BBB260116P00020000\",\"bid\":2.5}]",
    "[\"flow-alerts\",{\"extra\":1,\"id\":\"c\",\"ticker\":\"CCC\",\"bid\":4.5,"
    "\"option_chain\":\"CCC260116C00030000\",\"rule_name\":\"Sweeps\",\"volume\":30}]",
    "[\"flow-alerts\",{\"id\":\"d\",\"ticker\":\"DDD\",\"option_chain\":\"DDD260116C00040000\","
    "\"bid\":5.5,\"ask\":6.5,\"volume\":40,\"rule_name\":\"Golden\"}]",
  };
  const char *ids[] = { "a", "b", "c", "d" };
  const char *tickers[] = { "AAA", "BBB", "CCC", "DDD" };
  const double bids[] = { 1.5, 2.5, 4.5, 5.5 };
  const double asks[] = { 2.5, 3.5, NAN, 6.5 };
  const double volumes[] = { 10, 20, 30, 40 };
  const char *rules[] = { "RepeatedHits", NULL, "Sweeps", "Golden" };

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      g_autoptr(WhaleRecord) record = build (decoder, frames[i], WHALE_RECORD_FLOW_ALERT);

      g_assert_cmpstr (whale_test_string (record, "id"), ==, ids[i]);
      g_assert_cmpstr (whale_record_get_ticker (record), ==, tickers[i]);
      g_assert_cmpfloat (whale_test_number (record, "bid"), ==, bids[i]);
      if (isnan (asks[i]))
        g_assert_false (whale_test_has (record, "ask"));
      else
        g_assert_cmpfloat (whale_test_number (record, "ask"), ==, asks[i]);
      g_assert_cmpfloat (whale_test_number (record, "volume"), ==, volumes[i]);
      g_assert_cmpstr (whale_test_string (record, "rule_name"), ==, rules[i]);
    }
}

static void
test_strings_as_numbers (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autofree char *text = load_fixture ("gex.json");
  g_autoptr(WhaleRecord) record = build (decoder, text, WHALE_RECORD_GEX);

  g_assert_cmpfloat (whale_test_number (record, "price"), ==, 593.06);
  g_assert_cmpfloat (whale_test_number (record, "gamma_per_one_percent_move_oi"), ==,
                     6930000000.5);
  g_assert_cmpfloat (whale_test_number (record, "gamma_per_one_percent_move_vol"), ==, -120000000);
  g_assert_cmpfloat (whale_test_number (record, "vanna_per_one_percent_move_oi"), ==, -4000);
  /* "0" is zero and present, not missing. */
  g_assert_cmpfloat (whale_test_number (record, "delta_per_one_percent_move_oi"), ==, 0);
  g_assert_true (whale_test_has (record, "delta_per_one_percent_move_oi"));
  g_assert_cmpint (whale_record_get_time (record), ==, G_GINT64_CONSTANT (1768400010000));
}

static void
test_number_forms (void)
{
  static const struct
  {
    const char *json;   /* the value of "price" */
    gboolean    present;
    double      value;
  } cases[] = {
    { "12", TRUE, 12 },
    { "-12.25", TRUE, -12.25 },
    { "1e3", TRUE, 1000 },
    { "\"12\"", TRUE, 12 },
    { "\"0\"", TRUE, 0 },
    { "0", TRUE, 0 },
    { "\"-0.5\"", TRUE, -0.5 },
    { "\"+3.5\"", TRUE, 3.5 },
    { "\"0.84\"", TRUE, 0.84 },
    { "\"593.06\"", TRUE, 593.06 },
    { "\"1.5e2\"", TRUE, 150 },
    { "\"12345678901234567890\"", TRUE, 12345678901234567890.0 },
    { "\"0.1234567890123456789\"", TRUE, 0.1234567890123456789 },
    { "\"\"", FALSE, 0 },
    { "null", FALSE, 0 },
    { "\"abc\"", FALSE, 0 },
    { "\"12abc\"", FALSE, 0 },
    { "\" 12\"", FALSE, 0 },
    { "\"0x10\"", FALSE, 0 },
    { "\"inf\"", FALSE, 0 },
    { "\"nan\"", FALSE, 0 },
    { "\"1e999\"", FALSE, 0 },
    { "\"-\"", FALSE, 0 },
    { "\".\"", FALSE, 0 },
    { "true", FALSE, 0 },
    { "{}", FALSE, 0 },
    { "[1]", FALSE, 0 },
  };
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[\"price:A\",{\"ticker\":\"A\",\"close\":%s}]",
                                               cases[i].json);
      g_autoptr(WhaleRecord) record = NULL;

      g_test_message ("case %u: %s", i, cases[i].json);
      record = build (decoder, text, WHALE_RECORD_PRICE);
      g_assert_cmpint (whale_test_has (record, "close"), ==, cases[i].present);
      if (cases[i].present)
        g_assert_cmpfloat (whale_test_number (record, "close"), ==, cases[i].value);
      else
        g_assert_true (isnan (whale_test_number (record, "close")));
    }
}

static void
test_missing_is_not_zero (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(WhaleRecord) record = NULL;
  g_autofree char *line = NULL;
  double open_interest = 0;

  record = build (decoder,
                  "[\"flow-alerts\",{\"id\":\"x\",\"ticker\":\"A\",\"option_chain\":\"A260116C00010000\","
                  "\"volume\":\"\",\"open_interest\":null,\"price\":0,\"bid\":\"0\"}]",
                  WHALE_RECORD_FLOW_ALERT);

  g_assert_false (whale_test_has (record, "volume"));
  g_assert_true (isnan (whale_test_number (record, "volume")));
  g_assert_false (whale_test_has (record, "open_interest"));
  g_assert_false (whale_test_has (record, "total_size"));
  g_assert_true (isnan (whale_test_number (record, "total_size")));
  g_assert_true (whale_test_has (record, "price"));
  g_assert_cmpfloat (whale_test_number (record, "price"), ==, 0);
  g_assert_true (whale_test_has (record, "bid"));
  g_object_get (record, "open-interest", &open_interest, NULL);
  g_assert_true (isnan (open_interest));
  /* Missing booleans read as false but stay absent. */
  g_assert_false (whale_test_has (record, "has_floor"));
  g_assert_cmpfloat (whale_test_number (record, "has_floor"), ==, 0);
  /* Nothing derived from what is missing. */
  g_assert_false (whale_test_has (record, "vol_oi"));
  g_assert_false (whale_test_has (record, "opening"));
  g_assert_false (whale_test_has (record, "percent_otm"));
  g_assert_false (whale_test_has (record, "side_percent"));
  g_assert_false (whale_test_has (record, "dte"));

  line = whale_record_to_json_line (record);
  g_assert_null (strstr (line, "\"volume\""));
  g_assert_null (strstr (line, "\"open_interest\""));
  g_assert_nonnull (strstr (line, "\"price\":0"));
}

static void
test_timestamps (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autofree char *news_text = load_fixture ("news.json");
  g_autofree char *dark_text = load_fixture ("dark-pool.json");
  g_autoptr(WhaleRecord) news = build (decoder, news_text, WHALE_RECORD_NEWS);
  g_autoptr(WhaleRecord) dark = build (decoder, dark_text, WHALE_RECORD_DARK_POOL_TRADE);
  static const struct
  {
    const char *json;
    gint64      ms;   /* 0 = missing */
  } cases[] = {
    { "1767799940941", G_GINT64_CONSTANT (1767799940941) },
    { "\"1767799940941\"", G_GINT64_CONSTANT (1767799940941) },
    { "\"9007199254740993\"", G_GINT64_CONSTANT (9007199254740993) },
    { "1767799940941.0", G_GINT64_CONSTANT (1767799940941) },
    { "\"2026-01-16T14:30:00Z\"", G_GINT64_CONSTANT (1768573800000) },
    { "\"2026-01-16T09:30:00.050-05:00\"", G_GINT64_CONSTANT (1768573800050) },
    { "\"2026-01-16T14:30:00.050123\"", G_GINT64_CONSTANT (1768573800050) },
    { "0", 0 },
    { "\"0\"", 0 },
    { "-5", 0 },
    { "\"\"", 0 },
    { "null", 0 },
    { "\"yesterday\"", 0 },
    { "\"2026-13-45T00:00:00Z\"", 0 },
    { "true", 0 },
    { "[]", 0 },
  };

  /* ISO-8601 keeps milliseconds. */
  g_assert_cmpint (whale_record_get_time (news), ==, G_GINT64_CONSTANT (1768573800050));
  g_assert_cmpint (whale_record_get_time (dark), ==, G_GINT64_CONSTANT (1768400000123));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[\"price:A\",{\"ticker\":\"A\",\"time\":%s}]",
                                               cases[i].json);
      g_autoptr(WhaleRecord) record = NULL;

      g_test_message ("case %u: %s", i, cases[i].json);
      record = build (decoder, text, WHALE_RECORD_PRICE);
      g_assert_cmpint (whale_test_has (record, "time"), ==, cases[i].ms != 0);
      g_assert_cmpint (whale_record_get_time (record), ==, cases[i].ms);
    }
}

static void
test_booleans (void)
{
  static const struct
  {
    const char *json;
    gboolean    present;
    gboolean    value;
  } cases[] = {
    { "true", TRUE, TRUE },
    { "false", TRUE, FALSE },
    { "\"true\"", TRUE, TRUE },
    { "\"false\"", TRUE, FALSE },
    { "1", TRUE, TRUE },
    { "0", TRUE, FALSE },
    { "\"1\"", TRUE, TRUE },
    { "2", FALSE, FALSE },
    { "\"yes\"", FALSE, FALSE },
    { "null", FALSE, FALSE },
    { "{}", FALSE, FALSE },
  };
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[\"news\",{\"headline\":\"h\",\"is_major\":%s}]",
                                               cases[i].json);
      g_autoptr(WhaleRecord) record = NULL;
      gboolean value = !cases[i].value;

      g_test_message ("case %u: %s", i, cases[i].json);
      record = build (decoder, text, WHALE_RECORD_NEWS);
      g_assert_cmpint (whale_test_has (record, "is_major"), ==, cases[i].present);
      g_object_get (record, "is-major", &value, NULL);
      g_assert_cmpint (value, ==, cases[i].value);
    }
}

static void
test_wrong_types (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(WhaleRecord) record = NULL;
  g_auto(GStrv) tags = NULL;

  record = build (decoder,
                  "[\"option_trades\",{\"underlying_symbol\":\"NVDA\",\"executed_at\":1768400000123,"
                  "\"price\":{\"v\":1},\"size\":[1],\"volume\":true,\"canceled\":\"maybe\","
                  "\"tags\":\"ask_side\",\"exchange\":{},\"trade_code\":false,\"id\":123456789012,"
                  "\"option_type\":[\"call\"],\"strike\":\"x\",\"delta\":0.5}]",
                  WHALE_RECORD_OPTION_TRADE);

  g_assert_false (whale_test_has (record, "price"));
  g_assert_false (whale_test_has (record, "size"));
  g_assert_false (whale_test_has (record, "volume"));
  g_assert_false (whale_test_has (record, "canceled"));
  g_assert_false (whale_test_has (record, "tags"));
  g_object_get (record, "tags", &tags, NULL);
  g_assert_null (tags);
  g_assert_false (whale_test_has (record, "exchange"));
  g_assert_false (whale_test_has (record, "trade_code"));
  g_assert_false (whale_test_has (record, "option_type"));
  g_assert_false (whale_test_has (record, "strike"));
  /* Numbers become their text in string fields. */
  g_assert_cmpstr (whale_test_string (record, "id"), ==, "123456789012");
  /* The fields after the wrong ones were still read. */
  g_assert_cmpfloat (whale_test_number (record, "delta"), ==, 0.5);
}

static void
test_long_trade_ids (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(GString) text = g_string_new ("[\"flow-alerts\",{\"id\":\"big\",\"ticker\":\"SPY\","
                                          "\"option_chain\":\"SPY260116C00600000\",\"trade_ids\":[");
  g_autoptr(WhaleRecord) record = NULL;
  g_auto(GStrv) ids = NULL;

  for (int i = 0; i < 5000; i++)
    g_string_append_printf (text, "%s\"%08x-0000-4000-8000-%012d\"", i > 0 ? "," : "", i, i);
  g_string_append (text, "],\"exchanges\":[\"XCBO\",null,7,\"ARCO\"]}]");
  g_assert_cmpuint (text->len, >, 5000 * 36);

  record = build (decoder, text->str, WHALE_RECORD_FLOW_ALERT);
  g_object_get (record, "trade-ids", &ids, NULL);
  g_assert_cmpuint (g_strv_length (ids), ==, 5000);
  g_assert_cmpstr (ids[0], ==, "00000000-0000-4000-8000-000000000000");
  g_assert_cmpstr (ids[4999], ==, "00001387-0000-4000-8000-000000004999");
  g_clear_pointer (&ids, g_strfreev);

  /* Non-strings in a string array are skipped. */
  g_object_get (record, "exchanges", &ids, NULL);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpstr (ids[1], ==, "ARCO");
  g_assert_cmpuint (strlen (whale_record_get_payload (record)), ==,
                    text->len - strlen ("[\"flow-alerts\",") - 1);
}

/* The other delivery path: 64-bit numbers as strings, false and zero fields left out. */
static void
test_other_delivery_path (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autofree char *text = load_fixture ("flow-alert-strings.json");
  g_autoptr(WhaleRecord) record = build (decoder, text, WHALE_RECORD_FLOW_ALERT);

  g_assert_cmpstr (whale_test_string (record, "ticker"), ==, "SPX");
  g_assert_cmpint (whale_record_get_time (record), ==, G_GINT64_CONSTANT (1768573800050));
  g_assert_cmpint (time_ms (record, "start_time"), ==, G_GINT64_CONSTANT (1768573800000));
  g_assert_cmpfloat (whale_test_number (record, "volume"), ==, 15000);
  g_assert_cmpfloat (whale_test_number (record, "total_premium"), ==, 6200000);
  g_assert_cmpfloat (whale_test_number (record, "underlying_price"), ==, 5950.25);
  g_assert_false (whale_test_has (record, "ask_vol"));
  g_assert_false (whale_test_has (record, "has_sweep"));
  g_assert_false (whale_test_has (record, "volume_oi_ratio"));
  g_assert_true (whale_test_has (record, "has_floor"));
  g_assert_cmpfloat (whale_test_number (record, "has_floor"), ==, 1);

  /* Derived fields still work: an omitted ask_vol is no ask volume. */
  g_assert_cmpstr (whale_test_string (record, "option_type"), ==, "put");
  g_assert_cmpfloat (whale_test_number (record, "strike"), ==, 5900);
  g_assert_cmpstr (whale_test_string (record, "expiry"), ==, "2026-01-16");
  g_assert_cmpfloat (whale_test_number (record, "dte"), ==, 0);
  g_assert_cmpfloat (whale_test_number (record, "side_percent"), ==, 0);
  g_assert_cmpstr (whale_test_string (record, "sentiment"), ==, "bullish");
  g_assert_cmpfloat (whale_test_number (record, "vol_oi"), ==, 15);
  g_assert_cmpfloat (whale_test_number (record, "opening"), ==, 1);
  g_assert_cmpfloat (whale_test_number (record, "sweep"), ==, 1);
  g_assert_cmpfloat (whale_test_number (record, "golden_sweep"), ==, 1);
  g_assert_cmpfloat_with_epsilon (whale_test_number (record, "percent_otm"),
                                  -(5900 - 5950.25) / 5950.25 * 100, 1e-9);
}

static void
test_identity (void)
{
  static const struct
  {
    WhaleRecordKind  kind;
    const char      *payload;
    const char      *message;
  } cases[] = {
    { WHALE_RECORD_FLOW_ALERT, "{\"ticker\":\"A\",\"option_chain\":\"A260116C00010000\"}",
      "flow-alert record without id" },
    { WHALE_RECORD_FLOW_ALERT, "{\"id\":\"\",\"ticker\":\"A\",\"option_chain\":\"A260116C00010000\"}",
      "flow-alert record without id" },
    { WHALE_RECORD_FLOW_ALERT, "{\"id\":\"x\",\"ticker\":\"\",\"option_chain\":\"A260116C00010000\"}",
      "flow-alert record without ticker" },
    { WHALE_RECORD_FLOW_ALERT, "{\"id\":\"x\",\"ticker\":null,\"option_chain\":\"A260116C00010000\"}",
      "flow-alert record without ticker" },
    { WHALE_RECORD_FLOW_ALERT, "{\"id\":\"x\",\"ticker\":\"A\"}",
      "flow-alert record without option_chain" },
    { WHALE_RECORD_FLOW_ALERT, "{\"id\":\"x\",\"ticker\":\"A\",\"option_chain\":\"A26011C00010000\"}",
      "flow-alert record without a valid identity (id, ticker, option_chain)" },
    { WHALE_RECORD_GEX, "{\"ticker\":\"SPY\",\"price\":\"1\"}",
      "gex record without timestamp" },
    { WHALE_RECORD_GEX, "{\"timestamp\":1768400010000}",
      "gex record without ticker" },
    { WHALE_RECORD_GEX_STRIKE, "{\"ticker\":\"SPY\",\"timestamp\":1768400010000,\"strike\":\"\"}",
      "gex-strike record without strike" },
    { WHALE_RECORD_OPTION_TRADE, "{\"underlying_symbol\":\"A\"}",
      "option-trade record without executed_at" },
    { WHALE_RECORD_OPTION_TRADE, "{\"executed_at\":1768400000123,\"option_symbol\":\"junk\"}",
      "option-trade record without a valid identity (executed_at)" },
    { WHALE_RECORD_DARK_POOL_TRADE, "{\"symbol\":\"A\",\"price\":\"1\",\"executed_at\":\"2026-01-16T14:30:00Z\"}",
      "dark-pool-trade record without size" },
    { WHALE_RECORD_NEWS, "{\"headline\":\"\",\"source\":\"x\"}",
      "news record without headline" },
    { WHALE_RECORD_PRICE, "{\"close\":1}",
      "price record without ticker" },
  };
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(WhaleRecord) raw = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[\"c\",%s]", cases[i].payload);
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u: %s", i, cases[i].payload);
      g_assert_cmpint (parse (decoder, text, NULL, NULL), ==, WHALE_FRAME_DATA);
      g_assert_null (whale_frame_decoder_build (decoder, cases[i].kind, &error));
      g_assert_error (error, WHALE_FRAME_ERROR, WHALE_FRAME_ERROR_MISSING_IDENTITY);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* Anything is a raw event. */
  raw = build (decoder, "[\"c\",{}]", WHALE_RECORD_RAW);
  g_assert_cmpstr (whale_record_get_payload (raw), ==, "{}");
}

static void
test_raw_payload_minified (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(WhaleRecord) record = NULL;
  g_autofree char *line = NULL;

  record = build (decoder,
                  " [ \"market_tide\" ,\n  { \"a\" : [ 1 , 2 ] ,\t\"b\" : \"x ] y\" ,\"c\":{\"d\":null} }\r\n ] \n",
                  WHALE_RECORD_RAW);
  g_assert_cmpstr (whale_record_get_payload (record), ==,
                   "{\"a\":[1,2],\"b\":\"x ] y\",\"c\":{\"d\":null}}");
  g_assert_cmpint (whale_record_get_kind (record), ==, WHALE_RECORD_RAW);

  line = whale_record_to_json_line (record);
  g_assert_cmpstr (line, ==, "{\"channel\":\"market_tide\",\"kind\":\"raw\","
                             "\"payload\":{\"a\":[1,2],\"b\":\"x ] y\",\"c\":{\"d\":null}}}");

  /* A channel name with escaped quotes does not confuse the payload's boundaries. */
  g_clear_object (&record);
  record = build (decoder, "[\"a\\\"],{b\",{\"k\":\"v\"}]", WHALE_RECORD_RAW);
  g_assert_cmpstr (whale_record_get_channel (record), ==, "a\"],{b");
  g_assert_cmpstr (whale_record_get_payload (record), ==, "{\"k\":\"v\"}");
}

static void
test_decoder_reuse (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autofree char *small = load_fixture ("price.json");
  g_autoptr(GString) large = g_string_new ("[\"news\",{\"headline\":\"");
  g_autoptr(WhaleRecord) first = NULL;
  g_autoptr(WhaleRecord) second = NULL;
  g_autoptr(WhaleRecord) third = NULL;

  first = build (decoder, small, WHALE_RECORD_PRICE);
  for (int i = 0; i < 20000; i++)
    g_string_append_c (large, 'a' + i % 26);
  g_string_append (large, "\"}]");
  second = build (decoder, large->str, WHALE_RECORD_NEWS);
  third = build (decoder, small, WHALE_RECORD_PRICE);

  /* Records own their data: the decoder's buffers are reused under them. */
  g_assert_cmpstr (whale_record_get_channel (first), ==, "price:SPY");
  g_assert_cmpuint (strlen (whale_test_string (second, "headline")), ==, 20000);
  g_assert_cmpstr (whale_record_get_channel (second), ==, "news");
  g_assert_cmpfloat (whale_test_number (third, "close"), ==, 562.82);
  g_assert_cmpstr (whale_test_string (first, "ticker"), ==, "SPY");
}

/* The payload is cut from the kept frame only when asked for, and is the payload text
 * as sent; a feed without payloads keeps no frame, and a dropped payload stays gone. */
static void
test_payload_cut_when_asked (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autofree char *text = load_fixture ("flow-alert.json");
  g_autoptr(WhaleRecord) record = build (decoder, text, WHALE_RECORD_FLOW_ALERT);
  g_autoptr(WhaleRecord) lean = NULL;
  g_autoptr(WhaleRecord) news = NULL;
  g_autofree char *expected = flow_payload (text);

  /* The decoder's buffer is reused: the record's frame is its own. */
  news = build (decoder, "[\"news\",{\"headline\":\"x\"}]", WHALE_RECORD_NEWS);
  g_assert_cmpstr (whale_record_get_payload (record), ==, expected);
  g_assert_cmpstr (whale_record_get_payload (record), ==, expected);  /* cut once, kept */

  whale_frame_decoder_set_keep_payloads (decoder, FALSE);
  lean = build (decoder, text, WHALE_RECORD_FLOW_ALERT);
  g_assert_null (whale_record_get_payload (lean));

  whale_record_take_payload (record, NULL);
  g_assert_null (whale_record_get_payload (record));
}

/* Every string of a record sits in one block: the last of duplicate keys wins, string
 * arrays keep only their string items, and empty arrays and strings are present. */
static void
test_string_block (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(WhaleRecord) record = NULL;
  g_auto(GStrv) trade_ids = NULL;
  g_auto(GStrv) exchanges = NULL;
  g_auto(GStrv) conditions = NULL;

  record = build (decoder,
                  "[\"flow-alerts\",{\"id\":\"first\",\"ticker\":\"ACME\","
                  "\"option_chain\":\"ACME260116C00120000\",\"trade_ids\":[\"a\",7,\"b\"],"
                  "\"id\":\"second\",\"exchanges\":[],\"url\":\"\","
                  "\"upstream_condition_details\":[\"x\"],"
                  "\"upstream_condition_details\":[\"isoi\",\"y\"]}]",
                  WHALE_RECORD_FLOW_ALERT);
  g_assert_cmpstr (whale_test_string (record, "id"), ==, "second");
  g_assert_cmpstr (whale_test_string (record, "option_chain"), ==, "ACME260116C00120000");
  g_assert_cmpstr (whale_test_string (record, "url"), ==, "");
  g_object_get (record, "trade-ids", &trade_ids, "exchanges", &exchanges,
                "upstream-condition-details", &conditions, NULL);
  g_assert_cmpuint (g_strv_length (trade_ids), ==, 2);
  g_assert_cmpstr (trade_ids[0], ==, "a");
  g_assert_cmpstr (trade_ids[1], ==, "b");
  g_assert_nonnull (exchanges);
  g_assert_cmpuint (g_strv_length (exchanges), ==, 0);
  g_assert_cmpuint (g_strv_length (conditions), ==, 2);
  g_assert_cmpstr (conditions[0], ==, "isoi");
  /* finish() saw the packed strings: "isoi" makes it a sweep. */
  g_assert_cmpfloat (whale_test_number (record, "sweep"), ==, 1);
}

/* Tickers from the network are interned up to a budget, then kept per record. Runs
 * last: it spends the process's budget. */
static void
test_symbols_bounded (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(WhaleRecord) known = NULL;
  g_autoptr(WhaleRecord) again = NULL;
  guint n_interned = 0;
  guint n_kept = 0;

  known = build (decoder, "[\"flow-alerts\",{\"id\":\"k\",\"ticker\":\"KNOWNSYM\","
                 "\"option_chain\":\"ACME260116C00120000\"}]",
                 WHALE_RECORD_FLOW_ALERT);
  for (guint i = 0; i < WHALE_FRAME_MAX_SYMBOLS + 100; i++)
    {
      g_autofree char *ticker = g_strdup_printf ("Q%07u", i);
      g_autofree char *frame = g_strdup_printf ("[\"flow-alerts\",{\"id\":\"%u\","
                                                "\"ticker\":\"%s\",\"option_chain\":"
                                                "\"ACME260116C00120000\"}]", i, ticker);
      g_autoptr(WhaleRecord) record = build (decoder, frame, WHALE_RECORD_FLOW_ALERT);
      const char *got = whale_test_string (record, "ticker");
      GQuark quark = g_quark_try_string (got);

      g_assert_cmpstr (got, ==, ticker);
      if (quark != 0 && g_quark_to_string (quark) == got)
        n_interned++;
      else
        n_kept++;
    }
  g_assert_cmpuint (n_interned, <=, WHALE_FRAME_MAX_SYMBOLS);
  g_assert_cmpuint (n_kept, >=, 100);
  g_assert_cmpuint (n_interned + n_kept, ==, WHALE_FRAME_MAX_SYMBOLS + 100);

  /* A symbol interned before the budget ran out still is, shared. */
  again = build (decoder, "[\"flow-alerts\",{\"id\":\"k2\",\"ticker\":\"KNOWNSYM\","
                 "\"option_chain\":\"ACME260116C00120000\"}]",
                 WHALE_RECORD_FLOW_ALERT);
  g_assert_true (whale_test_string (again, "ticker") == whale_test_string (known, "ticker"));
}

static void
test_rest_movers (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autofree char *body = load_fixture ("movers.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  WhaleRecord *row;

  rows = whale_frame_decoder_build_rest (decoder, WHALE_RECORD_MARKET_MOVER, "market-movers",
                                         body, strlen (body), &error);
  g_assert_no_error (error);
  /* The gainer without a ticker is skipped. */
  g_assert_cmpuint (rows->len, ==, 3);

  row = g_ptr_array_index (rows, 0);
  g_assert_true (WHALE_IS_MARKET_MOVER (row));
  g_assert_cmpstr (whale_record_get_channel (row), ==, "market-movers");
  g_assert_cmpstr (whale_test_string (row, "category"), ==, "gainer");
  g_assert_cmpstr (whale_test_string (row, "ticker"), ==, "ACME");
  g_assert_cmpfloat (whale_test_number (row, "change_percent"), ==, 9.55);
  g_assert_cmpfloat (whale_test_number (row, "volume"), ==, 1000000);
  /* The list's last_updated applies to rows without their own. */
  g_assert_cmpint (whale_record_get_time (row), ==, G_GINT64_CONSTANT (1768575600000));

  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (whale_test_string (row, "category"), ==, "loser");
  g_assert_cmpfloat (whale_test_number (row, "change"), ==, -5);
  g_assert_cmpfloat (whale_test_number (row, "volume"), ==, 250000);

  row = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (whale_test_string (row, "category"), ==, "active");
  g_assert_cmpstr (whale_test_string (row, "ticker"), ==, "SPY");
  g_assert_cmpfloat (whale_test_number (row, "price"), ==, 593.06);
}

static void
test_rest_congress (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autofree char *body = load_fixture ("congress.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  WhaleRecord *row;
  gboolean active = FALSE;

  rows = whale_frame_decoder_build_rest (decoder, WHALE_RECORD_CONGRESS_TRADE, "congress",
                                         body, strlen (body), &error);
  g_assert_no_error (error);
  /* The row with an empty name and the string row are skipped. */
  g_assert_cmpuint (rows->len, ==, 2);

  row = g_ptr_array_index (rows, 0);
  g_assert_true (WHALE_IS_CONGRESS_TRADE (row));
  g_assert_cmpstr (whale_record_get_channel (row), ==, "congress");
  g_assert_cmpstr (whale_test_string (row, "name"), ==, "Pete Example");
  g_assert_cmpstr (whale_record_get_ticker (row), ==, "GOOGL");
  g_assert_cmpstr (whale_test_string (row, "txn_type"), ==, "Sell");
  g_assert_cmpstr (whale_test_string (row, "amounts"), ==, "$15,001 - $50,000");
  g_assert_cmpstr (whale_test_string (row, "transaction_date"), ==, "2026-01-05");
  g_assert_cmpstr (whale_test_string (row, "filed_at_date"), ==, "2026-01-12");
  g_assert_cmpstr (whale_test_string (row, "member_type"), ==, "house");
  g_assert_cmpstr (whale_test_string (row, "reporter"), ==, "Hon. Pete Example");
  g_object_get (row, "is-active", &active, NULL);
  g_assert_true (active);

  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (whale_test_string (row, "name"), ==, "Jane Example");
  g_assert_false (whale_test_has (row, "notes"));
}

static void
test_rest_malformed (void)
{
  static const struct
  {
    WhaleRecordKind  kind;
    const char      *body;
  } cases[] = {
    { WHALE_RECORD_CONGRESS_TRADE, "" },
    { WHALE_RECORD_CONGRESS_TRADE, "<html>502</html>" },
    { WHALE_RECORD_CONGRESS_TRADE, "{\"error\":\"quota\"}" },
    { WHALE_RECORD_CONGRESS_TRADE, "{\"data\":{}}" },
    { WHALE_RECORD_CONGRESS_TRADE, "[1,2]" },
    { WHALE_RECORD_MARKET_MOVER, "{\"data\":[]}" },
    { WHALE_RECORD_MARKET_MOVER, "{\"data\":" },
  };
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(GPtrArray) empty = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u: %s", i, cases[i].body);
      g_assert_null (whale_frame_decoder_build_rest (decoder, cases[i].kind, "c", cases[i].body,
                                                     strlen (cases[i].body), &error));
      g_assert_error (error, WHALE_FRAME_ERROR, WHALE_FRAME_ERROR_MALFORMED);
    }

  /* Empty lists are a valid, empty answer. */
  empty = whale_frame_decoder_build_rest (decoder, WHALE_RECORD_MARKET_MOVER, "c",
                                          "{\"data\":{\"top_gainers\":[]}}",
                                          strlen ("{\"data\":{\"top_gainers\":[]}}"), NULL);
  g_assert_nonnull (empty);
  g_assert_cmpuint (empty->len, ==, 0);
}

/* REST decoding does not disturb the last frame's payload. */
static void
test_rest_keeps_frame (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autofree char *body = load_fixture ("congress.json");
  g_autofree char *price = load_fixture ("price.json");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(WhaleRecord) record = NULL;

  g_assert_cmpint (parse (decoder, price, NULL, NULL), ==, WHALE_FRAME_DATA);
  rows = whale_frame_decoder_build_rest (decoder, WHALE_RECORD_CONGRESS_TRADE, "congress",
                                         body, strlen (body), NULL);
  g_assert_cmpuint (rows->len, ==, 2);
  record = whale_frame_decoder_build (decoder, WHALE_RECORD_PRICE, NULL);
  g_assert_nonnull (record);
  g_assert_cmpfloat (whale_test_number (record, "close"), ==, 562.82);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/frame/ack", test_ack);
  g_test_add_func ("/core/frame/ack-with-data-keys-is-data", test_ack_with_data_keys_is_data);
  g_test_add_func ("/core/frame/error-reply", test_error_reply);
  g_test_add_func ("/core/frame/data", test_data);
  g_test_add_func ("/core/frame/malformed", test_malformed);
  g_test_add_func ("/core/frame/malformed-huge-and-deep", test_malformed_huge);
  g_test_add_func ("/core/frame/flow-alert-fields", test_flow_alert_fields);
  g_test_add_func ("/core/frame/released-record-reused", test_released_record_reused);
  g_test_add_func ("/core/frame/key-order-changes", test_key_order_changes);
  g_test_add_func ("/core/frame/strings-as-numbers", test_strings_as_numbers);
  g_test_add_func ("/core/frame/number-forms", test_number_forms);
  g_test_add_func ("/core/frame/missing-is-not-zero", test_missing_is_not_zero);
  g_test_add_func ("/core/frame/timestamps", test_timestamps);
  g_test_add_func ("/core/frame/booleans", test_booleans);
  g_test_add_func ("/core/frame/wrong-types-read-as-missing", test_wrong_types);
  g_test_add_func ("/core/frame/long-trade-ids", test_long_trade_ids);
  g_test_add_func ("/core/frame/other-delivery-path", test_other_delivery_path);
  g_test_add_func ("/core/frame/identity", test_identity);
  g_test_add_func ("/core/frame/raw-payload-minified", test_raw_payload_minified);
  g_test_add_func ("/core/frame/decoder-reuse", test_decoder_reuse);
  g_test_add_func ("/core/frame/payload-cut-when-asked", test_payload_cut_when_asked);
  g_test_add_func ("/core/frame/string-block", test_string_block);
  g_test_add_func ("/core/frame/rest-movers", test_rest_movers);
  g_test_add_func ("/core/frame/rest-congress", test_rest_congress);
  g_test_add_func ("/core/frame/rest-malformed", test_rest_malformed);
  g_test_add_func ("/core/frame/rest-keeps-frame", test_rest_keeps_frame);
  g_test_add_func ("/core/frame/symbols-bounded", test_symbols_bounded);

  return g_test_run ();
}
