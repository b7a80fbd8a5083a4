/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "whale-flow-alert.h"
#include "whale-frame.h"
#include "whale-occ.h"
#include "whale-test-util.h"

static WhaleRecord *
decode (const char      *text,
        WhaleRecordKind  kind)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(GError) error = NULL;
  WhaleRecord *record;

  g_assert_cmpint (whale_frame_decoder_parse (decoder, text, strlen (text), NULL, NULL), ==,
                   WHALE_FRAME_DATA);
  record = whale_frame_decoder_build (decoder, kind, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

/* A flow alert on ACME with @extra members added to a fixed base. */
static WhaleRecord *
flow_alert (const char *option_chain,
            const char *extra)
{
  g_autofree char *text = g_strdup_printf ("[\"flow-alerts\",{\"id\":\"fa\",\"ticker\":\"ACME\","
                                           "\"option_chain\":\"%s\"%s%s}]",
                                           option_chain, *extra ? "," : "", extra);

  return decode (text, WHALE_RECORD_FLOW_ALERT);
}

static void
test_occ_valid (void)
{
  static const struct
  {
    const char *symbol;
    const char *root;
    gboolean    is_call;
    double      strike;
    const char *expiry;
  } cases[] = {
    { "SPXW260116C05900000", "SPXW", TRUE, 5900, "2026-01-16" },
    { "JD250523P00034000", "JD", FALSE, 34, "2025-05-23" },
    { "JD250523P00034500", "JD", FALSE, 34.5, "2025-05-23" },
    { "ACME260116C00120000", "ACME", TRUE, 120, "2026-01-16" },
    { "F260116P00012500", "F", FALSE, 12.5, "2026-01-16" },
    { "ABCDEF261231C00000125", "ABCDEF", TRUE, 0.125, "2026-12-31" },
    { "BRKB1280229P01234567", "BRKB1", FALSE, 1234.567, "2028-02-29" },
    { "SPY   260116C00500000", "SPY", TRUE, 500, "2026-01-16" },
    { "BRK.B260116C00450000", "BRK.B", TRUE, 450, "2026-01-16" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      WhaleOcc occ;

      g_test_message ("case %u: %s", i, cases[i].symbol);
      g_assert_true (whale_occ_parse (cases[i].symbol, &occ));
      g_assert_cmpstr (occ.root, ==, cases[i].root);
      g_assert_cmpint (occ.is_call, ==, cases[i].is_call);
      g_assert_cmpstr (whale_occ_option_type (&occ), ==, cases[i].is_call ? "call" : "put");
      g_assert_cmpfloat_with_epsilon (occ.strike, cases[i].strike, 1e-9);
      g_assert_cmpstr (whale_occ_intern_expiry (&occ), ==, cases[i].expiry);
      g_assert_true (whale_occ_intern_expiry (&occ) == g_intern_string (cases[i].expiry));
    }
}

static void
test_occ_malformed (void)
{
  static const char *cases[] = {
    "",
    "ACME",
    "260116C00120000",             /* no root */
    "      260116C00120000",       /* a root of spaces */
    "ABCDEFG260116C00120000",      /* 7-character root */
    "AC-E260116C00120000",
    "ACME260116X00120000",         /* neither C nor P */
    "ACME260116c00120000",
    "ACME261316C00120000",         /* month 13 */
    "ACME260230C00120000",         /* 30 February */
    "ACME260116C0012000",          /* 7 strike digits */
    "ACME260116C001200000",        /* 9 strike digits: root would end in a digit run */
    "ACME260116C0012O000",         /* letter O for zero */
    "ACME260116C00000000",         /* zero strike */
    "ACME 260116C00120000 ",
  };
  WhaleOcc occ;

  g_assert_false (whale_occ_parse (NULL, &occ));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u: '%s'", i, cases[i]);
      g_assert_false (whale_occ_parse (cases[i], &occ));
    }
}

static void
test_days_to_date (void)
{
  /* 2026-01-14T14:13:20Z is 09:13 in New York: two days before 2026-01-16. */
  g_assert_cmpfloat (whale_days_to_date (G_GINT64_CONSTANT (1768400000050), 2026, 1, 16), ==, 2);
  /* 2026-01-16T03:00Z is still the 15th in New York (UTC would say 0). */
  g_assert_cmpfloat (whale_days_to_date (G_GINT64_CONSTANT (1768532400000), 2026, 1, 16), ==, 1);
  /* Summer time: 2026-07-17T03:30Z is 23:30 on the 16th in New York (UTC-4). */
  g_assert_cmpfloat (whale_days_to_date (G_GINT64_CONSTANT (1784259000000), 2026, 7, 17), ==, 1);
  /* Expired options count down below zero. */
  g_assert_cmpfloat (whale_days_to_date (G_GINT64_CONSTANT (1768400000050), 2026, 1, 9), ==, -5);
  g_assert_true (isnan (whale_days_to_date (0, 2026, 1, 16)));
}

/* The illustrative frame of UW-PROTOCOL.md, worked out by hand. */
static void
test_flow_alert_derived (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "flow-alert.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(WhaleRecord) record = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_strchomp (text);
  record = decode (text, WHALE_RECORD_FLOW_ALERT);

  g_assert_cmpstr (whale_test_string (record, "option_type"), ==, "call");
  g_assert_cmpfloat (whale_test_number (record, "strike"), ==, 120.0);
  g_assert_cmpstr (whale_test_string (record, "expiry"), ==, "2026-01-16");
  g_assert_cmpfloat (whale_test_number (record, "dte"), ==, 2);
  g_assert_cmpfloat_with_epsilon (whale_test_number (record, "percent_otm"),
                                  (120 - 117.5) / 117.5 * 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (whale_test_number (record, "side_percent"),
                                  2000.0 / 2400 * 100, 1e-9);
  g_assert_cmpstr (whale_test_string (record, "sentiment"), ==, "bullish");
  /* Computed, not the 0.0 the frame claims. */
  g_assert_cmpfloat (whale_test_number (record, "vol_oi"), ==, 8);
  g_assert_cmpfloat (whale_test_number (record, "volume_oi_ratio"), ==, 0);
  /* 900 > 300 - (2400 - 900), though the frame says all_opening_trades false. */
  g_assert_cmpfloat (whale_test_number (record, "opening"), ==, 1);
  g_assert_cmpfloat (whale_test_number (record, "all_opening_trades"), ==, 0);
  g_assert_cmpfloat (whale_test_number (record, "sweep"), ==, 1);
  /* 279 000 is under a million. */
  g_assert_cmpfloat (whale_test_number (record, "golden_sweep"), ==, 0);
  g_assert_true (whale_test_has (record, "golden_sweep"));

  for (const char *const *name = (const char *const[]) { "option_type", "strike", "expiry", "dte",
                                                         "percent_otm", "side_percent",
                                                         "sentiment", "vol_oi", "opening",
                                                         "sweep", "golden_sweep", NULL };
       *name != NULL; name++)
    {
      g_assert_true (whale_test_has (record, *name));
      g_assert_true (whale_test_field (record, *name)->flags & WHALE_FIELD_DERIVED);
    }
}

static void
test_flow_alert_sentiment (void)
{
  static const struct
  {
    const char *chain;
    const char *vols;
    const char *sentiment;
    double      side_percent;  /* NaN: missing */
  } cases[] = {
    { "ACME260116C00120000", "\"ask_vol\":60,\"bid_vol\":40", "bullish", 60 },
    { "ACME260116C00120000", "\"ask_vol\":40,\"bid_vol\":60", "bearish", 40 },
    { "ACME260116P00120000", "\"ask_vol\":60,\"bid_vol\":40", "bearish", 60 },
    { "ACME260116P00120000", "\"ask_vol\":40,\"bid_vol\":60", "bullish", 40 },
    { "ACME260116C00120000", "\"ask_vol\":50,\"bid_vol\":50", "neutral", 50 },
    { "ACME260116P00120000", "\"ask_vol\":40,\"bid_vol\":40,\"mid_vol\":20", "neutral", 40 },
    { "ACME260116C00120000", "\"ask_vol\":30,\"mid_vol\":50,\"no_side_vol\":20", "neutral", 30 },
    /* The other delivery path leaves out zero ask volume. */
    { "ACME260116P00120000", "\"bid_vol\":\"75\",\"mid_vol\":\"25\"", "bullish", 0 },
    { "ACME260116C00120000", "\"ask_vol\":0,\"bid_vol\":0", "neutral", NAN },
    { "ACME260116C00120000", "", "neutral", NAN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WhaleRecord) record = NULL;

      g_test_message ("case %u: %s %s", i, cases[i].chain, cases[i].vols);
      record = flow_alert (cases[i].chain, cases[i].vols);
      g_assert_cmpstr (whale_test_string (record, "sentiment"), ==, cases[i].sentiment);
      if (isnan (cases[i].side_percent))
        g_assert_false (whale_test_has (record, "side_percent"));
      else
        g_assert_cmpfloat_with_epsilon (whale_test_number (record, "side_percent"),
                                        cases[i].side_percent, 1e-9);
    }
}

static void
test_flow_alert_moneyness_and_oi (void)
{
  g_autoptr(WhaleRecord) put = NULL;
  g_autoptr(WhaleRecord) no_oi = NULL;
  g_autoptr(WhaleRecord) closing = NULL;
  g_autoptr(WhaleRecord) opening = NULL;
  g_autoptr(WhaleRecord) no_spot = NULL;

  /* Puts: % OTM is the negative of (strike - spot) / spot. */
  put = flow_alert ("ACME260116P00100000", "\"underlying_price\":\"110\"");
  g_assert_cmpfloat_with_epsilon (whale_test_number (put, "percent_otm"), 10.0 / 110 * 100, 1e-9);
  g_assert_cmpstr (whale_test_string (put, "option_type"), ==, "put");

  /* No open interest: vol/OI is missing, not infinite. */
  no_oi = flow_alert ("ACME260116C00120000",
                      "\"volume\":500,\"open_interest\":0,\"total_size\":100");
  g_assert_false (whale_test_has (no_oi, "vol_oi"));
  g_assert_true (isnan (whale_test_number (no_oi, "vol_oi")));
  /* 100 > 0 - (500 - 100) */
  g_assert_cmpfloat (whale_test_number (no_oi, "opening"), ==, 1);

  /* 100 > 5000 - (2400 - 100) is false: likely closing. */
  closing = flow_alert ("ACME260116C00120000",
                        "\"volume\":2400,\"open_interest\":5000,\"total_size\":100");
  g_assert_true (whale_test_has (closing, "opening"));
  g_assert_cmpfloat (whale_test_number (closing, "opening"), ==, 0);
  g_assert_cmpfloat (whale_test_number (closing, "vol_oi"), ==, 0.48);

  /* 900 > 1000 - (2400 - 900): opening, though the alert is smaller than the OI. */
  opening = flow_alert ("ACME260116C00120000",
                        "\"volume\":2400,\"open_interest\":1000,\"total_size\":900");
  g_assert_cmpfloat (whale_test_number (opening, "opening"), ==, 1);

  no_spot = flow_alert ("ACME260116C00120000", "\"underlying_price\":\"\"");
  g_assert_false (whale_test_has (no_spot, "percent_otm"));
}

static void
test_flow_alert_sweeps (void)
{
  static const struct
  {
    const char *extra;
    gboolean    sweep;
    gboolean    golden;
  } cases[] = {
    { "\"has_sweep\":true,\"total_premium\":1000000,\"total_size\":600,\"open_interest\":500",
      TRUE, TRUE },
    { "\"upstream_condition_details\":[\"auto\",\"isoi\"],\"total_premium\":\"2500000\","
      "\"total_size\":\"600\",\"open_interest\":\"500\"", TRUE, TRUE },
    { "\"has_sweep\":true,\"total_premium\":999999,\"total_size\":600,\"open_interest\":500",
      TRUE, FALSE },
    { "\"has_sweep\":true,\"total_premium\":1000000,\"total_size\":500,\"open_interest\":500",
      TRUE, FALSE },
    { "\"has_sweep\":true,\"total_premium\":1000000,\"total_size\":600", TRUE, FALSE },
    { "\"has_sweep\":false,\"upstream_condition_details\":[\"auto\"],\"total_premium\":5000000,"
      "\"total_size\":600,\"open_interest\":500", FALSE, FALSE },
    { "", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WhaleRecord) record = NULL;
      gboolean sweep = !cases[i].sweep, golden = !cases[i].golden;

      g_test_message ("case %u: %s", i, cases[i].extra);
      record = flow_alert ("ACME260116C00120000", cases[i].extra);
      g_object_get (record, "sweep", &sweep, "golden-sweep", &golden, NULL);
      g_assert_cmpint (sweep, ==, cases[i].sweep);
      g_assert_cmpint (golden, ==, cases[i].golden);
    }
}

static void
test_properties (void)
{
  g_autoptr(WhaleRecord) record = NULL;
  g_autofree char *option_type = NULL, *expiry = NULL, *ticker = NULL, *channel = NULL;
  g_autofree char *record_ticker = NULL, *sentiment = NULL;
  g_auto(GStrv) trade_ids = NULL;
  double strike = 0, percent_otm = 0, side_percent = 0, vol_oi = 0, dte = 0;
  gint64 executed_at = 0, record_time = 0;
  gboolean opening = FALSE, has_sweep = FALSE;

  record = flow_alert ("ACME260116P00100000",
                       "\"underlying_price\":80,\"volume\":400,\"total_size\":200,"
                       "\"open_interest\":100,\"ask_vol\":300,\"bid_vol\":100,"
                       "\"executed_at\":\"1768400000050\",\"has_sweep\":\"true\","
                       "\"trade_ids\":[\"t-1\",\"t-2\",\"t-3\"]");
  g_object_get (record,
                "option-type", &option_type,
                "strike", &strike,
                "expiry", &expiry,
                "dte", &dte,
                "percent-otm", &percent_otm,
                "side-percent", &side_percent,
                "sentiment", &sentiment,
                "vol-oi", &vol_oi,
                "opening", &opening,
                "has-sweep", &has_sweep,
                "executed-at", &executed_at,
                "ticker", &ticker,
                "trade-ids", &trade_ids,
                "channel", &channel,
                "record-ticker", &record_ticker,
                "record-time", &record_time,
                NULL);
  g_assert_cmpstr (option_type, ==, "put");
  g_assert_cmpfloat (strike, ==, 100);
  g_assert_cmpstr (expiry, ==, "2026-01-16");
  g_assert_cmpfloat (dte, ==, 2);
  g_assert_cmpfloat (percent_otm, ==, -25);
  g_assert_cmpfloat (side_percent, ==, 75);
  g_assert_cmpstr (sentiment, ==, "bearish");
  g_assert_cmpfloat (vol_oi, ==, 4);
  g_assert_true (opening);
  g_assert_true (has_sweep);
  g_assert_cmpint (executed_at, ==, G_GINT64_CONSTANT (1768400000050));
  g_assert_cmpstr (ticker, ==, "ACME");
  g_assert_cmpuint (g_strv_length (trade_ids), ==, 3);
  g_assert_cmpstr (channel, ==, "flow-alerts");
  g_assert_cmpstr (record_ticker, ==, "ACME");
  g_assert_cmpint (record_time, ==, G_GINT64_CONSTANT (1768400000050));

  /* Read-only, kebab-case, and the label is the nick. */
  {
    GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (record), "golden-sweep");

    g_assert_nonnull (pspec);
    g_assert_false (pspec->flags & G_PARAM_WRITABLE);
    g_assert_cmpstr (g_param_spec_get_nick (pspec), ==, "Golden sweep");
    g_assert_cmpstr (g_param_spec_get_name (pspec), ==, "golden-sweep");
  }
}

static void
test_other_records_derived (void)
{
  g_autoptr(WhaleRecord) strike = NULL;
  g_autoptr(WhaleRecord) one_side = NULL;
  g_autoptr(WhaleRecord) trade = NULL;
  g_autoptr(WhaleRecord) trade_wire = NULL;
  g_autoptr(WhaleRecord) dark = NULL;
  g_autoptr(WhaleRecord) news = NULL;

  strike = decode ("[\"gex_strike:SPY\",{\"ticker\":\"SPY\",\"timestamp\":1768400010000,"
                   "\"strike\":\"595\",\"call_gamma_oi\":\"250000\",\"put_gamma_oi\":\"-100000\","
                   "\"call_gamma_vol\":\"2000\",\"put_gamma_vol\":\"-3000\"}]",
                   WHALE_RECORD_GEX_STRIKE);
  g_assert_cmpfloat (whale_test_number (strike, "net_gamma_oi"), ==, 150000);
  g_assert_cmpfloat (whale_test_number (strike, "net_gamma_vol"), ==, -1000);
  g_assert_false (whale_test_has (strike, "expiry"));

  one_side = decode ("[\"gex_strike:SPY\",{\"ticker\":\"SPY\",\"timestamp\":1768400010000,"
                     "\"strike\":595,\"put_gamma_oi\":\"-100000\"}]", WHALE_RECORD_GEX_STRIKE);
  g_assert_cmpfloat (whale_test_number (one_side, "net_gamma_oi"), ==, -100000);
  g_assert_false (whale_test_has (one_side, "net_gamma_vol"));

  /* Type, strike, expiry and even the ticker from the OCC symbol when not sent. */
  trade = decode ("[\"option_trades\",{\"option_symbol\":\"SPXW260116P05900500\","
                  "\"executed_at\":1768400000123}]", WHALE_RECORD_OPTION_TRADE);
  g_assert_cmpstr (whale_record_get_ticker (trade), ==, "SPXW");
  g_assert_cmpstr (whale_test_string (trade, "option_type"), ==, "put");
  g_assert_cmpfloat (whale_test_number (trade, "strike"), ==, 5900.5);
  g_assert_cmpstr (whale_test_string (trade, "expiry"), ==, "2026-01-16");

  /* What the wire says wins. */
  trade_wire = decode ("[\"option_trades\",{\"underlying_symbol\":\"SPX\",\"option_type\":\"put\","
                       "\"option_symbol\":\"SPXW260116P05900500\",\"strike\":\"5900.5\","
                       "\"expiry\":\"2026-01-16\",\"executed_at\":1768400000123}]",
                       WHALE_RECORD_OPTION_TRADE);
  g_assert_cmpstr (whale_record_get_ticker (trade_wire), ==, "SPX");

  dark = decode ("[\"off_lit_trades\",{\"symbol\":\"QID\",\"price\":\"18.5\",\"size\":\"6400\","
                 "\"executed_at\":\"2026-01-14T14:13:20.123Z\"}]", WHALE_RECORD_DARK_POOL_TRADE);
  g_assert_cmpfloat (whale_test_number (dark, "premium"), ==, 118400);
  g_assert_true (whale_test_field (dark, "premium")->flags & WHALE_FIELD_DERIVED);

  news = decode ("[\"news\",{\"headline\":\"h\",\"tickers\":[\"XYZ\",\"ACME\"]}]",
                 WHALE_RECORD_NEWS);
  g_assert_cmpstr (whale_record_get_ticker (news), ==, "XYZ");
}

static void
test_json_lines (void)
{
  static const struct
  {
    WhaleRecordKind  kind;
    const char      *frame;
    const char      *line;
  } cases[] = {
    { WHALE_RECORD_FLOW_ALERT,
      "[\"flow-alerts\",{\"id\":\"fa-1\",\"rule_name\":\"RepeatedHits\",\"ticker\":\"ACME\","
      "\"option_chain\":\"ACME260116P00100000\",\"underlying_price\":\"80\",\"price\":\"2.5\","
      "\"volume\":400,\"total_size\":\"200\",\"open_interest\":100,\"total_premium\":1000000,"
      "\"ask_vol\":300,\"bid_vol\":100,\"executed_at\":1768400000050,\"has_sweep\":true,"
      "\"trade_ids\":[\"t-1\"],\"unknown_field\":{\"x\":1}}]",
      "{\"channel\":\"flow-alerts\",\"kind\":\"flow-alert\",\"id\":\"fa-1\","
      "\"rule_name\":\"RepeatedHits\",\"ticker\":\"ACME\",\"option_chain\":\"ACME260116P00100000\","
      "\"underlying_price\":80,\"price\":2.5,\"volume\":400,\"total_size\":200,"
      "\"open_interest\":100,\"total_premium\":1000000,\"ask_vol\":300,\"bid_vol\":100,"
      "\"executed_at\":1768400000050,\"has_sweep\":true,\"trade_ids\":[\"t-1\"],"
      "\"option_type\":\"put\",\"strike\":100,\"expiry\":\"2026-01-16\",\"dte\":2,"
      "\"percent_otm\":-25,\"side_percent\":75,\"sentiment\":\"bearish\",\"vol_oi\":4,"
      "\"opening\":true,\"sweep\":true,\"golden_sweep\":true}" },
    { WHALE_RECORD_GEX,
      "[\"gex:SPY\",{\"ticker\":\"SPY\",\"timestamp\":\"1768400010000\",\"price\":\"593.5\","
      "\"gamma_per_one_percent_move_oi\":\"6930000000\",\"delta_per_one_percent_move_oi\":\"0\"}]",
      "{\"channel\":\"gex:SPY\",\"kind\":\"gex\",\"ticker\":\"SPY\",\"timestamp\":1768400010000,"
      "\"price\":593.5,\"gamma_per_one_percent_move_oi\":6930000000,"
      "\"delta_per_one_percent_move_oi\":0}" },
    { WHALE_RECORD_GEX_STRIKE,
      "[\"gex_strike:SPY\",{\"ticker\":\"SPY\",\"timestamp\":1768400010000,\"price\":\"593.5\","
      "\"strike\":\"595\",\"call_gamma_oi\":\"250000\",\"put_gamma_oi\":\"-100000\","
      "\"put_gamma_vol\":\"-0.5\"}]",
      "{\"channel\":\"gex_strike:SPY\",\"kind\":\"gex-strike\",\"ticker\":\"SPY\","
      "\"timestamp\":1768400010000,\"price\":593.5,\"strike\":595,\"call_gamma_oi\":250000,"
      "\"put_gamma_oi\":-100000,\"put_gamma_vol\":-0.5,\"net_gamma_oi\":150000,"
      "\"net_gamma_vol\":-0.5}" },
    { WHALE_RECORD_OPTION_TRADE,
      "[\"option_trades\",{\"id\":\"ot-1\",\"option_symbol\":\"SPXW260116C05900000\","
      "\"executed_at\":\"1768400000123\",\"price\":\"12.25\",\"size\":\"10\",\"premium\":\"12250\","
      "\"tags\":[\"ask_side\",\"bullish\"],\"exchange\":\"XCBO\",\"underlying_price\":\"\"}]",
      "{\"channel\":\"option_trades\",\"kind\":\"option-trade\",\"id\":\"ot-1\","
      "\"underlying_symbol\":\"SPXW\",\"option_symbol\":\"SPXW260116C05900000\","
      "\"option_type\":\"call\",\"strike\":5900,\"expiry\":\"2026-01-16\","
      "\"executed_at\":1768400000123,\"price\":12.25,\"premium\":12250,\"size\":10,"
      "\"tags\":[\"ask_side\",\"bullish\"],\"exchange\":\"XCBO\"}" },
    { WHALE_RECORD_DARK_POOL_TRADE,
      "[\"off_lit_trades\",{\"symbol\":\"QID\",\"price\":\"18.5\",\"size\":6400,"
      "\"executed_at\":\"2026-01-14T14:13:20.123Z\",\"tracking_id\":71984388012245,"
      "\"sale_cond_codes\":null}]",
      "{\"channel\":\"off_lit_trades\",\"kind\":\"dark-pool-trade\",\"symbol\":\"QID\","
      "\"price\":18.5,\"size\":6400,\"executed_at\":1768400000123,"
      "\"tracking_id\":\"71984388012245\",\"premium\":118400}" },
    { WHALE_RECORD_PRICE,
      "[\"price:SPY\",{\"ticker\":\"SPY\",\"close\":\"562.75\",\"time\":1768400000000,\"vol\":1200}]",
      "{\"channel\":\"price:SPY\",\"kind\":\"price\",\"ticker\":\"SPY\",\"close\":562.75,"
      "\"time\":1768400000000,\"vol\":1200}" },
    { WHALE_RECORD_NEWS,
      "[\"news\",{\"headline\":\"ACME \\\"beats\\\"\",\"timestamp\":\"2026-01-16T14:30:00.050Z\","
      "\"source\":\"Newswire\",\"tickers\":[\"ACME\"],\"is_major\":false}]",
      "{\"channel\":\"news\",\"kind\":\"news\",\"headline\":\"ACME \\\"beats\\\"\","
      "\"timestamp\":1768573800050,\"source\":\"Newswire\",\"tickers\":[\"ACME\"],"
      "\"is_major\":false,\"ticker\":\"ACME\"}" },
    { WHALE_RECORD_RAW,
      "[\"market_tide\",{\"net_call_premium\":\"1\"}]",
      "{\"channel\":\"market_tide\",\"kind\":\"raw\",\"payload\":{\"net_call_premium\":\"1\"}}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WhaleRecord) record = decode (cases[i].frame, cases[i].kind);
      g_autofree char *line = whale_record_to_json_line (record);

      g_assert_cmpstr (line, ==, cases[i].line);
    }
}

static void
test_json_lines_rest (void)
{
  static const char movers[] =
    "{\"data\":{\"last_updated\":1768575600000,\"top_losers\":[{\"ticker\":\"XYZ\",\"price\":\"40\","
    "\"change\":\"-5\",\"change_percent\":\"-12.5\",\"volume\":\"250000\"}]}}";
  static const char congress[] =
    "{\"data\":[{\"name\":\"Jane Example\",\"ticker\":\"NVDA\",\"transaction_date\":\"2026-01-02\","
    "\"txn_type\":\"Buy\",\"amounts\":\"$1,001 - $15,000\",\"filed_at_date\":\"2026-01-10\","
    "\"member_type\":\"senate\"}]}";
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  g_autoptr(GPtrArray) mover_rows = NULL;
  g_autoptr(GPtrArray) congress_rows = NULL;
  g_autofree char *mover_line = NULL;
  g_autofree char *congress_line = NULL;

  mover_rows = whale_frame_decoder_build_rest (decoder, WHALE_RECORD_MARKET_MOVER,
                                               "market-movers", movers, strlen (movers), NULL);
  g_assert_cmpuint (mover_rows->len, ==, 1);
  mover_line = whale_record_to_json_line (g_ptr_array_index (mover_rows, 0));
  g_assert_cmpstr (mover_line, ==,
                   "{\"channel\":\"market-movers\",\"kind\":\"market-mover\",\"category\":\"loser\","
                   "\"ticker\":\"XYZ\",\"price\":40,\"change\":-5,\"change_percent\":-12.5,"
                   "\"volume\":250000,\"last_updated\":1768575600000}");

  congress_rows = whale_frame_decoder_build_rest (decoder, WHALE_RECORD_CONGRESS_TRADE,
                                                  "congress", congress, strlen (congress), NULL);
  g_assert_cmpuint (congress_rows->len, ==, 1);
  congress_line = whale_record_to_json_line (g_ptr_array_index (congress_rows, 0));
  g_assert_cmpstr (congress_line, ==,
                   "{\"channel\":\"congress\",\"kind\":\"congress-trade\",\"name\":\"Jane Example\","
                   "\"member_type\":\"senate\",\"ticker\":\"NVDA\",\"txn_type\":\"Buy\","
                   "\"amounts\":\"$1,001 - $15,000\",\"transaction_date\":\"2026-01-02\","
                   "\"filed_at_date\":\"2026-01-10\",\"amount_low\":1001}");
}

/* A disclosure band sorts by the dollars it starts at, not as text. */
static void
test_congress_amount_low (void)
{
  const struct { const char *amounts; double low; } cases[] = {
    { "$1,001 - $15,000", 1001 },
    { "$100,001 - $250,000", 100001 },
    { "$1,000,001 - $5,000,000", 1000001 },
    { "Over $50,000,000", 50000000 },
    { "Spouse/DC: $15,001 - $50,000", 15001 },
    { "Unknown", NAN },
    { "$", NAN },
  };
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = g_strdup_printf (
        "{\"data\":[{\"name\":\"Jane Example\",\"transaction_date\":\"2026-01-02\","
        "\"amounts\":\"%s\"}]}", cases[i].amounts);
      g_autoptr(GPtrArray) rows = whale_frame_decoder_build_rest (decoder,
                                                                  WHALE_RECORD_CONGRESS_TRADE,
                                                                  "congress", body,
                                                                  strlen (body), NULL);
      WhaleRecord *record;

      g_assert_cmpuint (rows->len, ==, 1);
      record = g_ptr_array_index (rows, 0);
      if (isnan (cases[i].low))
        g_assert_false (whale_test_has (record, "amount_low"));
      else
        g_assert_cmpfloat (whale_test_number (record, "amount_low"), ==, cases[i].low);
    }
}

/* Every class: a kind name, at most 64 fields, unique wire names, offsets inside the
 * instance, and numbers that start out missing. */
static void
test_field_tables (void)
{
  for (int kind = 0; kind <= WHALE_RECORD_RAW; kind++)
    {
      GType type = whale_record_kind_get_record_type (kind);
      g_autoptr(WhaleRecord) record = g_object_new (type, NULL);
      WhaleRecordClass *klass = WHALE_RECORD_GET_CLASS (record);
      GTypeQuery query;
      guint n_fields;
      const WhaleField *fields = whale_record_class_get_fields (klass, &n_fields);

      g_type_query (type, &query);
      g_assert_cmpint (klass->kind, ==, kind);
      g_assert_cmpstr (klass->kind_name, ==, whale_record_kind_to_string (kind));
      g_assert_cmpuint (n_fields, <=, 64);
      g_assert_nonnull (klass->finish);
      if (klass->ticker_field != NULL)
        g_assert_nonnull (whale_record_class_find_field (klass, klass->ticker_field));
      if (klass->time_field != NULL)
        g_assert_cmpint (whale_record_class_find_field (klass, klass->time_field)->type, ==,
                         WHALE_FIELD_TIME);

      for (guint i = 0; i < n_fields; i++)
        {
          g_assert_nonnull (fields[i].name);
          g_assert_nonnull (fields[i].label);
          g_assert_cmpuint (fields[i].offset, >=, sizeof (WhaleRecord));
          g_assert_cmpuint (fields[i].offset, <, query.instance_size);
          g_assert_true (whale_record_class_find_field (klass, fields[i].name) == &fields[i]);
          g_assert_false (whale_record_has_field (record, &fields[i]));
          if (fields[i].type == WHALE_FIELD_NUMBER)
            g_assert_true (isnan (whale_record_get_number (record, &fields[i])));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/records/occ/valid", test_occ_valid);
  g_test_add_func ("/core/records/occ/malformed", test_occ_malformed);
  g_test_add_func ("/core/records/days-to-date", test_days_to_date);
  g_test_add_func ("/core/records/flow-alert/derived", test_flow_alert_derived);
  g_test_add_func ("/core/records/flow-alert/sentiment", test_flow_alert_sentiment);
  g_test_add_func ("/core/records/flow-alert/moneyness-and-oi", test_flow_alert_moneyness_and_oi);
  g_test_add_func ("/core/records/flow-alert/sweeps", test_flow_alert_sweeps);
  g_test_add_func ("/core/records/properties", test_properties);
  g_test_add_func ("/core/records/other-derived", test_other_records_derived);
  g_test_add_func ("/core/records/json-lines", test_json_lines);
  g_test_add_func ("/core/records/json-lines-rest", test_json_lines_rest);
  g_test_add_func ("/core/records/congress-amount-low", test_congress_amount_low);
  g_test_add_func ("/core/records/field-tables", test_field_tables);

  return g_test_run ();
}
