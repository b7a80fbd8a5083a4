/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-gamma-page"

#include "config.h"

#include "whale-gamma-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "whale-channel.h"
#include "whale-format.h"

/* Data older than this is flagged: gex:T normally arrives every ~10 s. */
#define STALE_SECONDS 30

enum {
  CARD_SPOT,
  CARD_NET_GAMMA,
  CARD_REGIME,
  CARD_FLIP,
  CARD_CALL_WALL,
  CARD_PUT_WALL,
  CARD_MAGNET,
  N_CARDS
};

static const struct
{
  const char *name;
  const char *title;
  const char *tooltip;
} cards[N_CARDS] = {
  [CARD_SPOT] = { "spot", N_("Spot"), N_("The underlying's latest price") },
  [CARD_NET_GAMMA] = { "net-gamma", N_("Net gamma"),
                       /* xgettext:no-c-format */
                       N_("Dollars dealers must hedge per 1% move: by open interest, "
                          "with volume and direction weightings below") },
  [CARD_REGIME] = { "regime", N_("Regime"),
                    N_("Positive total gamma: dealers damp moves. Negative: they amplify them.") },
  [CARD_FLIP] = { "flip", N_("Zero gamma"),
                  N_("The flip: where the running sum of net gamma over strikes crosses zero, "
                     "nearest spot") },
  [CARD_CALL_WALL] = { "call-wall", N_("Call wall"),
                       N_("The strike above spot with the largest positive net gamma") },
  [CARD_PUT_WALL] = { "put-wall", N_("Put wall"),
                      N_("The strike below spot with the largest positive net gamma") },
  [CARD_MAGNET] = { "magnet", N_("Magnet"), N_("The strike with the largest absolute net gamma") },
};

struct _WhaleGammaPage
{
  GtkWidget            parent_instance;

  WhaleSession        *session;
  WhaleGexBoard       *board;
  GtkStringList       *tickers;
  GtkLabel            *values[N_CARDS];
  GtkLabel            *details[N_CARDS];
  guint                tick_source;
  gboolean             syncing;

  /* Template children */
  WhaleFeedPage       *feed_page;
  GtkDropDown         *ticker_dropdown;
  GtkPopover          *add_popover;
  GtkWidget           *add_error;
  GtkEntry            *add_entry;
  GtkButton           *add_confirm;
  GtkLabel            *updated_label;
  GtkStack            *stack;
  AdwStatusPage       *waiting_page;
  GtkFlowBox          *summary_box;
  GtkToggleButton     *oi_toggle;
  GtkToggleButton     *vol_toggle;
  GtkToggleButton     *dir_toggle;
  WhaleStrikeChart    *strike_chart;
  WhaleSessionChart   *session_chart;
};

G_DEFINE_FINAL_TYPE (WhaleGammaPage, whale_gamma_page, GTK_TYPE_WIDGET)

static void
set_value (WhaleGammaPage *self,
           int             card,
           char           *value,
           char           *detail)
{
  gtk_label_set_text (self->values[card], value);
  gtk_label_set_text (self->details[card], detail);
  g_free (value);
  g_free (detail);
}

static char *
distance_text (double level,
               double spot)
{
  g_autofree char *distance = whale_format_distance (level, spot);

  if (isnan (level) || isnan (spot))
    return g_strdup (_("none in the band"));
  /* Translators: how far a level is from the underlying's price, e.g. "+0.31% from spot" */
  return g_strdup_printf (_("%s from spot"), distance);
}

static void
update_staleness (WhaleGammaPage *self)
{
  gint64 updated = self->board != NULL ? whale_gex_board_get_updated (self->board) : 0;
  g_autofree char *clock = NULL;
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;
  gint64 age;

  if (updated <= 0)
    {
      gtk_label_set_text (self->updated_label, "");
      return;
    }
  clock = whale_format_time_ms (updated);
  /* Translators: a time in New York's zone (market time), e.g. "09:54:18 ET" */
  time = whale_format_get_market_time () ? g_strdup_printf (_("%s ET"), clock)
                                         : g_steal_pointer (&clock);
  /* A server clock a little ahead is not "in the future". */
  age = MAX (0, g_get_real_time () / 1000 - updated) / 1000;
  if (age < 120)
    /* Translators: the time of the last gamma update and its age in seconds */
    text = g_strdup_printf (_("updated %s · %d s ago"), time, (int) age);
  else
    text = g_strdup_printf (_("updated %s · %d min ago"), time, (int) (age / 60));
  gtk_label_set_text (self->updated_label, text);

  if (age > STALE_SECONDS)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->updated_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->updated_label), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->updated_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->updated_label), "dim-label");
    }
}

static void
update_summary (WhaleGammaPage *self)
{
  const WhaleGexLevels *levels;
  GtkWidget *regime = GTK_WIDGET (self->values[CARD_REGIME]);
  const char *ticker;
  double spot;
  gboolean waiting;

  if (self->board == NULL)
    return;

  ticker = whale_gex_board_get_ticker (self->board);
  waiting = whale_gex_board_get_updated (self->board) == 0;
  if (waiting)
    {
      /* Translators: shown until the first gex row of the ticker arrives */
      g_autofree char *title = g_strdup_printf (_("Waiting for the first gamma update for %s…"),
                                                ticker);

      adw_status_page_set_title (self->waiting_page, title);
    }
  gtk_stack_set_visible_child_name (self->stack, waiting ? "waiting" : "board");

  levels = whale_gex_board_get_levels (self->board);
  spot = whale_gex_board_get_spot (self->board);

  set_value (self, CARD_SPOT, whale_format_price (spot), g_strdup (ticker));
  {
    g_autofree char *vol = whale_format_money (whale_gex_board_get_net_gamma (self->board,
                                                                            WHALE_GEX_WEIGHT_VOL));
    g_autofree char *dir = whale_format_money (whale_gex_board_get_net_gamma (self->board,
                                                                            WHALE_GEX_WEIGHT_DIR));

    set_value (self, CARD_NET_GAMMA,
               whale_format_exposure (whale_gex_board_get_net_gamma (self->board, WHALE_GEX_WEIGHT_OI)),
               /* Translators: net gamma weighted by volume and by trade direction, one
                * per line: on one, a narrow card cut off the second */
               g_strdup_printf (_("Vol %s\nDir %s"), vol, dir));
  }

  gtk_widget_remove_css_class (regime, "dampened");
  gtk_widget_remove_css_class (regime, "amplified");
  switch (whale_gex_board_get_regime (self->board))
    {
    case 1:
      gtk_widget_add_css_class (regime, "dampened");
      set_value (self, CARD_REGIME, g_strdup (_("Dampened")),
                 g_strdup (_("Dealers damp moves")));
      break;
    case -1:
      gtk_widget_add_css_class (regime, "amplified");
      set_value (self, CARD_REGIME, g_strdup (_("Amplified")),
                 g_strdup (_("Dealers amplify moves")));
      break;
    default:
      set_value (self, CARD_REGIME, g_strdup ("—"), g_strdup (_("Not known yet")));
      break;
    }

  set_value (self, CARD_FLIP, whale_format_price (levels->flip), distance_text (levels->flip, spot));
  set_value (self, CARD_CALL_WALL, whale_format_strike (levels->call_wall),
             distance_text (levels->call_wall, spot));
  set_value (self, CARD_PUT_WALL, whale_format_strike (levels->put_wall),
             distance_text (levels->put_wall, spot));
  set_value (self, CARD_MAGNET, whale_format_strike (levels->magnet),
             distance_text (levels->magnet, spot));

  update_staleness (self);
}

void
whale_gamma_page_refresh_times (WhaleGammaPage *self)
{
  g_return_if_fail (WHALE_IS_GAMMA_PAGE (self));

  update_staleness (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->session_chart));
}

static gboolean
tick_cb (gpointer user_data)
{
  update_staleness (WHALE_GAMMA_PAGE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
set_board (WhaleGammaPage *self,
           WhaleGexBoard  *board)
{
  if (self->board == board)
    return;
  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_set_object (&self->board, board);
  if (board != NULL)
    g_signal_connect_object (board, "changed", G_CALLBACK (update_summary), self,
                             G_CONNECT_SWAPPED);
  whale_strike_chart_set_board (self->strike_chart, board);
  whale_session_chart_set_board (self->session_chart, board);
  update_summary (self);
}

static void
board_changed_cb (WhaleGammaPage *self)
{
  set_board (self, whale_session_get_gex_board (self->session));
}

static void
build_cards (WhaleGammaPage *self)
{
  for (int i = 0; i < N_CARDS; i++)
    {
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title = gtk_label_new (_(cards[i].title));
      GtkWidget *value = gtk_label_new ("—");
      GtkWidget *detail = gtk_label_new ("");

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (card, "gamma-card");
      gtk_widget_set_tooltip_text (card, _(cards[i].tooltip));
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "caption-heading");
      gtk_widget_add_css_class (title, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_widget_set_halign (value, i == CARD_REGIME ? GTK_ALIGN_START : GTK_ALIGN_FILL);
      gtk_widget_add_css_class (value, i == CARD_REGIME ? "regime-badge" : "gamma-value");
      gtk_widget_add_css_class (value, "numeric");
      gtk_label_set_xalign (GTK_LABEL (detail), 0);
      gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
      /* Two lines, as Net gamma's always has ("Dealer dämpfen Bewegungen" was cut). */
      gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (detail), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (detail), 2);
      /* Narrow cards, so all seven fit one line on a usual window. */
      gtk_label_set_width_chars (GTK_LABEL (detail), 12);
      gtk_label_set_max_width_chars (GTK_LABEL (detail), 12);
      gtk_widget_add_css_class (detail, "caption");
      gtk_widget_add_css_class (detail, "dim-label");
      gtk_widget_add_css_class (detail, "numeric");
      gtk_box_append (GTK_BOX (card), title);
      gtk_box_append (GTK_BOX (card), value);
      gtk_box_append (GTK_BOX (card), detail);
      /* The labels say it all; the cards need no focus stop. */
      gtk_flow_box_append (self->summary_box, card);
      gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
      self->values[i] = GTK_LABEL (value);
      self->details[i] = GTK_LABEL (detail);
    }
}

static void
weight_cb (WhaleGammaPage *self)
{
  WhaleGexWeight weight = WHALE_GEX_WEIGHT_OI;

  if (gtk_toggle_button_get_active (self->vol_toggle))
    weight = WHALE_GEX_WEIGHT_VOL;
  else if (gtk_toggle_button_get_active (self->dir_toggle))
    weight = WHALE_GEX_WEIGHT_DIR;
  whale_strike_chart_set_weight (self->strike_chart, weight);
}

/* Whether the dropdown already lists exactly @tickers. */
static gboolean
dropdown_lists (WhaleGammaPage     *self,
                const char * const *tickers)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tickers));

  if (n != g_strv_length ((char **) tickers))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->tickers, i), tickers[i]) != 0)
      return FALSE;
  return TRUE;
}

/* The dropdown follows the settings, touching only what changed. A keyfile backend (the
 * Flatpak's) reports its own writes again when the file changes on disk; rebuilding the
 * list each time put new rows under the pointer of an open popup, which chose the hovered
 * one again, which wrote the setting again: hundreds of writes a second, and the window
 * stopped drawing. The ticker the page shows (the session strips it, as here) is listed
 * even when the saved list lacks it: the dropdown can't show "none" (its selection
 * picks a row), and showed another ticker than the page's. */
static void
sync_dropdown (WhaleGammaPage *self)
{
  GSettings *settings = whale_session_get_settings (self->session);
  g_auto(GStrv) saved = g_settings_get_strv (settings, "gex-tickers");
  g_autofree char *ticker = g_strstrip (g_settings_get_string (settings, "gex-ticker"));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) tickers = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;

  g_strv_builder_addv (builder, (const char **) saved);
  for (guint i = 0; saved[i] != NULL; i++)
    if (g_ascii_strcasecmp (saved[i], ticker) == 0)
      selected = i;
  if (selected == GTK_INVALID_LIST_POSITION && ticker[0] != '\0')
    {
      g_autofree char *upper = g_ascii_strup (ticker, -1);

      g_strv_builder_add (builder, upper);
      selected = g_strv_length (saved);
    }
  tickers = g_strv_builder_end (builder);

  self->syncing = TRUE;
  if (!dropdown_lists (self, (const char * const *) tickers))
    gtk_string_list_splice (self->tickers, 0,
                            g_list_model_get_n_items (G_LIST_MODEL (self->tickers)),
                            (const char * const *) tickers);
  gtk_drop_down_set_selected (self->ticker_dropdown, selected);
  self->syncing = FALSE;
}

static void
selected_cb (WhaleGammaPage *self)
{
  GtkStringObject *item;

  if (self->syncing || self->session == NULL)
    return;
  item = gtk_drop_down_get_selected_item (self->ticker_dropdown);
  if (item == NULL)
    return;
  g_settings_set_string (whale_session_get_settings (self->session), "gex-ticker",
                         gtk_string_object_get_string (item));
}

static void
settings_changed_cb (WhaleGammaPage *self,
                     const char     *key)
{
  if (g_str_equal (key, "gex-tickers") || g_str_equal (key, "gex-ticker"))
    sync_dropdown (self);
}

gboolean
whale_gamma_page_add_ticker (WhaleGammaPage *self,
                             const char     *ticker)
{
  GSettings *settings;
  g_autofree char *upper = NULL;
  g_auto(GStrv) tickers = NULL;

  g_return_val_if_fail (WHALE_IS_GAMMA_PAGE (self), FALSE);
  g_return_val_if_fail (ticker != NULL, FALSE);

  upper = g_ascii_strup (g_strstrip (g_strdup (ticker)), -1);
  if (self->session == NULL || !whale_ticker_is_valid (upper))
    return FALSE;

  settings = whale_session_get_settings (self->session);
  tickers = g_settings_get_strv (settings, "gex-tickers");
  if (!g_strv_contains ((const char * const *) tickers, upper))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;

      g_strv_builder_addv (builder, (const char **) tickers);
      g_strv_builder_add (builder, upper);
      list = g_strv_builder_end (builder);
      g_settings_set_strv (settings, "gex-tickers", (const char * const *) list);
    }
  g_settings_set_string (settings, "gex-ticker", upper);
  return TRUE;
}

static gboolean
entry_is_valid (WhaleGammaPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_entry))));
  g_autofree char *upper = g_ascii_strup (text, -1);

  return whale_ticker_is_valid (upper);
}

/* A red entry says why under it ("spy qqq" is two tickers, not one). */
static void
show_add_error (WhaleGammaPage *self,
                gboolean        shown)
{
  if (shown)
    gtk_widget_add_css_class (GTK_WIDGET (self->add_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->add_entry), "error");
  gtk_widget_set_visible (self->add_error, shown);
}

static void
add_text_cb (WhaleGammaPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->add_entry));
  gboolean valid = entry_is_valid (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_confirm), valid);
  show_add_error (self, !valid && text[0] != '\0');
}

static void
add_cb (WhaleGammaPage *self)
{
  if (!whale_gamma_page_add_ticker (self, gtk_editable_get_text (GTK_EDITABLE (self->add_entry))))
    {
      show_add_error (self, TRUE);
      gtk_widget_error_bell (GTK_WIDGET (self->add_entry));
      return;
    }
  gtk_popover_popdown (self->add_popover);
}

static void
add_popover_show_cb (WhaleGammaPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->add_entry), "");
  show_add_error (self, FALSE);  /* an empty entry sends no notify::text */
  gtk_widget_grab_focus (GTK_WIDGET (self->add_entry));
}

WhaleFeedPage *
whale_gamma_page_get_feed_page (WhaleGammaPage *self)
{
  g_return_val_if_fail (WHALE_IS_GAMMA_PAGE (self), NULL);

  return self->feed_page;
}

GtkDropDown *
whale_gamma_page_get_dropdown (WhaleGammaPage *self)
{
  g_return_val_if_fail (WHALE_IS_GAMMA_PAGE (self), NULL);

  return self->ticker_dropdown;
}

WhaleStrikeChart *
whale_gamma_page_get_strike_chart (WhaleGammaPage *self)
{
  g_return_val_if_fail (WHALE_IS_GAMMA_PAGE (self), NULL);

  return self->strike_chart;
}

WhaleSessionChart *
whale_gamma_page_get_session_chart (WhaleGammaPage *self)
{
  g_return_val_if_fail (WHALE_IS_GAMMA_PAGE (self), NULL);

  return self->session_chart;
}

const char *
whale_gamma_page_get_text (WhaleGammaPage *self,
                           const char     *name)
{
  g_return_val_if_fail (WHALE_IS_GAMMA_PAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "updated"))
    return gtk_label_get_text (self->updated_label);
  if (g_str_equal (name, "waiting"))
    return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "waiting") == 0
           ? adw_status_page_get_title (self->waiting_page) : NULL;
  for (int i = 0; i < N_CARDS; i++)
    {
      if (g_str_equal (name, cards[i].name))
        return gtk_label_get_text (self->values[i]);
      if (g_str_has_prefix (name, cards[i].name)
          && g_str_equal (name + strlen (cards[i].name), "-detail"))
        return gtk_label_get_text (self->details[i]);
    }
  g_return_val_if_reached (NULL);
}

void
whale_gamma_page_set_session (WhaleGammaPage *self,
                              WhaleSession   *session)
{
  g_return_if_fail (WHALE_IS_GAMMA_PAGE (self));
  g_return_if_fail (WHALE_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  whale_feed_page_set_session (self->feed_page, session);
  g_signal_connect_object (whale_session_get_settings (session), "changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::gex-board",
                           G_CALLBACK (board_changed_cb), self, G_CONNECT_SWAPPED);
  sync_dropdown (self);
  board_changed_cb (self);
}

static void
whale_gamma_page_dispose (GObject *object)
{
  WhaleGammaPage *self = WHALE_GAMMA_PAGE (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_clear_object (&self->board);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), WHALE_TYPE_GAMMA_PAGE);
  g_clear_object (&self->tickers);

  G_OBJECT_CLASS (whale_gamma_page_parent_class)->dispose (object);
}

static void
whale_gamma_page_class_init (WhaleGammaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = whale_gamma_page_dispose;

  g_type_ensure (WHALE_TYPE_FEED_PAGE);
  g_type_ensure (WHALE_TYPE_STRIKE_CHART);
  g_type_ensure (WHALE_TYPE_SESSION_CHART);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/whalewatch/Whalewatch/whale-gamma-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, feed_page);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, ticker_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, add_popover);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, add_error);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, add_entry);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, add_confirm);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, updated_label);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, stack);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, waiting_page);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, summary_box);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, oi_toggle);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, vol_toggle);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, dir_toggle);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, strike_chart);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, session_chart);
  gtk_widget_class_bind_template_callback (widget_class, selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, weight_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_popover_show_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
whale_gamma_page_init (WhaleGammaPage *self)
{
  self->tickers = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_model (self->ticker_dropdown, G_LIST_MODEL (self->tickers));
  build_cards (self);
  self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
}
