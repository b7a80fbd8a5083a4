/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-preferences"

#include "config.h"

#include "whale-preferences.h"

#include <glib/gi18n.h>
#include <string.h>

#include "whale-channel.h"
#include "whale-stream.h"
#include "whale-token.h"

/* How long "Test connection" waits for a join ack. */
#define TEST_TIMEOUT_SECONDS 10

struct _WhalePreferences
{
  AdwPreferencesWindow  parent_instance;

  WhaleSession         *session;
  GCancellable         *cancellable;
  GPtrArray            *ticker_rows;

  /* The temporary stream of "Test connection". */
  WhaleStream          *test_stream;
  WhaleChannelState    *test_state;
  guint                 test_timeout_id;
  char                 *test_result;

  /* Why the keyring did not save the last token given, until one is saved. */
  char                 *store_error;

  /* Template children */
  AdwPasswordEntryRow  *token_row;
  AdwActionRow         *token_status_row;
  GtkButton            *remove_token_button;
  AdwActionRow         *test_row;
  GtkButton            *test_button;
  GtkSpinner           *test_spinner;
  AdwEntryRow          *server_row;
  AdwEntryRow          *rest_row;
  GtkSwitch            *experimental_switch;
  AdwEntryRow          *dark_pool_row;
  GtkAdjustment        *max_rows_adjustment;
  AdwPreferencesGroup  *gex_group;
  AdwEntryRow          *add_ticker_row;
};

G_DEFINE_FINAL_TYPE (WhalePreferences, whale_preferences, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast (WhalePreferences *self,
       const char       *title)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
}

static void
update_token_status (WhalePreferences *self)
{
  gboolean live = !whale_session_get_demo (self->session);
  const char *keyring_error = whale_session_get_keyring_error (self->session);

  /* A refusal is said here, where it lasts; a toast is cut to one line, and the
   * keyring's words are long. */
  if (self->store_error != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_status_row),
                                     _("The keyring did not save the token"));
      adw_action_row_set_subtitle (self->token_status_row,
                                   _("It is still in the entry: unlock the keyring, then "
                                     "press Enter to try again"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->token_status_row), self->store_error);
      gtk_widget_set_visible (GTK_WIDGET (self->remove_token_button), live);
      return;
    }

  /* Unreadable is not empty: a stored token may be behind a locked keyring. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_status_row),
                                 live ? _("A token is stored in the keyring")
                                 : keyring_error != NULL ? _("The keyring could not be read")
                                 : _("No token stored"));
  adw_action_row_set_subtitle (self->token_status_row,
                               live ? _("Whalewatch streams live data with it")
                               : keyring_error != NULL
                               ? _("A token stored there may be locked away: unlock the "
                                   "keyring, or save the token again")
                               : _("Whalewatch shows demo data until you add one"));
  /* The keyring's own words, for whoever needs them. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->token_status_row),
                               live ? NULL : keyring_error);
  /* Not merely insensitive: a greyed red button still looked like one to press. */
  gtk_widget_set_visible (GTK_WIDGET (self->remove_token_button), live);
}

/* Token storage */

typedef struct
{
  WhalePreferences *self;
  char             *token;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_object_unref (data->self);
  whale_token_free (data->token);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoreData, store_data_free)

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(StoreData) data = user_data;
  g_autoptr(GError) error = NULL;

  if (!whale_token_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not store the token: %s", error->message);
      /* A refused Remove leaves the token stored, as the row says. */
      if (data->token == NULL)
        {
          toast (data->self, _("The keyring did not remove the token"));
          return;
        }
      g_free (data->self->store_error);
      data->self->store_error = g_strdup (error->message);
      toast (data->self, _("The keyring did not save the token"));
      update_token_status (data->self);
      return;
    }
  g_clear_pointer (&data->self->store_error, g_free);

  /* Only now, so that a keyring that refuses (or a dismissed unlock prompt) leaves the
   * token in the entry to try again, not to type again. */
  if (data->token != NULL)
    {
      GtkEditable *entry = GTK_EDITABLE (data->self->token_row);
      char *entered = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

      if (g_strcmp0 (entered, data->token) == 0)
        gtk_editable_set_text (entry, "");
      whale_token_free (entered);
    }
  whale_session_set_token (data->self->session, data->token);
  toast (data->self, data->token != NULL ? _("Token saved — connecting") : _("Token removed — showing demo data"));
  update_token_status (data->self);
}

static void
store_token (WhalePreferences *self,
             const char       *token)
{
  StoreData *data = g_new0 (StoreData, 1);

  data->self = g_object_ref (self);
  data->token = token != NULL && token[0] != '\0' ? g_strdup (token) : NULL;
  whale_token_store_async (data->token, self->cancellable, store_cb, data);
}

void
whale_preferences_save_token (WhalePreferences *self)
{
  char *token;

  g_return_if_fail (WHALE_IS_PREFERENCES (self));

  token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));
  if (token[0] != '\0')
    store_token (self, token);
  whale_token_free (token);
}

void
whale_preferences_remove_token (WhalePreferences *self)
{
  g_return_if_fail (WHALE_IS_PREFERENCES (self));

  store_token (self, NULL);
}

/* Test connection */

static void
finish_test (WhalePreferences *self,
             const char       *result)
{
  g_clear_handle_id (&self->test_timeout_id, g_source_remove);
  g_free (self->test_result);
  self->test_result = g_strdup (result);
  adw_action_row_set_subtitle (self->test_row, result);
  gtk_spinner_stop (self->test_spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);

  if (self->test_stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->test_stream, self);
      if (self->test_state != NULL)
        g_signal_handlers_disconnect_by_data (self->test_state, self);
      whale_stream_stop (self->test_stream);
      g_clear_object (&self->test_state);
      /* Not from inside the stream's own signal emission. */
      g_idle_add_once ((GSourceOnceFunc) g_object_unref, g_steal_pointer (&self->test_stream));
    }
}

static void
test_progress_cb (WhalePreferences *self)
{
  WhaleConnectionState state;
  g_autofree char *message = NULL;

  if (self->test_stream == NULL)
    return;

  state = whale_stream_get_state (self->test_stream);
  if (state == WHALE_CONNECTION_REJECTED)
    {
      finish_test (self, _("Rejected — the server refused this token"));
      return;
    }
  if (state == WHALE_CONNECTION_RECONNECTING || state == WHALE_CONNECTION_DISCONNECTED)
    {
      const char *reason = whale_stream_get_reason (self->test_stream);

      message = g_strdup_printf (_("Unreachable — %s"), reason != NULL ? reason : _("no connection"));
      finish_test (self, message);
      return;
    }

  switch (whale_channel_state_get_status (self->test_state))
    {
    case WHALE_CHANNEL_JOINED:
      message = g_strdup_printf (_("Joined “%s” — the token works"),
                                 whale_channel_state_get_wire_name (self->test_state));
      finish_test (self, message);
      break;
    case WHALE_CHANNEL_NOT_CONFIRMED:
      message = g_strdup_printf (_("Connected, but “%s” was not confirmed"),
                                 whale_channel_state_get_wire_name (self->test_state));
      finish_test (self, message);
      break;
    case WHALE_CHANNEL_PENDING:
    case WHALE_CHANNEL_POLLING:
    case WHALE_CHANNEL_FAILED:
    default:
      break;
    }
}

static gboolean
test_timeout_cb (gpointer user_data)
{
  WhalePreferences *self = user_data;

  self->test_timeout_id = 0;
  finish_test (self, _("No answer from the server"));
  return G_SOURCE_REMOVE;
}

static void
start_test (WhalePreferences *self,
            const char       *token)
{
  GSettings *settings = whale_session_get_settings (self->session);
  g_autofree char *url = g_settings_get_string (settings, "server-url");
  g_autofree char *rest_url = g_settings_get_string (settings, "rest-url");

  if (token == NULL || token[0] == '\0')
    {
      finish_test (self, _("Enter a token to test"));
      return;
    }

  self->test_stream = whale_stream_new ();
  whale_stream_set_url (self->test_stream, url);
  whale_stream_set_rest_url (self->test_stream, rest_url);
  whale_stream_set_token (self->test_stream, token);
  whale_stream_set_reconnect (self->test_stream, FALSE);
  self->test_state = g_object_ref (whale_stream_subscribe (self->test_stream,
                                                           whale_channel_info_lookup ("flow-alerts"),
                                                           NULL, NULL, NULL));
  g_signal_connect_object (self->test_stream, "notify::state",
                           G_CALLBACK (test_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->test_state, "notify::status",
                           G_CALLBACK (test_progress_cb), self, G_CONNECT_SWAPPED);
  self->test_timeout_id = g_timeout_add_seconds (TEST_TIMEOUT_SECONDS, test_timeout_cb, self);
  whale_stream_start (self->test_stream);
}

static void
test_lookup_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WhalePreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = whale_token_lookup_finish (result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    start_test (self, token);
  whale_token_free (token);
}

void
whale_preferences_test_connection (WhalePreferences *self)
{
  const char *entered;

  g_return_if_fail (WHALE_IS_PREFERENCES (self));

  if (self->test_stream != NULL)
    return;

  g_clear_pointer (&self->test_result, g_free);
  adw_action_row_set_subtitle (self->test_row, _("Testing…"));
  gtk_spinner_start (self->test_spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);

  entered = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  if (entered[0] != '\0')
    start_test (self, entered);
  else
    whale_token_lookup_async (self->cancellable, test_lookup_cb, g_object_ref (self));
}

/* Gamma tickers */

static void
remove_ticker_cb (WhalePreferences *self,
                  GtkButton        *button)
{
  GSettings *settings = whale_session_get_settings (self->session);
  const char *ticker = g_object_get_data (G_OBJECT (button), "ticker");
  g_auto(GStrv) tickers = g_settings_get_strv (settings, "gex-tickers");
  g_autofree char *selected = g_settings_get_string (settings, "gex-ticker");
  gboolean was_selected = g_ascii_strcasecmp (selected, ticker) == 0;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  for (guint i = 0; tickers[i] != NULL; i++)
    if (g_strcmp0 (tickers[i], ticker) != 0)
      g_strv_builder_add (builder, tickers[i]);
  result = g_strv_builder_end (builder);
  if (result[0] == NULL)
    return;
  /* The Gamma page would otherwise go on showing a ticker its list no longer has. First,
   * so that its dropdown never shows a selection missing from the list. */
  if (was_selected)
    g_settings_set_string (settings, "gex-ticker", result[0]);
  /* This rebuilds the rows: @button and @ticker may be gone after it. */
  g_settings_set_strv (settings, "gex-tickers", (const char * const *) result);
}

static void
rebuild_ticker_rows (WhalePreferences *self)
{
  g_auto(GStrv) tickers = g_settings_get_strv (whale_session_get_settings (self->session),
                                               "gex-tickers");

  for (guint i = 0; i < self->ticker_rows->len; i++)
    adw_preferences_group_remove (self->gex_group, g_ptr_array_index (self->ticker_rows, i));
  g_ptr_array_set_size (self->ticker_rows, 0);

  for (guint i = 0; tickers[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("list-remove-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tickers[i]);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Remove"));
      /* The Gamma page needs a ticker to show. */
      gtk_widget_set_sensitive (button, g_strv_length (tickers) > 1);
      g_object_set_data_full (G_OBJECT (button), "ticker", g_strdup (tickers[i]), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (remove_ticker_cb),
                               self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->gex_group, row);
      g_ptr_array_add (self->ticker_rows, row);
    }
}

static void
add_ticker_cb (WhalePreferences *self)
{
  GSettings *settings = whale_session_get_settings (self->session);
  g_autofree char *ticker = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->add_ticker_row)), -1);
  g_auto(GStrv) tickers = g_settings_get_strv (settings, "gex-tickers");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  g_strstrip (ticker);
  if (!whale_ticker_is_valid (ticker))
    {
      toast (self, _("That is not a valid ticker"));
      return;
    }
  if (g_strv_contains ((const char * const *) tickers, ticker))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->add_ticker_row), "");
      return;
    }

  g_strv_builder_addv (builder, (const char **) tickers);
  g_strv_builder_add (builder, ticker);
  result = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "gex-tickers", (const char * const *) result);
  gtk_editable_set_text (GTK_EDITABLE (self->add_ticker_row), "");
}

/* URLs and the channel name apply on Enter, so typing does not reconnect each time. */
static void
apply_setting (WhalePreferences *self,
               AdwEntryRow      *row,
               const char       *key)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  g_settings_set_string (whale_session_get_settings (self->session), key, text);
}

/* A URL is a setting, and a token never is: one pasted as part of a URL goes to the
 * keyring instead, as if it had been typed in the token row. */
static void
apply_url (WhalePreferences *self,
           AdwEntryRow      *row,
           const char       *key)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  char *token = NULL;
  g_autofree char *url = whale_url_remove_token (text, &token);
  g_autofree char *folded = g_ascii_strdown (url, -1);

  if (token != NULL)
    g_strstrip (token);
  /* What could not be taken out (a URL that does not parse, a token after the '#') is
   * not stored at all. */
  if (strstr (folded, "token=") != NULL)
    toast (self, _("That URL holds an API token that could not be taken out: it was not saved"));
  else
    {
      if (token != NULL && token[0] != '\0')
        {
          store_token (self, token);
          toast (self, _("The API token in the URL was moved to the keyring"));
        }
      if (g_strcmp0 (url, gtk_editable_get_text (GTK_EDITABLE (row))) != 0)
        gtk_editable_set_text (GTK_EDITABLE (row), url);
      g_settings_set_string (whale_session_get_settings (self->session), key, url);
    }
  whale_token_free (token);
}

static void
server_apply_cb (WhalePreferences *self)
{
  apply_url (self, self->server_row, "server-url");
}

static void
rest_apply_cb (WhalePreferences *self)
{
  apply_url (self, self->rest_row, "rest-url");
}

static void
dark_pool_apply_cb (WhalePreferences *self)
{
  apply_setting (self, self->dark_pool_row, "dark-pool-channel");
}

static void
settings_changed_cb (WhalePreferences *self,
                     const char       *key,
                     GSettings        *settings)
{
  if (g_str_equal (key, "gex-tickers"))
    rebuild_ticker_rows (self);
}

GtkEditable *
whale_preferences_get_token_entry (WhalePreferences *self)
{
  g_return_val_if_fail (WHALE_IS_PREFERENCES (self), NULL);

  return GTK_EDITABLE (self->token_row);
}

GtkEditable *
whale_preferences_get_server_entry (WhalePreferences *self)
{
  g_return_val_if_fail (WHALE_IS_PREFERENCES (self), NULL);

  return GTK_EDITABLE (self->server_row);
}

GtkSwitch *
whale_preferences_get_experimental_switch (WhalePreferences *self)
{
  g_return_val_if_fail (WHALE_IS_PREFERENCES (self), NULL);

  return self->experimental_switch;
}

const char *
whale_preferences_get_test_result (WhalePreferences *self)
{
  g_return_val_if_fail (WHALE_IS_PREFERENCES (self), NULL);

  return self->test_result;
}

WhalePreferences *
whale_preferences_new (WhaleSession *session)
{
  g_return_val_if_fail (WHALE_IS_SESSION (session), NULL);

  return g_object_new (WHALE_TYPE_PREFERENCES, "session", session, NULL);
}

static void
whale_preferences_constructed (GObject *object)
{
  WhalePreferences *self = WHALE_PREFERENCES (object);
  GSettings *settings;
  g_autofree char *url = NULL;
  g_autofree char *rest_url = NULL;
  g_autofree char *dark_pool = NULL;

  G_OBJECT_CLASS (whale_preferences_parent_class)->constructed (object);

  g_assert (self->session != NULL);
  settings = whale_session_get_settings (self->session);

  url = g_settings_get_string (settings, "server-url");
  rest_url = g_settings_get_string (settings, "rest-url");
  dark_pool = g_settings_get_string (settings, "dark-pool-channel");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->rest_row), rest_url);
  gtk_editable_set_text (GTK_EDITABLE (self->dark_pool_row), dark_pool);

  g_settings_bind (settings, "max-rows", self->max_rows_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::demo", G_CALLBACK (update_token_status),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::keyring-error",
                           G_CALLBACK (update_token_status), self, G_CONNECT_SWAPPED);

  rebuild_ticker_rows (self);
  update_token_status (self);
}

static void
whale_preferences_dispose (GObject *object)
{
  WhalePreferences *self = WHALE_PREFERENCES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->test_timeout_id, g_source_remove);
  if (self->test_stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->test_stream, self);
      whale_stream_stop (self->test_stream);
    }
  if (self->test_state != NULL)
    g_signal_handlers_disconnect_by_data (self->test_state, self);
  g_clear_object (&self->test_state);
  g_clear_object (&self->test_stream);
  gtk_widget_dispose_template (GTK_WIDGET (self), WHALE_TYPE_PREFERENCES);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->ticker_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (whale_preferences_parent_class)->dispose (object);
}

static void
whale_preferences_finalize (GObject *object)
{
  WhalePreferences *self = WHALE_PREFERENCES (object);

  g_free (self->test_result);
  g_free (self->store_error);

  G_OBJECT_CLASS (whale_preferences_parent_class)->finalize (object);
}

static void
whale_preferences_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WhalePreferences *self = WHALE_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_preferences_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  WhalePreferences *self = WHALE_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_preferences_class_init (WhalePreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = whale_preferences_constructed;
  object_class->dispose = whale_preferences_dispose;
  object_class->finalize = whale_preferences_finalize;
  object_class->get_property = whale_preferences_get_property;
  object_class->set_property = whale_preferences_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, WHALE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/whalewatch/Whalewatch/whale-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, WhalePreferences, token_row);
  gtk_widget_class_bind_template_child (widget_class, WhalePreferences, token_status_row);
  gtk_widget_class_bind_template_child (widget_class, WhalePreferences, remove_token_button);
  gtk_widget_class_bind_template_child (widget_class, WhalePreferences, test_row);
  gtk_widget_class_bind_template_child (widget_class, WhalePreferences, test_button);
  gtk_widget_class_bind_template_child (widget_class, WhalePreferences, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, WhalePreferences, server_row);
  gtk_widget_class_bind_template_child (widget_class, WhalePreferences, rest_row);
  gtk_widget_class_bind_template_child (widget_class, WhalePreferences, experimental_switch);
  gtk_widget_class_bind_template_child (widget_class, WhalePreferences, dark_pool_row);
  gtk_widget_class_bind_template_child (widget_class, WhalePreferences, max_rows_adjustment);
  gtk_widget_class_bind_template_child (widget_class, WhalePreferences, gex_group);
  gtk_widget_class_bind_template_child (widget_class, WhalePreferences, add_ticker_row);
  gtk_widget_class_bind_template_callback (widget_class, whale_preferences_save_token);
  gtk_widget_class_bind_template_callback (widget_class, whale_preferences_remove_token);
  gtk_widget_class_bind_template_callback (widget_class, whale_preferences_test_connection);
  gtk_widget_class_bind_template_callback (widget_class, server_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, rest_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, dark_pool_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_ticker_cb);
}

static void
whale_preferences_init (WhalePreferences *self)
{
  self->cancellable = g_cancellable_new ();
  self->ticker_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
