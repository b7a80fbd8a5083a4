/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-gamma-page"

#include "config.h"

#include "whale-gamma-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "whale-format.h"
#include "whale-gex-update.h"

struct _WhaleGammaPage
{
  GtkWidget            parent_instance;

  WhaleSession        *session;
  GtkStringList       *tickers;
  GPtrArray           *value_labels;  /* one per row of values_group, by field */
  gboolean             syncing;

  /* Template children */
  WhaleFeedPage       *feed_page;
  GtkDropDown         *ticker_dropdown;
  AdwPreferencesGroup *values_group;
  GtkLabel            *updated_label;
};

G_DEFINE_FINAL_TYPE (WhaleGammaPage, whale_gamma_page, GTK_TYPE_WIDGET)

static char *
format_exposure (double value)
{
  g_autofree char *money = NULL;

  if (isnan (value))
    return g_strdup ("—");
  money = whale_format_money (value);
  /* Translators: dollars of exposure per 1 % move of the underlying, e.g. "$6.93B / 1%" */
  return g_strdup_printf (_("%s / 1%%"), money);
}

static void
show_latest (WhaleGammaPage *self)
{
  WhaleFeed *feed = whale_feed_page_get_feed (self->feed_page);
  g_autoptr(WhaleRecord) latest = NULL;
  WhaleRecordClass *klass = g_type_class_peek (WHALE_TYPE_GEX_UPDATE);
  const WhaleField *fields;
  guint n_fields;
  guint row = 0;

  if (feed == NULL || g_list_model_get_n_items (G_LIST_MODEL (feed)) == 0)
    return;

  latest = g_list_model_get_item (G_LIST_MODEL (feed), 0);
  fields = whale_record_class_get_fields (klass, &n_fields);
  for (guint i = 0; i < n_fields && row < self->value_labels->len; i++)
    {
      g_autofree char *text = NULL;
      double value;

      if (fields[i].type != WHALE_FIELD_NUMBER)
        continue;
      value = whale_record_get_number (latest, &fields[i]);
      text = g_str_equal (fields[i].name, "price") ? whale_format_price (value)
             : format_exposure (value);
      gtk_label_set_text (g_ptr_array_index (self->value_labels, row++), text);
    }

  {
    g_autofree char *time = whale_format_time_ms (whale_record_get_time (latest));
    g_autofree char *text = g_strdup_printf (_("%s · updated %s"),
                                             whale_record_get_ticker (latest), time);

    gtk_label_set_text (self->updated_label, text);
  }
}

static void
build_rows (WhaleGammaPage *self)
{
  WhaleRecordClass *klass = g_type_class_ref (WHALE_TYPE_GEX_UPDATE);
  const WhaleField *fields;
  guint n_fields;

  fields = whale_record_class_get_fields (klass, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      GtkWidget *row;
      GtkWidget *label;

      if (fields[i].type != WHALE_FIELD_NUMBER)
        continue;
      row = adw_action_row_new ();
      label = gtk_label_new ("—");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     g_dgettext (GETTEXT_PACKAGE, fields[i].label));
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (self->values_group, row);
      g_ptr_array_add (self->value_labels, label);
    }
  g_type_class_unref (klass);
}

static void
sync_dropdown (WhaleGammaPage *self)
{
  GSettings *settings = whale_session_get_settings (self->session);
  g_auto(GStrv) tickers = g_settings_get_strv (settings, "gex-tickers");
  g_autofree char *ticker = g_settings_get_string (settings, "gex-ticker");
  guint selected = GTK_INVALID_LIST_POSITION;

  self->syncing = TRUE;
  gtk_string_list_splice (self->tickers, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->tickers)),
                          (const char * const *) tickers);
  for (guint i = 0; tickers[i] != NULL; i++)
    if (g_ascii_strcasecmp (tickers[i], ticker) == 0)
      selected = i;
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

void
whale_gamma_page_set_session (WhaleGammaPage *self,
                              WhaleSession   *session)
{
  g_return_if_fail (WHALE_IS_GAMMA_PAGE (self));
  g_return_if_fail (WHALE_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  whale_feed_page_set_session (self->feed_page, session);
  g_signal_connect_object (whale_feed_page_get_feed (self->feed_page), "items-changed",
                           G_CALLBACK (show_latest), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (whale_session_get_settings (session), "changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  sync_dropdown (self);
  show_latest (self);
}

static void
whale_gamma_page_dispose (GObject *object)
{
  WhaleGammaPage *self = WHALE_GAMMA_PAGE (object);

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), WHALE_TYPE_GAMMA_PAGE);
  g_clear_object (&self->tickers);
  g_clear_pointer (&self->value_labels, g_ptr_array_unref);

  G_OBJECT_CLASS (whale_gamma_page_parent_class)->dispose (object);
}

static void
whale_gamma_page_class_init (WhaleGammaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = whale_gamma_page_dispose;

  g_type_ensure (WHALE_TYPE_FEED_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/whalewatch/Whalewatch/whale-gamma-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, feed_page);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, ticker_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, values_group);
  gtk_widget_class_bind_template_child (widget_class, WhaleGammaPage, updated_label);
  gtk_widget_class_bind_template_callback (widget_class, selected_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
whale_gamma_page_init (WhaleGammaPage *self)
{
  self->value_labels = g_ptr_array_new ();
  self->tickers = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_model (self->ticker_dropdown, G_LIST_MODEL (self->tickers));
  build_rows (self);
}
