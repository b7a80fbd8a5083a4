/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-gamma"

#include "config.h"

#include <math.h>
#include <string.h>

#include "whale-application.h"
#include "whale-test-ui-util.h"
#include "whale-window.h"

/* The real app and window in demo mode, driven through the Gamma page. */

static WhaleGammaPage *
page (void)
{
  return whale_window_get_gamma_page (window);
}

static const char *
shown (const char *name)
{
  return whale_gamma_page_get_text (page (), name);
}

static gboolean
joined (const char *channel)
{
  return whale_test_joined (session (), channel);
}

static gboolean
contains (const char *text,
          const char *needle)
{
  return text != NULL && strstr (text, needle) != NULL;
}

/* ---- An independent computation of the levels, straight from UW-PROTOCOL.md ---- */

typedef struct
{
  double spot;
  double call_wall, put_wall, magnet, flip;
} Expected;

static void
expect_levels (GArray   *bars,
               double    spot,
               double    band,
               Expected *out)
{
  double best_call = 0, best_put = 0, best_abs = 0, sum = 0, last_strike = NAN;

  *out = (Expected) { spot, NAN, NAN, NAN, NAN };
  for (guint i = 0; i < bars->len; i++)
    {
      const WhaleGexBar *bar = &g_array_index (bars, WhaleGexBar, i);
      double net = bar->call + bar->put;
      double before = sum;

      if (bar->strike < spot * (1 - band) || bar->strike > spot * (1 + band))
        continue;
      if (bar->strike > spot && net > best_call)
        best_call = net, out->call_wall = bar->strike;
      if (bar->strike < spot && net > best_put)
        best_put = net, out->put_wall = bar->strike;
      if (fabs (net) > best_abs)
        best_abs = fabs (net), out->magnet = bar->strike;
      sum += net;
      /* The running sum changed sign between the last strike and this one. */
      if (!isnan (last_strike) && before != 0 && (before < 0) != (sum < 0))
        {
          double crossing = last_strike + (bar->strike - last_strike) * -before / (sum - before);

          if (isnan (out->flip) || fabs (crossing - spot) < fabs (out->flip - spot))
            out->flip = crossing;
        }
      last_strike = bar->strike;
    }
}

/* What the page and the chart show right after a burst completes, and the bars. */
typedef struct
{
  gboolean  burst;
  gboolean  captured;
  GArray   *bars;
  double    spot;
  char     *texts[5];      /* flip, call-wall, put-wall, magnet, flip-detail */
  char     *chart_summary;
} Capture;

static const char *captured_names[] = { "flip", "call-wall", "put-wall", "magnet", "flip-detail" };

static void
burst_cb (WhaleGexBoard *board,
          gint64         timestamp,
          Capture       *capture)
{
  capture->burst = TRUE;
}

/* Connected after the page's handler, so the page already shows this burst. */
static void
changed_cb (WhaleGexBoard *board,
            Capture       *capture)
{
  if (!capture->burst || capture->captured)
    return;
  capture->captured = TRUE;
  capture->bars = whale_gex_board_dup_bars (board, WHALE_GEX_WEIGHT_OI);
  capture->spot = whale_gex_board_get_levels (board)->spot;
  for (guint i = 0; i < G_N_ELEMENTS (captured_names); i++)
    capture->texts[i] = g_strdup (shown (captured_names[i]));
  capture->chart_summary =
    g_strdup (whale_strike_chart_get_summary (whale_gamma_page_get_strike_chart (page ())));
}

static void
capture_clear (Capture *capture)
{
  g_clear_pointer (&capture->bars, g_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (capture->texts); i++)
    g_clear_pointer (&capture->texts[i], g_free);
  g_clear_pointer (&capture->chart_summary, g_free);
}

static void
assert_strike_shown (const char *text,
                     double      expected)
{
  if (isnan (expected))
    {
      g_assert_cmpstr (text, ==, "—");
      return;
    }
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (text, NULL), expected, 1e-9);
}

static void
select_ticker (const char *ticker)
{
  GtkDropDown *dropdown = whale_gamma_page_get_dropdown (page ());
  GListModel *tickers = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (tickers); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (tickers, i);

      if (g_str_equal (gtk_string_object_get_string (item), ticker))
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
test_spy_first (void)
{
  WhaleGexBoard *board;

  WHALE_WAIT_UNTIL (whale_session_get_started (session ()), 10000);
  g_assert_true (whale_session_get_demo (session ()));
  adw_view_stack_set_visible_child_name (whale_window_get_view_stack (window), "gamma");

  board = whale_session_get_gex_board (session ());
  g_assert_nonnull (board);
  g_assert_cmpstr (whale_gex_board_get_ticker (board), ==, "SPY");
  WHALE_WAIT_UNTIL (joined ("gex:SPY") && joined ("gex_strike:SPY"), 10000);
  WHALE_WAIT_UNTIL (whale_gex_board_get_levels (board)->n_strikes > 0
                    && whale_gex_board_get_updated (board) > 0, 15000);
  g_assert_null (shown ("waiting"));
  g_assert_cmpstr (shown ("spot-detail"), ==, "SPY");
}

/* The texts of the summary cards' labels that are cut off (ellipsized) as laid out. */
static void
collect_cut_off (GtkWidget *widget,
                 gboolean   in_card,
                 GString   *out)
{
  in_card = in_card || GTK_IS_FLOW_BOX_CHILD (widget);
  if (in_card && GTK_IS_LABEL (widget)
      && pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    g_string_append_printf (out, "[%s] ", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cut_off (child, in_card, out);
}

static void
test_cards_readable (void)
{
  g_autoptr(GString) cut_off = g_string_new (NULL);
  int width, height;

  /* At the size the app first opens at, every card's value and detail reads in full;
   * net gamma's detail, its volume and direction weightings, is the longest. */
  g_settings_reset (settings (), "window-width");
  g_settings_reset (settings (), "window-height");
  width = g_settings_get_int (settings (), "window-width");
  height = g_settings_get_int (settings (), "window-height");
  adw_view_stack_set_visible_child_name (whale_window_get_view_stack (window), "gamma");
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  /* (The window's own width leaves out its client-side decorations' margin.) */
  WHALE_WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (window)) <= width
                    && !isnan (whale_gex_board_get_net_gamma (whale_session_get_gex_board (session ()),
                                                              WHALE_GEX_WEIGHT_VOL))
                    && contains (shown ("net-gamma-detail"), "Dir"), 10000);
  whale_test_ui_wait_frames (GTK_WIDGET (window), 3);
  collect_cut_off (GTK_WIDGET (page ()), FALSE, cut_off);
  g_assert_cmpstr (cut_off->str, ==, "");

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 860);
  WHALE_WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (window)) > width, 10000);
}

static void
test_switch_ticker (void)
{
  WhaleGexBoard *old_board = whale_session_get_gex_board (session ());
  WhaleGexBoard *board;
  Capture capture = { 0 };
  Expected expected;
  gulong burst_id, changed_id;
  g_autofree char *call_wall = NULL;
  g_autofree char *put_wall = NULL;
  g_autofree char *distance = NULL;
  g_autofree char *flip = NULL;

  select_ticker ("QQQ");
  g_assert_cmpstr (g_settings_get_string (settings (), "gex-ticker"), ==, "QQQ");

  /* Old channels left, new ones joined. */
  g_assert_null (whale_stream_lookup (stream (), "gex:SPY"));
  g_assert_null (whale_stream_lookup (stream (), "gex_strike:SPY"));
  g_assert_nonnull (whale_stream_lookup (stream (), "gex:QQQ"));
  g_assert_nonnull (whale_stream_lookup (stream (), "gex_strike:QQQ"));

  /* A new, empty board; the page says what it waits for. */
  board = whale_session_get_gex_board (session ());
  g_assert_true (board != old_board);
  g_assert_cmpstr (whale_gex_board_get_ticker (board), ==, "QQQ");
  g_assert_cmpuint (whale_gex_board_get_n_strikes (board), ==, 0);
  g_assert_cmpstr (shown ("waiting"), ==, "Waiting for the first gamma update for QQQ…");
  g_assert_true (whale_strike_chart_get_board (whale_gamma_page_get_strike_chart (page ())) == board);
  g_assert_true (contains (whale_strike_chart_get_summary (whale_gamma_page_get_strike_chart (page ())),
                           "no data yet"));

  WHALE_WAIT_UNTIL (joined ("gex:QQQ") && joined ("gex_strike:QQQ"), 10000);
  WHALE_WAIT_UNTIL (!joined ("gex:SPY") && !joined ("gex_strike:SPY"), 10000);

  /* The next complete burst with a flip: what the page shows against our own
   * computation. The simulator's ladder has its flip some 1-3 % below spot, so now and
   * then it lies just outside the band; the page must then show none, and the test
   * takes the next burst. */
  burst_id = g_signal_connect (board, "burst", G_CALLBACK (burst_cb), &capture);
  changed_id = g_signal_connect (board, "changed", G_CALLBACK (changed_cb), &capture);
  for (guint tries = 1;; tries++)
    {
      WHALE_WAIT_UNTIL (capture.captured, 15000);
      g_assert_cmpuint (capture.bars->len, >, 10);
      g_assert_true (isfinite (capture.spot));
      /* QQQ is an index ETF: ±3 % around spot. */
      expect_levels (capture.bars, capture.spot, 0.03, &expected);
      g_test_message ("QQQ spot %.2f: flip %s, call wall %s, put wall %s, magnet %s",
                      capture.spot, capture.texts[0], capture.texts[1], capture.texts[2],
                      capture.texts[3]);
      if (!isnan (expected.flip))
        break;
      g_assert_cmpstr (capture.texts[0], ==, "—");
      g_assert_cmpuint (tries, <, 5);
      capture_clear (&capture);
      capture.burst = capture.captured = FALSE;
    }
  g_signal_handler_disconnect (board, burst_id);
  g_signal_handler_disconnect (board, changed_id);

  /* The simulator's ladder is coherent: walls on their sides of spot. */
  g_assert_false (isnan (expected.call_wall));
  g_assert_false (isnan (expected.put_wall));

  flip = g_strdup_printf ("%.2f", expected.flip);
  g_assert_cmpstr (capture.texts[0], ==, flip);
  assert_strike_shown (capture.texts[1], expected.call_wall);
  assert_strike_shown (capture.texts[2], expected.put_wall);
  assert_strike_shown (capture.texts[3], expected.magnet);
  distance = g_strdup_printf ("%+.2f%% from spot", (expected.flip - capture.spot) / capture.spot * 100);
  g_assert_cmpstr (capture.texts[4], ==, distance);

  /* The chart's accessible description names the same walls. */
  call_wall = g_strdup_printf ("call wall %s", capture.texts[1]);
  put_wall = g_strdup_printf ("put wall %s", capture.texts[2]);
  g_assert_true (contains (capture.chart_summary, "for QQQ"));
  g_assert_true (contains (capture.chart_summary, call_wall));
  g_assert_true (contains (capture.chart_summary, put_wall));

  /* The rest of the summary: spot, exposure per 1 %, regime, freshness. */
  WHALE_WAIT_UNTIL (whale_gex_board_get_updated (board) > 0
                    && !isnan (whale_gex_board_get_net_gamma (board, WHALE_GEX_WEIGHT_OI)), 15000);
  g_assert_cmpstr (shown ("spot-detail"), ==, "QQQ");
  g_assert_null (shown ("waiting"));
  g_assert_true (g_str_has_prefix (shown ("net-gamma"), "$") || g_str_has_prefix (shown ("net-gamma"), "-$"));
  g_assert_true (g_str_has_suffix (shown ("net-gamma"), " / 1%"));
  if (whale_gex_board_get_net_gamma (board, WHALE_GEX_WEIGHT_OI) > 0)
    g_assert_cmpstr (shown ("regime"), ==, "Dampened");
  else
    g_assert_cmpstr (shown ("regime"), ==, "Amplified");
  g_assert_true (g_str_has_prefix (shown ("updated"), "updated "));
  g_assert_true (g_str_has_suffix (shown ("updated"), " s ago"));

  capture_clear (&capture);
}

static void
test_hover (void)
{
  WhaleStrikeChart *strikes = whale_gamma_page_get_strike_chart (page ());
  WhaleSessionChart *series = whale_gamma_page_get_session_chart (page ());
  int width = gtk_widget_get_width (GTK_WIDGET (strikes));
  int height = gtk_widget_get_height (GTK_WIDGET (strikes));
  g_autofree char *bar_text = NULL;
  g_autofree char *point_text = NULL;

  WHALE_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (strikes)), 5000);
  g_assert_cmpint (height, >, 100);

  /* Some row under the middle of the chart names its strike and values. */
  g_assert_null (whale_strike_chart_dup_text_at (strikes, width / 2.0, 1));
  for (int y = 0; y < height && bar_text == NULL; y += 4)
    bar_text = whale_strike_chart_dup_text_at (strikes, width / 2.0, y);
  g_assert_nonnull (bar_text);
  g_assert_true (g_str_has_prefix (bar_text, "Strike "));
  g_assert_true (contains (bar_text, "Calls $"));
  g_assert_true (contains (bar_text, "Net "));

  /* The weight toggle redraws by volume: the hover text says so. */
  whale_strike_chart_set_weight (strikes, WHALE_GEX_WEIGHT_VOL);
  g_clear_pointer (&bar_text, g_free);
  for (int y = 0; y < height && bar_text == NULL; y += 4)
    bar_text = whale_strike_chart_dup_text_at (strikes, width / 2.0, y);
  g_assert_true (contains (bar_text, "(by volume)"));
  whale_strike_chart_set_weight (strikes, WHALE_GEX_WEIGHT_OI);

  /* The session chart: the latest point sits at some x. */
  WHALE_WAIT_UNTIL (whale_gex_board_get_series (whale_session_get_gex_board (session ()))->len >= 2, 15000);
  for (int x = 0; x < gtk_widget_get_width (GTK_WIDGET (series)) && point_text == NULL; x += 3)
    point_text = whale_session_chart_dup_text_at (series, x, gtk_widget_get_height (GTK_WIDGET (series)) / 2.0);
  g_assert_nonnull (point_text);
  g_assert_true (contains (point_text, "Total gamma $") || contains (point_text, "Total gamma -$"));
  g_assert_true (contains (whale_session_chart_get_summary (series), "for QQQ"));
}

static void
test_add_ticker (void)
{
  g_auto(GStrv) tickers = NULL;

  g_assert_false (whale_gamma_page_add_ticker (page (), "not a ticker!"));
  g_assert_cmpstr (g_settings_get_string (settings (), "gex-ticker"), ==, "QQQ");

  /* Typed in the popover, two tickers turn the entry red, and a line says why (it used
   * to turn red with no word). */
  {
    GtkWidget *entry = whale_test_ui_find (GTK_WIDGET (page ()), whale_test_ui_is_of_type,
                                           GSIZE_TO_POINTER (GTK_TYPE_ENTRY));
    GtkWidget *why;

    g_assert_nonnull (entry);
    gtk_editable_set_text (GTK_EDITABLE (entry), "spy qqq");
    g_assert_true (gtk_widget_has_css_class (entry, "error"));
    why = gtk_widget_get_next_sibling (gtk_widget_get_parent (entry));
    g_assert_true (GTK_IS_LABEL (why) && gtk_widget_get_visible (why));
    g_assert_true (contains (gtk_label_get_label (GTK_LABEL (why)), "One ticker"));
    gtk_editable_set_text (GTK_EDITABLE (entry), "spy");
    g_assert_false (gtk_widget_has_css_class (entry, "error"));
    g_assert_false (gtk_widget_get_visible (why));

    /* Enter on an empty entry is refused in red; opened again, the popover starts
     * clean (emptying an empty entry says nothing). */
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
    g_signal_emit_by_name (entry, "activate");
    g_assert_true (gtk_widget_get_visible (why));
    {
      GtkWidget *popover = gtk_widget_get_ancestor (entry, GTK_TYPE_POPOVER);

      gtk_popover_popup (GTK_POPOVER (popover));
      g_assert_false (gtk_widget_get_visible (why));
      g_assert_false (gtk_widget_has_css_class (entry, "error"));
      gtk_popover_popdown (GTK_POPOVER (popover));
    }
  }

  g_assert_true (whale_gamma_page_add_ticker (page (), " amd "));
  tickers = g_settings_get_strv (settings (), "gex-tickers");
  g_assert_true (g_strv_contains ((const char * const *) tickers, "AMD"));
  g_assert_cmpstr (g_settings_get_string (settings (), "gex-ticker"), ==, "AMD");
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (whale_gamma_page_get_dropdown (page ()))),
                   ==, "AMD");
  g_assert_nonnull (whale_stream_lookup (stream (), "gex_strike:AMD"));
  WHALE_WAIT_UNTIL (g_strcmp0 (shown ("spot-detail"), "AMD") == 0 && shown ("waiting") == NULL, 15000);

  /* Back to QQQ for the screenshots. */
  g_settings_reset (settings (), "gex-tickers");
  select_ticker ("QQQ");
}

static void
test_screenshot (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  WhaleGexBoard *board = whale_session_get_gex_board (session ());

  g_assert_cmpstr (whale_gex_board_get_ticker (board), ==, "QQQ");
  adw_view_stack_set_visible_child_name (whale_window_get_view_stack (window), "gamma");
  WHALE_WAIT_UNTIL (whale_gex_board_get_series (board)->len >= 8
                    && whale_gex_board_get_levels (board)->n_strikes > 0, 40000);
  whale_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-gamma-light.png");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  WHALE_WAIT_UNTIL (adw_style_manager_get_dark (style), 5000);
  whale_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-gamma-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* Readable when small: the same board in a small window shows fewer strikes. */
  {
    GtkWidget *small = gtk_window_new ();
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *strikes = whale_strike_chart_new ();
    GtkWidget *series = whale_session_chart_new ();

    whale_strike_chart_set_board (WHALE_STRIKE_CHART (strikes), board);
    whale_session_chart_set_board (WHALE_SESSION_CHART (series), board);
    gtk_widget_set_vexpand (strikes, TRUE);
    gtk_box_append (GTK_BOX (box), strikes);
    gtk_box_append (GTK_BOX (box), series);
    gtk_window_set_child (GTK_WINDOW (small), box);
    gtk_window_set_default_size (GTK_WINDOW (small), 320, 420);
    /* No client-side shadow to offset the picture. */
    gtk_window_set_decorated (GTK_WINDOW (small), FALSE);
    gtk_window_present (GTK_WINDOW (small));
    whale_test_ui_save_screenshot (small, "screenshot-gamma-small.png");
    g_assert_cmpstr (whale_strike_chart_get_summary (WHALE_STRIKE_CHART (strikes)), ==,
                     whale_strike_chart_get_summary (whale_gamma_page_get_strike_chart (page ())));
    gtk_window_destroy (GTK_WINDOW (small));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  app = whale_application_new ();
  window = whale_test_ui_start (app, 1400, 860);

  g_test_add_func ("/ui/gamma/spy-first", test_spy_first);
  g_test_add_func ("/ui/gamma/cards-readable", test_cards_readable);
  g_test_add_func ("/ui/gamma/switch-ticker-levels", test_switch_ticker);
  g_test_add_func ("/ui/gamma/hover", test_hover);
  g_test_add_func ("/ui/gamma/add-ticker", test_add_ticker);
  g_test_add_func ("/ui/gamma/screenshot", test_screenshot);

  status = g_test_run ();

  whale_test_ui_stop (&app, window);
  return status;
}
