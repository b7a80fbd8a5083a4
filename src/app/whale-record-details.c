/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-record-details"

#include "config.h"

#include "whale-record-details.h"

#include <glib/gi18n.h>
#include <string.h>

#include "whale-feed.h"
#include "whale-flow-alert.h"
#include "whale-format.h"

struct _WhaleRecordDetails
{
  AdwWindow             parent_instance;

  WhaleRecord          *record;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  AdwPreferencesGroup  *fields_group;
  AdwPreferencesGroup  *payload_group;
  GtkTextView          *payload_view;
};

G_DEFINE_FINAL_TYPE (WhaleRecordDetails, whale_record_details, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_RECORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Dollar prices, as the table shows them: with cents at least (9.9 reads "9.90"), and
 * every further digit UW sent (0.105 stays 0.105). */
static char *
price_text (WhaleRecord      *record,
            const WhaleField *field)
{
  char *text = whale_record_format_field (record, field);
  const char *point;

  if (text == NULL || strpbrk (text, "eEnN") != NULL)  /* 1e+15, nan: left as they are */
    return text;
  point = strchr (text, '.');
  if (point == NULL || strlen (point + 1) < 2)
    {
      char *padded = g_strconcat (text, point == NULL ? ".00" : "0", NULL);

      g_free (text);
      return padded;
    }
  return text;
}

/* A field's value as the details list shows it: what UW sent, as sent (and exact
 * derived values such as a strike, as they are), prices with their cents, times in
 * the zone the tables show (as sent when no date can hold them); computed ratios
 * rounded, the ask's share as the table shows it (never "50" unless exactly half).
 * NULL when the record lacks it or it is empty. */
static char *
field_text (WhaleRecord      *record,
            const WhaleField *field)
{
  static const char *const prices[] = {
    "price", "bid", "ask", "nbbo_bid", "nbbo_ask", "ewma_nbbo_bid", "ewma_nbbo_ask",
    "underlying_price", "close", "theo", NULL,
  };

  static const struct {
    const char *name;
    char     *(*format) (double value);
  } rounded[] = {
    { "percent_otm", whale_record_format_two_decimals },
    { "vol_oi", whale_record_format_two_decimals },
    { "side_percent", whale_format_side_percent },
  };
  char *text;

  if (field->type == WHALE_FIELD_NUMBER && (field->flags & WHALE_FIELD_DERIVED)
      && whale_record_has_field (record, field))
    for (guint i = 0; i < G_N_ELEMENTS (rounded); i++)
      if (strcmp (field->name, rounded[i].name) == 0)
        return rounded[i].format (whale_record_get_number (record, field));
  if (field->type == WHALE_FIELD_NUMBER && g_strv_contains (prices, field->name))
    return price_text (record, field);
  if (field->type == WHALE_FIELD_TIME && whale_record_has_field (record, field))
    {
      text = whale_format_timestamp_ms ((gint64) whale_record_get_number (record, field));
      if (text != NULL)
        return text;
    }
  text = whale_record_format_field (record, field);
  /* An empty string (UW sends "url": "") says nothing more than a missing one. */
  if (text != NULL && text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* The window's title: a flow alert names its contract ("AAPL 252.5 C · Dec 11 (14d)"),
 * as the row does; other records their ticker. */
static char *
title_text (WhaleRecord *record)
{
  WhaleRecordClass *klass = WHALE_RECORD_GET_CLASS (record);
  const char *ticker = whale_record_get_ticker (record);

  if (ticker == NULL)
    return g_strdup (_("Record"));
  if (WHALE_IS_FLOW_ALERT (record))
    {
      const WhaleField *strike = whale_record_class_find_field (klass, "strike");
      const WhaleField *type = whale_record_class_find_field (klass, "option_type");
      const WhaleField *expiry = whale_record_class_find_field (klass, "expiry");
      const WhaleField *dte = whale_record_class_find_field (klass, "dte");

      if (whale_record_has_field (record, strike) && whale_record_has_field (record, expiry))
        {
          g_autofree char *contract =
            whale_format_strike_type (whale_record_get_number (record, strike),
                                      whale_record_get_string (record, type));
          g_autofree char *day = whale_format_expiry (whale_record_get_string (record, expiry),
                                                      whale_record_get_number (record, dte));

          return g_strdup_printf ("%s %s · %s", ticker, contract, day);
        }
    }
  return g_strdup (ticker);
}

char *
whale_record_details_dup_text (WhaleRecord *record)
{
  const WhaleField *fields;
  g_autofree char *title = NULL;
  GString *text;
  guint n_fields;

  g_return_val_if_fail (WHALE_IS_RECORD (record), NULL);

  title = title_text (record);
  text = g_string_new (title);
  fields = whale_record_class_get_fields (WHALE_RECORD_GET_CLASS (record), &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *value = field_text (record, &fields[i]);

      if (value != NULL)
        g_string_append_printf (text, "\n%s: %s", g_dgettext (GETTEXT_PACKAGE, fields[i].label),
                                value);
    }
  return g_string_free (text, FALSE);
}

static void
fill (WhaleRecordDetails *self)
{
  WhaleRecordClass *klass = WHALE_RECORD_GET_CLASS (self->record);
  const WhaleField *fields;
  const char *payload;
  g_autofree char *title = title_text (self->record);
  guint n_fields;

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, whale_record_get_channel (self->record));

  fields = whale_record_class_get_fields (klass, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *value = field_text (self->record, &fields[i]);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (value != NULL ? value : "—");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     g_dgettext (GETTEXT_PACKAGE, fields[i].label));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), fields[i].name);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
      if (value == NULL)
        gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (self->fields_group, row);
    }

  payload = whale_record_get_payload (self->record);
  gtk_widget_set_visible (GTK_WIDGET (self->payload_group), payload != NULL || klass->keep_payload);
  gtk_widget_set_visible (GTK_WIDGET (self->payload_view), payload != NULL);
  if (payload != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->payload_view);
      GtkTextIter start, end;

      gtk_text_buffer_set_text (buffer, payload, -1);
      /* Wrapped anywhere, JSON must not gain hyphens: "op-en_interest" read as a name. */
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      gtk_text_buffer_apply_tag (buffer,
                                 gtk_text_buffer_create_tag (buffer, NULL, "insert-hyphens", FALSE,
                                                             NULL),
                                 &start, &end);
    }
  else if (klass->keep_payload)
    {
      /* Feeds keep it for their newest rows only (memory); say so rather than hide it. */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "The raw payload is kept for the newest %'u row only.",
                                                            "The raw payload is kept for the newest %'u rows only.",
                                                            WHALE_FEED_PAYLOAD_WINDOW),
                                               WHALE_FEED_PAYLOAD_WINDOW);

      adw_preferences_group_set_description (self->payload_group, text);
    }
}

GtkWindow *
whale_record_details_new (WhaleRecord *record)
{
  g_return_val_if_fail (WHALE_IS_RECORD (record), NULL);

  return g_object_new (WHALE_TYPE_RECORD_DETAILS, "record", record, NULL);
}

WhaleRecord *
whale_record_details_get_record (WhaleRecordDetails *self)
{
  g_return_val_if_fail (WHALE_IS_RECORD_DETAILS (self), NULL);

  return self->record;
}

static void
whale_record_details_constructed (GObject *object)
{
  WhaleRecordDetails *self = WHALE_RECORD_DETAILS (object);

  G_OBJECT_CLASS (whale_record_details_parent_class)->constructed (object);

  g_assert (self->record != NULL);
  fill (self);
}

static void
whale_record_details_dispose (GObject *object)
{
  WhaleRecordDetails *self = WHALE_RECORD_DETAILS (object);

  g_clear_object (&self->record);
  gtk_widget_dispose_template (GTK_WIDGET (self), WHALE_TYPE_RECORD_DETAILS);

  G_OBJECT_CLASS (whale_record_details_parent_class)->dispose (object);
}

static void
whale_record_details_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  WhaleRecordDetails *self = WHALE_RECORD_DETAILS (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_record_details_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  WhaleRecordDetails *self = WHALE_RECORD_DETAILS (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      self->record = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WhaleRecordDetails *self = WHALE_RECORD_DETAILS (widget);
  g_autofree char *text = whale_record_details_dup_text (self->record);
  AdwToast *toast = adw_toast_new (_("Fields copied"));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  adw_toast_set_timeout (toast, 2);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
whale_record_details_class_init (WhaleRecordDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = whale_record_details_constructed;
  object_class->dispose = whale_record_details_dispose;
  object_class->get_property = whale_record_details_get_property;
  object_class->set_property = whale_record_details_set_property;

  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, WHALE_TYPE_RECORD,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/whalewatch/Whalewatch/whale-record-details.ui");
  gtk_widget_class_bind_template_child (widget_class, WhaleRecordDetails, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WhaleRecordDetails, window_title);
  gtk_widget_class_bind_template_child (widget_class, WhaleRecordDetails, fields_group);
  gtk_widget_class_bind_template_child (widget_class, WhaleRecordDetails, payload_group);
  gtk_widget_class_bind_template_child (widget_class, WhaleRecordDetails, payload_view);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "details.copy", NULL, copy_action);
}

static void
whale_record_details_init (WhaleRecordDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
