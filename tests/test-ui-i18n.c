/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-i18n"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "whale-application.h"
#include "whale-format.h"
#include "whale-test-ui-util.h"
#include "whale-window.h"

/* The real window in Romanian: run with LANGUAGE=ro (tests/meson.build sets the
 * locale, and WHALEWATCH_LOCALEDIR to the build tree's po/ as main.c reads it). */

static WhaleFeedPage *
flow_page (void)
{
  return whale_flow_page_get_feed_page (whale_window_get_flow_page (window));
}

/* Every text a GtkLabel, a table cell's GtkInscription or a Flow table row's drawn
 * cell under @root shows, in tree order. */
static void
collect_labels (GtkWidget *root,
                GPtrArray *texts)
{
  if (GTK_IS_LABEL (root))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_text (GTK_LABEL (root)));
  else if (GTK_IS_INSCRIPTION (root) && gtk_inscription_get_text (GTK_INSCRIPTION (root)) != NULL)
    g_ptr_array_add (texts, (gpointer) gtk_inscription_get_text (GTK_INSCRIPTION (root)));
  else if (WHALE_IS_FLOW_ROW (root))
    for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
      if (whale_flow_row_get_cell_text (WHALE_FLOW_ROW (root), i) != NULL)
        g_ptr_array_add (texts, (gpointer) whale_flow_row_get_cell_text (WHALE_FLOW_ROW (root), i));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static gboolean
contains (GPtrArray  *texts,
          const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

static const char *
page_title (const char *name)
{
  AdwViewStack *stack = whale_window_get_view_stack (window);
  GtkWidget *child = adw_view_stack_get_child_by_name (stack, name);

  g_assert_nonnull (child);
  return adw_view_stack_page_get_title (adw_view_stack_get_page (stack, child));
}

static void
test_page_titles (void)
{
  GtkWidget *switcher = whale_test_ui_find (GTK_WIDGET (window), whale_test_ui_is_of_type,
                                          GSIZE_TO_POINTER (ADW_TYPE_VIEW_SWITCHER_TITLE));
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();

  g_assert_cmpstr (page_title ("flow"), ==, "Flux");
  g_assert_cmpstr (page_title ("gamma"), ==, "Gamma");
  g_assert_cmpstr (page_title ("market-movers"), ==, "Mișcări de piață");
  g_assert_cmpstr (page_title ("dark-pool"), ==, "Dark pool");
  g_assert_cmpstr (page_title ("congress"), ==, "Congres");

  /* What the header's view switcher really shows. */
  g_assert_nonnull (switcher);
  collect_labels (switcher, shown);
  g_assert_true (contains (shown, "Flux"));
  g_assert_true (contains (shown, "Gamma"));
  g_assert_false (contains (shown, "Flow"));
}

static void
test_header_and_columns (void)
{
  GtkColumnView *view = whale_flow_page_get_column_view (whale_window_get_flow_page (window));
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  WHALE_WAIT_UNTIL (whale_session_get_started (session ()), 10000);
  WHALE_WAIT_UNTIL (g_strcmp0 (whale_window_get_connection_text (window), "Date demo") == 0, 10000);
  g_assert_true (strstr (whale_window_get_banner_text (window), "Preferințe") != NULL);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_ptr_array_add (titles, g_strdup (gtk_column_view_column_get_title (column)));
    }
  g_assert_true (contains (titles, "Primă"));
  g_assert_true (contains (titles, "Expirare (zile)"));
  g_assert_true (contains (titles, "C/P"));
  g_assert_false (contains (titles, "Premium"));
}

/* Romanian labels are longer than English ones: the window must still fit on half of
 * a 1920 px screen. */
static void
test_half_screen (void)
{
  g_assert_cmpint (whale_test_ui_min_width_all_pages (), <=, 960);
}

/* Romanian has three plural forms; the pause button says how many rows wait. */
static void
test_plural_and_numbers (void)
{
  WhaleFeed *feed = whale_session_get_feed (session (), "flow-alerts");
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  const char *decimal = localeconv ()->decimal_point;
  const char *rate = NULL;

  WHALE_WAIT_UNTIL (g_list_model_get_n_items (whale_feed_page_get_shown (flow_page ())) > 0,
                    10000);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-pause", NULL);
  g_assert_true (whale_feed_get_paused (feed));
  WHALE_WAIT_UNTIL (whale_feed_get_n_pending (feed) >= 2, 10000);
  WHALE_WAIT_UNTIL (({
                       guint n = whale_feed_get_n_pending (feed);
                       g_autofree char *expected = g_strdup_printf ("Reluare (%u %s)", n,
                                                                    n == 1 ? "nou" : "noi");
                       g_strcmp0 (whale_feed_page_get_pause_text (flow_page ()), expected) == 0;
                     }), 2000);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-pause", NULL);
  g_assert_false (whale_feed_get_paused (feed));

  /* The status bar is prose: its rate uses the locale's decimal separator. */
  whale_feed_page_refresh (flow_page ());
  collect_labels (GTK_WIDGET (flow_page ()), labels);
  for (guint i = 0; i < labels->len && rate == NULL; i++)
    rate = strstr (g_ptr_array_index (labels, i), " cadre/s");
  g_assert_nonnull (rate);
  g_assert_true (g_ascii_isdigit (rate[-1]) && rate[-2] == decimal[0]);
  g_test_message ("locale %s, decimal separator '%s'", setlocale (LC_NUMERIC, NULL), decimal);
}

/* Chart axes in short money: the locale's decimal separator, and no zeros after it, as
 * in English ("$400M", not "$400,00M", which also lost its "$" to the axis's width). */
static void
test_money_short (void)
{
  g_autofree char *round = whale_format_money_short (4e8);
  g_autofree char *half = whale_format_money_short (-2.5e9);
  g_autofree char *zero = whale_format_money_short (0);
  g_autofree char *expected_half = g_strdup_printf ("−$2%s5B", localeconv ()->decimal_point);

  g_assert_cmpstr (round, ==, "$400M");
  g_assert_cmpstr (half, ==, expected_half);
  g_assert_cmpstr (zero, ==, "$0");
}

/* The Min premium box groups as the locale does ("1.500.000" in Romanian), and the money
 * parser reads it back. */
static void
test_grouped_money (void)
{
  const char *sep = localeconv ()->thousands_sep;
  g_autofree char *grouped = whale_format_grouped (1500000);
  g_autofree char *expected = NULL;
  double value = 0;

  if (sep == NULL || sep[0] == '\0')
    sep = ",";
  expected = g_strdup_printf ("1%s500%s000", sep, sep);
  g_test_message ("locale %s: %s", setlocale (LC_NUMERIC, NULL), grouped);
  g_assert_cmpstr (grouped, ==, expected);
  g_assert_true (whale_format_parse_money (grouped, &value));
  g_assert_cmpfloat (value, ==, 1500000);
}

static gboolean
shows_romanian_expiry (GtkWidget *view)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (view, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_regex_match_simple ("^[0-9]{1,2} [^ ]+( [0-9]{4})? \\([0-9]+ z\\)$",
                              g_ptr_array_index (labels, i), 0, 0))
      {
        g_test_message ("expiry: %s", (const char *) g_ptr_array_index (labels, i));
        return TRUE;
      }
  return FALSE;
}

/* Expiries are prose in the table: Romanian order ("18 dec"), days as "z" (zile). */
static void
test_expiry_dates (void)
{
  GtkWidget *view = GTK_WIDGET (whale_flow_page_get_list_view (whale_window_get_flow_page (window)));

  WHALE_WAIT_UNTIL (g_list_model_get_n_items (whale_feed_page_get_shown (flow_page ())) > 0,
                    10000);
  WHALE_WAIT_UNTIL (shows_romanian_expiry (view), 5000);

  /* The Expiry column holds a long Romanian expiry in any month ("28 mar 2027 (999 z)":
   * the translation writes the whole year), not cut to "28 dec 2027 (9…". */
  {
    GtkColumnView *header = whale_flow_page_get_column_view (whale_window_get_flow_page (window));
    GtkColumnViewColumn *expiry = whale_test_find_column (header, "Expirare (zile)");
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    WHALE_WAIT_UNTIL (gtk_column_view_column_get_fixed_width (expiry) > 0, 5000);
    for (int month = 1; month <= 12; month++)
      {
        g_autofree char *date = g_strdup_printf ("%04d-%02d-28", g_date_time_get_year (now) + 1,
                                                 month);
        g_autofree char *text = whale_format_expiry (date, 999);
        g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (view, text);
        int width;

        pango_layout_get_pixel_size (layout, &width, NULL);
        g_test_message ("\"%s\": %d px in a column of %d", text, width,
                        gtk_column_view_column_get_fixed_width (expiry));
        g_assert_cmpint (width + 10, <=, gtk_column_view_column_get_fixed_width (expiry));
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("WHALEWATCH_LOCALEDIR");
  int status;

  /* As main.c does. */
  g_assert_nonnull (localedir);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  app = whale_application_new ();
  window = whale_test_ui_start (app, 1400, 800);

  g_test_add_func ("/ui/i18n/page-titles", test_page_titles);
  g_test_add_func ("/ui/i18n/header-and-columns", test_header_and_columns);
  g_test_add_func ("/ui/i18n/plural-and-numbers", test_plural_and_numbers);
  g_test_add_func ("/ui/i18n/money-short", test_money_short);
  g_test_add_func ("/ui/i18n/grouped-money", test_grouped_money);
  g_test_add_func ("/ui/i18n/expiry-dates", test_expiry_dates);
  g_test_add_func ("/ui/i18n/half-screen", test_half_screen);

  status = g_test_run ();

  whale_test_ui_stop (&app, window);
  return status;
}
