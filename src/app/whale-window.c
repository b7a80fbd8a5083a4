/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-window"

#include "config.h"

#include "whale-window.h"

#include <glib/gi18n.h>

#include "whale-application.h"
#include "whale-congress-trade.h"
#include "whale-dark-pool-trade.h"
#include "whale-field-sorter.h"
#include "whale-flow-alert.h"
#include "whale-flow-row.h"
#include "whale-format.h"
#include "whale-gex-update.h"
#include "whale-market-mover.h"
#include "whale-row-marker.h"

struct _WhaleWindow
{
  AdwApplicationWindow  parent_instance;

  WhaleSession         *session;
  WhaleConnectionState  last_state;
  guint                 countdown_id;
  char                 *last_toast;          /* for tests: toasts cannot be read back */
  AdwToast             *experimental_toast;  /* while shown: one at a time */
  GHashTable           *plain_toasts;        /* titles shown or queued (add_toast()) */

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkLabel             *connection_dot;
  GtkLabel             *connection_label;
  GtkRevealer          *banner_revealer;
  GtkWidget            *banner;
  GtkLabel             *banner_label;
  AdwViewStack         *view_stack;
  WhaleFlowPage        *flow_page;
  WhaleGammaPage       *gamma_page;
  WhaleFeedPage        *market_movers_page;
  WhaleFeedPage        *dark_pool_page;
  WhaleFeedPage        *congress_page;
  AdwViewStackPage     *market_movers_stack_page;
  AdwViewStackPage     *dark_pool_stack_page;
  AdwViewStackPage     *congress_stack_page;
  GMenu                *flow_columns_menu;
  GtkColumnViewColumn  *dp_time_column;
};

G_DEFINE_FINAL_TYPE (WhaleWindow, whale_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *connection_classes[] = { "live", "demo", "connecting", "error", NULL };

static void
set_indicator (WhaleWindow *self,
               const char  *css_class,
               const char  *text,
               const char  *banner,
               gboolean     banner_is_error)
{
  for (guint i = 0; connection_classes[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->connection_dot), connection_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->connection_dot), css_class);
  gtk_label_set_text (self->connection_label, text);

  if (banner != NULL)
    gtk_label_set_text (self->banner_label, banner);
  if (banner_is_error)
    gtk_widget_add_css_class (self->banner, "error");
  else
    gtk_widget_remove_css_class (self->banner, "error");
  gtk_revealer_set_reveal_child (self->banner_revealer, banner != NULL);
}

static gboolean countdown_cb (gpointer user_data);

/* The demo banner: why there is no live data. */
static const char *
demo_banner (WhaleWindow *self)
{
  /* A keyring that cannot be read is not one without a token: adding one would fail. */
  return whale_session_get_keyring_error (self->session) != NULL
         ? _("Demo data — the keyring could not be read: unlock it, or add your API token in "
             "Preferences")
         : _("Demo data — add your API token in Preferences");
}

static void
update_indicator (WhaleWindow *self)
{
  WhaleStream *stream = whale_session_get_stream (self->session);
  WhaleConnectionState state = whale_stream_get_state (stream);
  gboolean demo = whale_session_get_demo (self->session);

  if (state != WHALE_CONNECTION_RECONNECTING)
    g_clear_handle_id (&self->countdown_id, g_source_remove);

  if (!whale_session_get_started (self->session))
    {
      set_indicator (self, "connecting", _("Connecting…"), NULL, FALSE);
      return;
    }

  switch (state)
    {
    case WHALE_CONNECTION_CONNECTED:
      if (demo)
        set_indicator (self, "demo", _("Demo data"), demo_banner (self), FALSE);
      else
        set_indicator (self, "live", _("Live"), NULL, FALSE);
      break;
    case WHALE_CONNECTION_CONNECTING:
      set_indicator (self, "connecting", _("Connecting…"),
                     demo ? demo_banner (self) : NULL, FALSE);
      break;
    case WHALE_CONNECTION_RECONNECTING:
      {
        gint64 retry_at = whale_stream_get_retry_at (stream);
        gint64 seconds = MAX (0, (retry_at - g_get_real_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
        g_autofree char *text = g_strdup_printf (_("Reconnecting in %d s"), (int) seconds);

        set_indicator (self, "connecting", text, NULL, FALSE);
        if (self->countdown_id == 0)
          self->countdown_id = g_timeout_add_seconds (1, countdown_cb, self);
      }
      break;
    case WHALE_CONNECTION_REJECTED:
      set_indicator (self, "error", _("Token rejected"),
                     _("The server rejected the API token, or the plan lacks streaming. "
                       "Check the token in Preferences."), TRUE);
      break;
    case WHALE_CONNECTION_DISCONNECTED:
    default:
      set_indicator (self, "error", _("Offline"), NULL, FALSE);
      break;
    }
}

static gboolean
countdown_cb (gpointer user_data)
{
  WhaleWindow *self = user_data;

  update_indicator (self);
  return G_SOURCE_CONTINUE;
}

static void
stream_state_cb (WhaleWindow *self)
{
  WhaleConnectionState state = whale_stream_get_state (whale_session_get_stream (self->session));

  if (state != self->last_state)
    {
      if (state == WHALE_CONNECTION_RECONNECTING && self->last_state == WHALE_CONNECTION_CONNECTED)
        whale_window_add_toast (self, _("Connection lost — reconnecting"));
      else if (state == WHALE_CONNECTION_CONNECTED && self->last_state == WHALE_CONNECTION_RECONNECTING)
        whale_window_add_toast (self, _("Reconnected"));
      self->last_state = state;
    }
  update_indicator (self);
}

static void
demo_changed_cb (WhaleWindow *self)
{
  /* The first decision is what the indicator and the banner are for; toast changes only. */
  if (whale_session_get_started (self->session))
    whale_window_add_toast (self, whale_session_get_demo (self->session)
                                  ? _("No API token: showing demo data")
                                  : _("Connecting with your API token"));
  update_indicator (self);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WhaleWindow *self = WHALE_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "flow");
  whale_flow_page_show_filter (self->flow_page);
}

/* The page Space pauses: the one shown, if it can be paused (Flow, Dark Pool). */
static WhaleFeedPage *
shown_pausable_page (WhaleWindow *self)
{
  GtkWidget *shown = adw_view_stack_get_visible_child (self->view_stack);

  if (shown == GTK_WIDGET (self->flow_page))
    return whale_flow_page_get_feed_page (self->flow_page);
  if (WHALE_IS_FEED_PAGE (shown) && whale_feed_page_get_pausable (WHALE_FEED_PAGE (shown)))
    return WHALE_FEED_PAGE (shown);
  return NULL;
}

static void
toggle_paused (WhaleFeedPage *page)
{
  whale_feed_page_set_paused (page, !whale_feed_page_get_paused (page));
}

/* The menu's "Pause Flow". */
static void
toggle_pause_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  toggle_paused (whale_flow_page_get_feed_page (WHALE_WINDOW (widget)->flow_page));
}

void
whale_window_show_toast (WhaleWindow *self,
                         AdwToast    *toast)
{
  g_return_if_fail (WHALE_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_free (self->last_toast);
  self->last_toast = g_strdup (adw_toast_get_title (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
experimental_toast_dismissed_cb (WhaleWindow *self)
{
  self->experimental_toast = NULL;
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WhaleWindow *self = WHALE_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GtkWidget *child = adw_view_stack_get_child_by_name (self->view_stack, name);
  AdwViewStackPage *page;

  if (child == NULL)
    return;
  page = adw_view_stack_get_page (self->view_stack, child);
  if (adw_view_stack_page_get_visible (page))
    {
      adw_view_stack_set_visible_child (self->view_stack, child);
      return;
    }

  /* An experimental page while they are hidden: say why nothing happens, not nothing,
   * and offer to turn them on and go there. */
  if (self->experimental_toast == NULL)
    {
      /* Translators: %s is a page's title, such as Market Movers. */
      g_autofree char *title = g_strdup_printf (_("“%s” is an experimental feed, hidden until "
                                                  "Experimental feeds are on"),
                                                adw_view_stack_page_get_title (page));

      self->experimental_toast = adw_toast_new (title);
      adw_toast_set_button_label (self->experimental_toast, _("_Turn On"));
      adw_toast_set_action_name (self->experimental_toast, "win.show-experimental-page");
      adw_toast_set_action_target_value (self->experimental_toast, parameter);
      adw_toast_set_timeout (self->experimental_toast, 5);
      g_signal_connect_object (self->experimental_toast, "dismissed",
                               G_CALLBACK (experimental_toast_dismissed_cb), self,
                               G_CONNECT_SWAPPED);
      whale_window_show_toast (self, self->experimental_toast);
    }
}

/* The experimental toast's button: the setting on, and the page asked for shown. */
static void
show_experimental_page_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  WhaleWindow *self = WHALE_WINDOW (widget);

  g_settings_set_boolean (whale_session_get_settings (self->session), "show-experimental-feeds",
                          TRUE);
  gtk_widget_activate_action_variant (widget, "win.show-page", parameter);
}

/* On a page Space pauses (Flow, Dark Pool) the table has the focus unless something on
 * the page already does, so that Space pauses as the shortcuts say: left to GTK, the
 * focus went to the first button (the demo banner's Preferences, or the header's
 * connection button when the window opened on another page), and Space never steals a
 * button's activation. */
static void
focus_pausable_table (WhaleWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *shown = adw_view_stack_get_visible_child (self->view_stack);
  WhaleFeedPage *page = shown_pausable_page (self);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || page == NULL
      || (focus != NULL && gtk_widget_is_ancestor (focus, shown)))
    return;
  gtk_widget_grab_focus (shown == GTK_WIDGET (self->flow_page)
                         ? GTK_WIDGET (whale_flow_page_get_list_view (self->flow_page))
                         : whale_feed_page_get_content (page));
}

static void
visible_child_cb (WhaleWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (name != NULL && self->session != NULL)
    g_settings_set_string (whale_session_get_settings (self->session), "last-page", name);
  focus_pausable_table (self);
}

static gboolean
whale_window_close_request (GtkWindow *window)
{
  WhaleWindow *self = WHALE_WINDOW (window);
  GSettings *settings = whale_session_get_settings (self->session);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }

  return GTK_WINDOW_CLASS (whale_window_parent_class)->close_request (window);
}

WhaleWindow *
whale_window_new (GtkApplication *application)
{
  g_return_val_if_fail (WHALE_IS_APPLICATION (application), NULL);

  return g_object_new (WHALE_TYPE_WINDOW,
                       "application", application,
                       "session", whale_application_get_session (WHALE_APPLICATION (application)),
                       NULL);
}

WhaleSession *
whale_window_get_session (WhaleWindow *self)
{
  g_return_val_if_fail (WHALE_IS_WINDOW (self), NULL);

  return self->session;
}

AdwViewStack *
whale_window_get_view_stack (WhaleWindow *self)
{
  g_return_val_if_fail (WHALE_IS_WINDOW (self), NULL);

  return self->view_stack;
}

WhaleFlowPage *
whale_window_get_flow_page (WhaleWindow *self)
{
  g_return_val_if_fail (WHALE_IS_WINDOW (self), NULL);

  return self->flow_page;
}

WhaleGammaPage *
whale_window_get_gamma_page (WhaleWindow *self)
{
  g_return_val_if_fail (WHALE_IS_WINDOW (self), NULL);

  return self->gamma_page;
}

WhaleFeedPage *
whale_window_get_feed_page (WhaleWindow *self,
                            const char  *channel_id)
{
  WhaleFeedPage *pages[] = {
    whale_flow_page_get_feed_page (self->flow_page),
    whale_gamma_page_get_feed_page (self->gamma_page),
    self->market_movers_page,
    self->dark_pool_page,
    self->congress_page,
  };

  g_return_val_if_fail (WHALE_IS_WINDOW (self), NULL);
  g_return_val_if_fail (channel_id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (whale_feed_page_get_channel_id (pages[i]), channel_id) == 0)
      return pages[i];
  return NULL;
}

const char *
whale_window_get_connection_text (WhaleWindow *self)
{
  g_return_val_if_fail (WHALE_IS_WINDOW (self), NULL);

  return gtk_label_get_text (self->connection_label);
}

const char *
whale_window_get_banner_text (WhaleWindow *self)
{
  g_return_val_if_fail (WHALE_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}

static void
plain_toast_dismissed_cb (AdwToast    *toast,
                          WhaleWindow *self)
{
  g_hash_table_remove (self->plain_toasts, adw_toast_get_title (toast));
}

void
whale_window_add_toast (WhaleWindow *self,
                        const char  *title)
{
  AdwToast *toast;

  g_return_if_fail (WHALE_IS_WINDOW (self));

  /* The same words again while they still show or wait (five Ctrl+C, five "Row
   * copied") would only hold up the toasts after them. */
  if (g_hash_table_contains (self->plain_toasts, title))
    return;
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 3);
  g_hash_table_add (self->plain_toasts, g_strdup (title));
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (plain_toast_dismissed_cb), self, 0);
  whale_window_show_toast (self, toast);
}

const char *
whale_window_get_last_toast (WhaleWindow *self)
{
  g_return_val_if_fail (WHALE_IS_WINDOW (self), NULL);

  return self->last_toast;
}

/* Times show in the zone the setting asks for, and the time columns' titles say which
 * when it is New York's. Rows already shown are made again with their times. */
static void
market_time_changed_cb (WhaleWindow *self)
{
  gboolean market = g_settings_get_boolean (whale_session_get_settings (self->session),
                                            "market-time");
  GtkColumnView *flow_view = whale_flow_page_get_column_view (self->flow_page);
  g_autoptr(GtkColumnViewColumn) flow_time =
    g_list_model_get_item (gtk_column_view_get_columns (flow_view), WHALE_FLOW_COLUMN_TIME);
  /* Translators: the title of a time column in New York time (Eastern Time). */
  const char *title = market ? _("Time ET") : _("Time");
  WhaleFeedPage *pages[] = {
    whale_flow_page_get_feed_page (self->flow_page), self->market_movers_page,
    self->dark_pool_page, self->congress_page,
  };

  if (!whale_format_set_market_time (market))
    {
      whale_window_add_toast (self, _("New York’s time zone is not installed: times stay in "
                                      "this computer’s zone"));
      title = _("Time");
    }
  gtk_column_view_column_set_title (flow_time, title);
  gtk_column_view_column_set_title (self->dp_time_column, title);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      whale_feed_page_rebuild_rows (pages[i]);
      whale_feed_page_refresh (pages[i]);
    }
  whale_gamma_page_refresh_times (self->gamma_page);
}

static void
whale_window_constructed (GObject *object)
{
  WhaleWindow *self = WHALE_WINDOW (object);
  GSettings *settings;
  g_autofree char *last_page = NULL;
  GtkWidget *last_child;

  G_OBJECT_CLASS (whale_window_parent_class)->constructed (object);

  g_assert (self->session != NULL);
  settings = whale_session_get_settings (self->session);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  whale_flow_page_set_session (self->flow_page, self->session);
  whale_gamma_page_set_session (self->gamma_page, self->session);
  whale_feed_page_set_session (self->market_movers_page, self->session);
  whale_feed_page_set_session (self->dark_pool_page, self->session);
  whale_feed_page_set_session (self->congress_page, self->session);

  g_signal_connect_object (settings, "changed::market-time",
                           G_CALLBACK (market_time_changed_cb), self, G_CONNECT_SWAPPED);
  market_time_changed_cb (self);
  g_settings_bind (settings, "show-experimental-feeds", self->market_movers_stack_page,
                   "visible", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "show-experimental-feeds", self->dark_pool_stack_page,
                   "visible", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "show-experimental-feeds", self->congress_stack_page,
                   "visible", G_SETTINGS_BIND_GET);

  last_page = g_settings_get_string (settings, "last-page");
  last_child = adw_view_stack_get_child_by_name (self->view_stack, last_page);
  if (last_child != NULL
      && adw_view_stack_page_get_visible (adw_view_stack_get_page (self->view_stack, last_child)))
    adw_view_stack_set_visible_child (self->view_stack, last_child);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (visible_child_cb), self, G_CONNECT_SWAPPED);

  self->last_state = whale_stream_get_state (whale_session_get_stream (self->session));
  g_signal_connect_object (whale_session_get_stream (self->session), "notify::state",
                           G_CALLBACK (stream_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (whale_session_get_stream (self->session), "notify::retry-at",
                           G_CALLBACK (update_indicator), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::demo",
                           G_CALLBACK (demo_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::started",
                           G_CALLBACK (update_indicator), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::keyring-error",
                           G_CALLBACK (update_indicator), self, G_CONNECT_SWAPPED);
  update_indicator (self);
}

static void
whale_window_dispose (GObject *object)
{
  WhaleWindow *self = WHALE_WINDOW (object);

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), WHALE_TYPE_WINDOW);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (whale_window_parent_class)->dispose (object);
}

static void
whale_window_finalize (GObject *object)
{
  WhaleWindow *self = WHALE_WINDOW (object);

  g_free (self->last_toast);
  g_hash_table_unref (self->plain_toasts);

  G_OBJECT_CLASS (whale_window_parent_class)->finalize (object);
}

static void
whale_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  WhaleWindow *self = WHALE_WINDOW (object);

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
whale_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  WhaleWindow *self = WHALE_WINDOW (object);

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
whale_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (whale_window_parent_class)->map (widget);

  focus_pausable_table (WHALE_WINDOW (widget));
}

static void
whale_window_class_init (WhaleWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = whale_window_constructed;
  object_class->dispose = whale_window_dispose;
  object_class->finalize = whale_window_finalize;
  object_class->get_property = whale_window_get_property;
  object_class->set_property = whale_window_set_property;
  widget_class->map = whale_window_map;
  window_class->close_request = whale_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, WHALE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Types the templates name. */
  g_type_ensure (WHALE_TYPE_FEED_PAGE);
  g_type_ensure (WHALE_TYPE_FIELD_SORTER);
  g_type_ensure (WHALE_TYPE_FLOW_PAGE);
  g_type_ensure (WHALE_TYPE_GAMMA_PAGE);
  g_type_ensure (WHALE_TYPE_ROW_MARKER);
  g_type_ensure (WHALE_TYPE_FLOW_ALERT);
  g_type_ensure (WHALE_TYPE_GEX_UPDATE);
  g_type_ensure (WHALE_TYPE_DARK_POOL_TRADE);
  g_type_ensure (WHALE_TYPE_MARKET_MOVER);
  g_type_ensure (WHALE_TYPE_CONGRESS_TRADE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/whalewatch/Whalewatch/whale-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, connection_dot);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, flow_page);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, gamma_page);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, market_movers_page);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, dark_pool_page);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, congress_page);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, market_movers_stack_page);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, dark_pool_stack_page);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, congress_stack_page);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, flow_columns_menu);
  gtk_widget_class_bind_template_child (widget_class, WhaleWindow, dp_time_column);
  whale_format_bind_template_callbacks (widget_class);

  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-pause", NULL, toggle_pause_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-experimental-page", "s",
                                   show_experimental_page_action);

}

/* Space pauses the page shown (Flow, Dark Pool) even when a row has the focus (rows
 * would take it to select), but never steals it from text entries and buttons. */
static gboolean
space_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  WhaleWindow *self = WHALE_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL
      && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus) || GTK_IS_BUTTON (focus)
          || GTK_IS_CHECK_BUTTON (focus) || GTK_IS_SWITCH (focus) || GTK_IS_DROP_DOWN (focus)
          || GTK_IS_SPIN_BUTTON (focus)))
    return FALSE;
  if (shown_pausable_page (self) == NULL)
    return FALSE;

  toggle_paused (shown_pausable_page (self));
  return TRUE;
}

static void
whale_window_init (WhaleWindow *self)
{
  GtkEventController *shortcuts;

  self->plain_toasts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The main menu shows the Flow page's columns as its titles' right-click menu does. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "flow",
                                  whale_flow_page_get_column_actions (self->flow_page));
  g_menu_append_section (self->flow_columns_menu, NULL,
                         whale_flow_page_get_columns_menu (self->flow_page));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                                                          gtk_callback_action_new (space_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}
