/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-feed-page"

#include "config.h"

#include "whale-feed-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "whale-field-sorter.h"
#include "whale-format.h"
#include "whale-record-details.h"
#include "whale-window.h"

struct _WhaleFeedPage
{
  GtkWidget               parent_instance;

  WhaleSession           *session;
  WhaleFeed              *feed;
  WhaleChannelState      *state;
  GtkWidget              *content;
  GtkWidget              *top;
  char                   *channel_id;
  gboolean                pausable;
  guint                   tick_id;
  guint                   n_new_above;  /* rows come in at the top since the reader left it */
  WhaleFeedPageCopyFunc   copy_func;
  gpointer                copy_data;
  char                   *filter_hint;

  /* Template children */
  GtkWidget              *source_bar;
  GtkLabel               *source_label;
  AdwBin                 *top_bin;
  GtkStack               *stack;
  AdwStatusPage          *status_page;
  GtkScrolledWindow      *scroller;
  GtkButton              *new_rows_button;
  GtkWidget              *status_bar;
  GtkLabel               *status_label;
  GtkToggleButton        *pause_button;
};

G_DEFINE_FINAL_TYPE (WhaleFeedPage, whale_feed_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CHANNEL_ID,
  PROP_CONTENT,
  PROP_TOP,
  PROP_FEED,
  PROP_PAUSABLE,
  PROP_PAUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const WhaleChannelInfo *
page_info (WhaleFeedPage *self)
{
  return self->channel_id != NULL ? whale_channel_info_lookup (self->channel_id) : NULL;
}

/* The model a content shows: a column view's, or a list view's (the Flow page draws its
 * rows in one). */
static GListModel *
content_model (GtkWidget *content)
{
  if (GTK_IS_COLUMN_VIEW (content))
    return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (content)));
  if (GTK_IS_LIST_VIEW (content))
    return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (content)));
  return NULL;
}

GListModel *
whale_feed_page_get_shown (WhaleFeedPage *self)
{
  g_return_val_if_fail (WHALE_IS_FEED_PAGE (self), NULL);

  return content_model (self->content);
}

static char *
poll_period (guint seconds)
{
  if (seconds >= 60 && seconds % 60 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u min", "%u min", seconds / 60),
                            seconds / 60);
  return g_strdup_printf (_("%u s"), seconds);
}

static char *
format_wall_time (gint64 usec)
{
  g_autoptr(GDateTime) dt = whale_format_date_time (usec / G_USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, "%H:%M") : g_strdup ("—");
}

/* "Socket channel off_lit_trades — joined", "REST /api/... — polled every 10 min, ..." */
static char *
build_source_text (WhaleFeedPage *self)
{
  const WhaleChannelInfo *info = page_info (self);
  const char *reason;

  if (info == NULL)
    return g_strdup ("");

  if (self->state == NULL)
    return g_strdup (_("Not subscribed"));

  reason = whale_channel_state_get_reason (self->state);

  if (info->transport == WHALE_TRANSPORT_REST)
    {
      g_autofree char *path = g_strdup (info->rest_path);
      g_autofree char *period = poll_period (info->poll_seconds);
      gint64 last = whale_channel_state_get_last_update (self->state);
      char *query = strchr (path, '?');

      if (query != NULL)
        *query = '\0';

      if (whale_channel_state_get_status (self->state) == WHALE_CHANNEL_FAILED)
        return g_strdup_printf (_("REST %s — polled every %s, last poll failed: %s"),
                                path, period, reason != NULL ? reason : _("unknown error"));
      if (last > 0)
        {
          g_autofree char *when = format_wall_time (last);

          return g_strdup_printf (_("REST %s — polled every %s, last update %s"),
                                  path, period, when);
        }
      return g_strdup_printf (_("REST %s — polled every %s, no answer yet"), path, period);
    }

  {
    const char *wire = whale_channel_state_get_wire_name (self->state);

    switch (whale_channel_state_get_status (self->state))
      {
      case WHALE_CHANNEL_JOINED:
        return g_strdup_printf (_("Socket channel %s — joined"), wire);
      case WHALE_CHANNEL_NOT_CONFIRMED:
        if (reason != NULL)
          return g_strdup_printf (_("Socket channel %s — not confirmed by the server (%s)"),
                                  wire, reason);
        return g_strdup_printf (_("Socket channel %s — not confirmed by the server"), wire);
      case WHALE_CHANNEL_PENDING:
      case WHALE_CHANNEL_POLLING:
      case WHALE_CHANNEL_FAILED:
      default:
        return g_strdup_printf (_("Socket channel %s — waiting for the server to confirm"),
                                wire);
      }
  }
}

static void
set_status (WhaleFeedPage *self,
            const char    *icon_name,
            const char    *title,
            const char    *description)
{
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
}

/* Never a silent empty page: say what is awaited or what went wrong. */
static void
update_status_page (WhaleFeedPage *self)
{
  const WhaleChannelInfo *info = page_info (self);
  WhaleStream *stream = self->session != NULL ? whale_session_get_stream (self->session) : NULL;
  const char *wire;
  const char *reason;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  if (self->state == NULL)
    {
      if (info != NULL && !info->verified)
        set_status (self, "view-conceal-symbolic", _("Experimental feeds are off"),
                    _("Turn on experimental feeds in Preferences to subscribe to this one."));
      else
        set_status (self, "network-offline-symbolic", _("Not subscribed"), NULL);
      return;
    }

  wire = whale_channel_state_get_wire_name (self->state);
  reason = whale_channel_state_get_reason (self->state);

  if (info != NULL && info->transport == WHALE_TRANSPORT_SOCKET && stream != NULL
      && whale_stream_get_state (stream) != WHALE_CONNECTION_CONNECTED)
    {
      switch (whale_stream_get_state (stream))
        {
        case WHALE_CONNECTION_REJECTED:
          set_status (self, "dialog-password-symbolic", _("Token rejected"),
                      _("The server refused the API token. Check it in Preferences."));
          return;
        case WHALE_CONNECTION_RECONNECTING:
          set_status (self, "network-error-symbolic", _("Reconnecting…"),
                      whale_stream_get_reason (stream));
          return;
        case WHALE_CONNECTION_DISCONNECTED:
          set_status (self, "network-offline-symbolic", _("Not connected"),
                      whale_stream_get_reason (stream));
          return;
        case WHALE_CONNECTION_CONNECTING:
        case WHALE_CONNECTION_CONNECTED:
        default:
          set_status (self, "network-transmit-receive-symbolic", _("Connecting…"), NULL);
          return;
        }
    }

  switch (whale_channel_state_get_status (self->state))
    {
    case WHALE_CHANNEL_PENDING:
      title = g_strdup_printf (_("Waiting for the server to confirm “%s”"), wire);
      set_status (self, "content-loading-symbolic", title, NULL);
      break;
    case WHALE_CHANNEL_JOINED:
      title = g_strdup_printf (_("Joined “%s”"), wire);
      set_status (self, "content-loading-symbolic", title,
                  _("Waiting for the first rows. They appear here as they arrive."));
      break;
    case WHALE_CHANNEL_NOT_CONFIRMED:
      title = g_strdup_printf (_("“%s” was not confirmed"), wire);
      if (reason != NULL)
        description = g_strdup_printf (_("The server answered: %s. The channel name may be "
                                         "wrong; you can try another in Preferences."), reason);
      else
        description = g_strdup (_("The server did not acknowledge the subscription. The "
                                  "channel name may be wrong; you can try another in "
                                  "Preferences."));
      set_status (self, "dialog-warning-symbolic", title, description);
      break;
    case WHALE_CHANNEL_POLLING:
      set_status (self, "content-loading-symbolic", _("Waiting for the first poll"),
                  _("The list is fetched from the REST API on a timer."));
      break;
    case WHALE_CHANNEL_FAILED:
    default:
      set_status (self, "dialog-warning-symbolic", _("The last poll failed"), reason);
      break;
    }
}

static char *
build_status_text (WhaleFeedPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GListModel *shown = whale_feed_page_get_shown (self);
  guint n_rows = self->feed != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->feed)) : 0;

  if (self->state != NULL)
    {
      const char *status;

      switch (whale_channel_state_get_status (self->state))
        {
        case WHALE_CHANNEL_JOINED: status = _("joined"); break;
        case WHALE_CHANNEL_NOT_CONFIRMED: status = _("not confirmed"); break;
        case WHALE_CHANNEL_POLLING: status = _("polling"); break;
        case WHALE_CHANNEL_FAILED: status = _("poll failed"); break;
        case WHALE_CHANNEL_PENDING:
        default: status = _("pending"); break;
        }
      g_string_append_printf (text, "%s · %s", whale_channel_state_get_wire_name (self->state),
                              status);
    }
  /* Said where the eye goes for the feed's state, not only on the button. */
  if (self->feed != NULL && whale_feed_get_paused (self->feed))
    g_string_append (text, _(" · paused"));

  /* Counts are prose: grouped as the locale groups digits ("%'u"). */
  if (shown != NULL && g_list_model_get_n_items (shown) != n_rows)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " · %'u of %'u row",
                                               " · %'u of %'u rows", n_rows),
                            g_list_model_get_n_items (shown), n_rows);
  else
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " · %'u row", " · %'u rows", n_rows),
                            n_rows);

  if (self->state != NULL && page_info (self) != NULL
      && page_info (self)->transport == WHALE_TRANSPORT_SOCKET)
    g_string_append_printf (text, _(" · %.1f frames/s"), whale_channel_state_get_rate (self->state));

  if (self->feed != NULL && whale_feed_get_n_evicted (self->feed) > 0)
    {
      guint64 n_evicted = whale_feed_get_n_evicted (self->feed);
      g_autofree char *evicted = g_strdup_printf ("%'" G_GUINT64_FORMAT, n_evicted);

      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " · %s older row dropped",
                                                 " · %s older rows dropped",
                                                 (gulong) MIN (n_evicted, G_MAXULONG)),
                              evicted);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_pause_button (WhaleFeedPage *self)
{
  gboolean paused = self->feed != NULL && whale_feed_get_paused (self->feed);

  if (paused)
    {
      guint n_pending = whale_feed_get_n_pending (self->feed);
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Resume (%'u new)",
                                                             "Resume (%'u new)", n_pending),
                                                n_pending);

      gtk_button_set_label (GTK_BUTTON (self->pause_button), label);
    }
  else
    {
      gtk_button_set_label (GTK_BUTTON (self->pause_button), _("Pause"));
    }
  gtk_toggle_button_set_active (self->pause_button, paused);
  if (paused)
    gtk_widget_add_css_class (self->status_bar, "paused");
  else
    gtk_widget_remove_css_class (self->status_bar, "paused");
}

void
whale_feed_page_refresh (WhaleFeedPage *self)
{
  GListModel *shown;
  gboolean has_rows;
  g_autofree char *source = NULL;
  g_autofree char *status = NULL;

  g_return_if_fail (WHALE_IS_FEED_PAGE (self));

  source = build_source_text (self);
  gtk_label_set_text (self->source_label, source);

  status = build_status_text (self);
  gtk_label_set_text (self->status_label, status);

  update_pause_button (self);

  shown = whale_feed_page_get_shown (self);
  has_rows = self->feed != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->feed)) > 0;

  if (has_rows && shown != NULL && g_list_model_get_n_items (shown) == 0)
    {
      set_status (self, "edit-find-symbolic", _("No rows match the filter"),
                  self->filter_hint != NULL ? self->filter_hint
                                            : _("Loosen the filter to see more rows."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else if (has_rows)
    {
      gtk_stack_set_visible_child_name (self->stack, "content");
    }
  else
    {
      update_status_page (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
}

static void
changed_cb (WhaleFeedPage *self)
{
  whale_feed_page_refresh (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  whale_feed_page_refresh (WHALE_FEED_PAGE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
set_state (WhaleFeedPage     *self,
           WhaleChannelState *state)
{
  if (self->state == state)
    return;

  if (self->state != NULL)
    g_signal_handlers_disconnect_by_data (self->state, self);
  g_set_object (&self->state, state);
  if (self->state != NULL)
    {
      g_signal_connect_object (self->state, "notify::status", G_CALLBACK (changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->state, "notify::reason", G_CALLBACK (changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  whale_feed_page_refresh (self);
}

static void
channels_changed_cb (WhaleFeedPage *self,
                     const char    *id)
{
  if (g_strcmp0 (id, self->channel_id) != 0)
    return;
  set_state (self, whale_session_get_channel_state (self->session, self->channel_id));
}

/* Follows the "model" properties down the chain to the one left empty. */
static void
plug_feed (WhaleFeedPage *self)
{
  GObject *link;

  link = G_OBJECT (content_model (self->content));
  if (link == NULL)
    return;
  while (link != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (link), "model") != NULL)
    {
      g_autoptr(GObject) next = NULL;

      g_object_get (link, "model", &next, NULL);
      if (next == NULL || WHALE_IS_FEED (next))
        {
          g_object_set (link, "model", self->feed, NULL);
          return;
        }
      link = next;  /* still owned by the chain */
    }
  g_warning ("Page %s: no empty model slot in the view's model chain", self->channel_id);
}

static void
bind_session (WhaleFeedPage *self)
{
  WhaleFeed *feed = NULL;

  if (self->session != NULL && self->channel_id != NULL)
    feed = whale_session_get_feed (self->session, self->channel_id);

  if (self->feed != feed)
    {
      if (self->feed != NULL)
        g_signal_handlers_disconnect_by_data (self->feed, self);
      g_set_object (&self->feed, feed);
      if (self->feed != NULL)
        {
          g_signal_connect_object (self->feed, "items-changed", G_CALLBACK (changed_cb),
                                   self, G_CONNECT_SWAPPED);
          g_signal_connect_object (self->feed, "notify::paused", G_CALLBACK (changed_cb),
                                   self, G_CONNECT_SWAPPED);
          g_signal_connect_object (self->feed, "notify::n-pending",
                                   G_CALLBACK (update_pause_button), self, G_CONNECT_SWAPPED);
        }
      plug_feed (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEED]);
    }

  if (self->session != NULL && self->channel_id != NULL)
    {
      g_signal_connect_object (self->session, "channels-changed",
                               G_CALLBACK (channels_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (whale_session_get_stream (self->session), "notify::state",
                               G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
      set_state (self, whale_session_get_channel_state (self->session, self->channel_id));
    }
  else
    {
      set_state (self, NULL);
    }
}

WhaleSession *
whale_feed_page_get_session (WhaleFeedPage *self)
{
  g_return_val_if_fail (WHALE_IS_FEED_PAGE (self), NULL);

  return self->session;
}

void
whale_feed_page_set_session (WhaleFeedPage *self,
                             WhaleSession  *session)
{
  g_return_if_fail (WHALE_IS_FEED_PAGE (self));
  g_return_if_fail (!session || WHALE_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (whale_session_get_stream (self->session), self);
    }
  g_set_object (&self->session, session);
  bind_session (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

const char *
whale_feed_page_get_channel_id (WhaleFeedPage *self)
{
  g_return_val_if_fail (WHALE_IS_FEED_PAGE (self), NULL);

  return self->channel_id;
}

WhaleFeed *
whale_feed_page_get_feed (WhaleFeedPage *self)
{
  g_return_val_if_fail (WHALE_IS_FEED_PAGE (self), NULL);

  return self->feed;
}

GtkWidget *
whale_feed_page_get_content (WhaleFeedPage *self)
{
  g_return_val_if_fail (WHALE_IS_FEED_PAGE (self), NULL);

  return self->content;
}

gboolean
whale_feed_page_get_pausable (WhaleFeedPage *self)
{
  g_return_val_if_fail (WHALE_IS_FEED_PAGE (self), FALSE);

  return self->pausable;
}

gboolean
whale_feed_page_get_paused (WhaleFeedPage *self)
{
  g_return_val_if_fail (WHALE_IS_FEED_PAGE (self), FALSE);

  return self->feed != NULL && whale_feed_get_paused (self->feed);
}

void
whale_feed_page_set_paused (WhaleFeedPage *self,
                            gboolean       paused)
{
  g_return_if_fail (WHALE_IS_FEED_PAGE (self));

  if (self->feed == NULL || !self->pausable || whale_feed_get_paused (self->feed) == !!paused)
    return;

  whale_feed_set_paused (self->feed, paused);
  update_pause_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

/* Whether the status page is what the page shows, rather than its rows. */
static gboolean
showing_status (WhaleFeedPage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0;
}

const char *
whale_feed_page_get_status_title (WhaleFeedPage *self)
{
  g_return_val_if_fail (WHALE_IS_FEED_PAGE (self), NULL);

  return showing_status (self) ? adw_status_page_get_title (self->status_page) : NULL;
}

const char *
whale_feed_page_get_status_description (WhaleFeedPage *self)
{
  g_return_val_if_fail (WHALE_IS_FEED_PAGE (self), NULL);

  return showing_status (self) ? adw_status_page_get_description (self->status_page) : NULL;
}

void
whale_feed_page_set_filter_hint (WhaleFeedPage *self,
                                 const char    *hint)
{
  g_return_if_fail (WHALE_IS_FEED_PAGE (self));

  if (g_strcmp0 (self->filter_hint, hint) == 0)
    return;
  g_free (self->filter_hint);
  self->filter_hint = g_strdup (hint);
  whale_feed_page_refresh (self);
}

const char *
whale_feed_page_get_source_text (WhaleFeedPage *self)
{
  g_return_val_if_fail (WHALE_IS_FEED_PAGE (self), NULL);

  return gtk_label_get_text (self->source_label);
}

const char *
whale_feed_page_get_status_text (WhaleFeedPage *self)
{
  g_return_val_if_fail (WHALE_IS_FEED_PAGE (self), NULL);

  return gtk_label_get_text (self->status_label);
}

const char *
whale_feed_page_get_pause_text (WhaleFeedPage *self)
{
  g_return_val_if_fail (WHALE_IS_FEED_PAGE (self), NULL);

  return gtk_button_get_label (GTK_BUTTON (self->pause_button));
}

static void
pause_toggled_cb (WhaleFeedPage   *self,
                  GtkToggleButton *button)
{
  whale_feed_page_set_paused (self, gtk_toggle_button_get_active (button));
}

static void
activate_cb (WhaleFeedPage *self,
             guint          position,
             GtkWidget     *view)
{
  g_autoptr(WhaleRecord) record = g_list_model_get_item (whale_feed_page_get_shown (self), position);
  GtkWindow *details;

  if (record == NULL)
    return;

  details = whale_record_details_new (record);
  gtk_window_set_transient_for (details, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (details);
}

static GtkWidget *
find_list_view (GtkWidget *view)
{
  if (GTK_IS_LIST_VIEW (view))
    return view;
  for (GtkWidget *child = gtk_widget_get_first_child (view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

/* Whether any of @row shows in @list_view (GTK keeps the focused row's widget, unmapped,
 * when it leaves the viewport). */
static gboolean
row_in_view (GtkWidget *row,
             GtkWidget *list_view)
{
  graphene_rect_t bounds;

  return gtk_widget_get_mapped (row) && gtk_widget_compute_bounds (row, list_view, &bounds)
         && bounds.origin.y + bounds.size.height > 0
         && bounds.origin.y < gtk_widget_get_height (list_view);
}

/* The row at the top of the viewport, or NULL. */
static GtkWidget *
top_row (GtkWidget *list_view)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list_view); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t bounds;

      if (gtk_widget_get_focusable (row) && gtk_widget_get_mapped (row)
          && gtk_widget_compute_bounds (row, list_view, &bounds)
          && bounds.origin.y >= 0 && bounds.origin.y < 1)
        return row;
    }
  return NULL;
}

/* New rows push the focused one down and out of a table kept at the top (see
 * shown_changed_cb()). GTK's arrow keys would then move on from a row the reader cannot
 * see, and Enter would open it. At the top, the first plain arrow key or Enter goes to
 * the first row instead, as GTK's Home would. A table the reader scrolled is GTK's. */
static gboolean
row_key_cb (GtkEventControllerKey *controller,
            guint                  keyval,
            guint                  keycode,
            GdkModifierType        state,
            gpointer               user_data)
{
  GtkWidget *list_view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));
  GtkWidget *focus = gtk_widget_get_focus_child (list_view);
  GtkWidget *top;

  if ((keyval != GDK_KEY_Up && keyval != GDK_KEY_KP_Up && keyval != GDK_KEY_Down
       && keyval != GDK_KEY_KP_Down && keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter
       && keyval != GDK_KEY_ISO_Enter)
      || (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0
      || vadjustment == NULL || gtk_adjustment_get_value (vadjustment) >= 1.0
      || (focus != NULL && row_in_view (focus, list_view))
      || (top = top_row (list_view)) == NULL)
    return FALSE;

  gtk_widget_grab_focus (top);
  gtk_widget_activate_action (list_view, "list.select-item", "(ubb)", 0, FALSE, FALSE);
  return TRUE;
}

/* @object's "factory" (a list view's or a column's), set again: its rows or cells are
 * made and bound anew. */
static void
set_factory_again (gpointer object)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  g_object_get (object, "factory", &factory, NULL);
  if (factory == NULL)
    return;
  g_object_set (object, "factory", NULL, NULL);
  g_object_set (object, "factory", factory, NULL);
}

/* Cells bound once (a time, formatted when the row was) then show what they would now. */
void
whale_feed_page_rebuild_rows (WhaleFeedPage *self)
{
  g_return_if_fail (WHALE_IS_FEED_PAGE (self));

  if (GTK_IS_LIST_VIEW (self->content))
    set_factory_again (self->content);
  else if (GTK_IS_COLUMN_VIEW (self->content))
    {
      GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (self->content));

      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

          set_factory_again (column);
        }
    }
}

void
whale_feed_page_set_copy_func (WhaleFeedPage        *self,
                               WhaleFeedPageCopyFunc func,
                               gpointer              user_data)
{
  g_return_if_fail (WHALE_IS_FEED_PAGE (self));

  self->copy_func = func;
  self->copy_data = user_data;
}

char *
whale_feed_page_dup_copy_text (WhaleFeedPage *self)
{
  GListModel *shown;
  WhaleRecord *record;

  g_return_val_if_fail (WHALE_IS_FEED_PAGE (self), NULL);

  shown = content_model (self->content);
  if (!GTK_IS_SINGLE_SELECTION (shown))
    return NULL;
  record = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (shown));
  if (record == NULL)
    return NULL;
  return self->copy_func != NULL ? self->copy_func (record, self->copy_data)
                                 : whale_record_details_dup_text (record);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WhaleFeedPage *self = WHALE_FEED_PAGE (widget);
  g_autofree char *text = whale_feed_page_dup_copy_text (self);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (text == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  if (WHALE_IS_WINDOW (root))
    whale_window_add_toast (WHALE_WINDOW (root), _("Row copied"));
}

static void
set_new_above (WhaleFeedPage *self,
               guint          n)
{
  g_autofree char *label = NULL;

  if (n == self->n_new_above)
    return;
  self->n_new_above = n;
  if (n > 0)
    {
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "↑ %'u new row", "↑ %'u new rows", n),
                               n);
      gtk_button_set_label (self->new_rows_button, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->new_rows_button), n > 0);
}

/* A reader at the top of a live table wants to see the new rows arrive, not be carried
 * down with the row that was first. A reader scrolled down keeps the rows in view, and
 * a button counts those that came in at the top meanwhile. */
static void
shown_changed_cb (WhaleFeedPage *self,
                  guint          position,
                  guint          removed,
                  guint          added)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  GListModel *shown = content_model (self->content);

  if (added > 0 && position == 0 && gtk_adjustment_get_value (vadjustment) < 1.0)
    {
      GtkWidget *list_view = find_list_view (self->content);

      if (list_view != NULL)
        gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", 0);
    }
  else if (added > removed && position == 0)
    {
      /* Never more than there are rows: old ones go at the bottom as new ones come. */
      set_new_above (self, MIN (self->n_new_above + added - removed,
                                shown != NULL ? g_list_model_get_n_items (shown) : 0));
    }
  if (shown == NULL || g_list_model_get_n_items (shown) == 0)
    set_new_above (self, 0);
  whale_feed_page_refresh (self);
}

void
whale_feed_page_reset_new_rows (WhaleFeedPage *self)
{
  g_return_if_fail (WHALE_IS_FEED_PAGE (self));

  set_new_above (self, 0);
}

static void
vadjustment_changed_cb (WhaleFeedPage *self,
                        GtkAdjustment *vadjustment)
{
  if (gtk_adjustment_get_value (vadjustment) < 1.0)
    set_new_above (self, 0);
}

static void
new_rows_clicked_cb (WhaleFeedPage *self)
{
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

/* The content's signals reach the page only while the page shows it. */
static void
disconnect_content (WhaleFeedPage *self)
{
  if (content_model (self->content) != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->content, self);
      g_signal_handlers_disconnect_by_data (content_model (self->content), self);
    }
}

static void
set_content (WhaleFeedPage *self,
             GtkWidget     *content)
{
  if (self->content == content)
    return;

  disconnect_content (self);
  self->content = content;
  set_new_above (self, 0);
  gtk_scrolled_window_set_child (self->scroller, content);
  if (GTK_IS_COLUMN_VIEW (content))
    whale_field_sorter_mark_titles (GTK_COLUMN_VIEW (content));
  if (content_model (content) != NULL)
    {
      GtkWidget *list_view = find_list_view (content);

      if (list_view != NULL && g_object_get_data (G_OBJECT (list_view), "whale-row-keys") == NULL)
        {
          GtkEventController *keys = gtk_event_controller_key_new ();

          gtk_event_controller_set_name (keys, "whale-row-keys");
          gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
          g_signal_connect (keys, "key-pressed", G_CALLBACK (row_key_cb), NULL);
          gtk_widget_add_controller (list_view, keys);
          g_object_set_data (G_OBJECT (list_view), "whale-row-keys", keys);
        }
      /* Both views' "activate" carry the row's position. */
      g_signal_connect_object (content, "activate", G_CALLBACK (activate_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (content_model (content),
                               "items-changed", G_CALLBACK (shown_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  plug_feed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
}

static void
whale_feed_page_map (GtkWidget *widget)
{
  WhaleFeedPage *self = WHALE_FEED_PAGE (widget);

  GTK_WIDGET_CLASS (whale_feed_page_parent_class)->map (widget);

  whale_feed_page_refresh (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

static void
whale_feed_page_unmap (GtkWidget *widget)
{
  WhaleFeedPage *self = WHALE_FEED_PAGE (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (whale_feed_page_parent_class)->unmap (widget);
}

static void
whale_feed_page_dispose (GObject *object)
{
  WhaleFeedPage *self = WHALE_FEED_PAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->state != NULL)
    g_signal_handlers_disconnect_by_data (self->state, self);
  g_clear_object (&self->state);
  g_clear_object (&self->feed);
  g_clear_object (&self->session);

  /* Tearing the column view down unsorts it, and its model's items-changed must not
   * reach a page whose scroller is gone. */
  disconnect_content (self);
  self->content = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), WHALE_TYPE_FEED_PAGE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (whale_feed_page_parent_class)->dispose (object);
}

static void
whale_feed_page_finalize (GObject *object)
{
  WhaleFeedPage *self = WHALE_FEED_PAGE (object);

  g_free (self->channel_id);
  g_free (self->filter_hint);

  G_OBJECT_CLASS (whale_feed_page_parent_class)->finalize (object);
}

static void
whale_feed_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  WhaleFeedPage *self = WHALE_FEED_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_CHANNEL_ID:
      g_value_set_string (value, self->channel_id);
      break;
    case PROP_CONTENT:
      g_value_set_object (value, self->content);
      break;
    case PROP_TOP:
      g_value_set_object (value, self->top);
      break;
    case PROP_FEED:
      g_value_set_object (value, self->feed);
      break;
    case PROP_PAUSABLE:
      g_value_set_boolean (value, self->pausable);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, whale_feed_page_get_paused (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_feed_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  WhaleFeedPage *self = WHALE_FEED_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      whale_feed_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_CHANNEL_ID:
      {
        const WhaleChannelInfo *info;

        g_free (self->channel_id);
        self->channel_id = g_value_dup_string (value);
        info = page_info (self);
        gtk_widget_set_visible (self->source_bar, info != NULL && !info->verified);
        bind_session (self);
      }
      break;
    case PROP_CONTENT:
      set_content (self, g_value_get_object (value));
      break;
    case PROP_TOP:
      self->top = g_value_get_object (value);
      adw_bin_set_child (self->top_bin, self->top);
      break;
    case PROP_PAUSABLE:
      self->pausable = g_value_get_boolean (value);
      gtk_widget_set_visible (GTK_WIDGET (self->pause_button), self->pausable);
      break;
    case PROP_PAUSED:
      whale_feed_page_set_paused (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_feed_page_class_init (WhaleFeedPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = whale_feed_page_dispose;
  object_class->finalize = whale_feed_page_finalize;
  object_class->get_property = whale_feed_page_get_property;
  object_class->set_property = whale_feed_page_set_property;
  widget_class->map = whale_feed_page_map;
  widget_class->unmap = whale_feed_page_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, WHALE_TYPE_SESSION, rw);
  properties[PROP_CHANNEL_ID] =
    g_param_spec_string ("channel-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTENT] =
    g_param_spec_object ("content", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOP] =
    g_param_spec_object ("top", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FEED] =
    g_param_spec_object ("feed", NULL, NULL, WHALE_TYPE_FEED,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAUSABLE] =
    g_param_spec_boolean ("pausable", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/whalewatch/Whalewatch/whale-feed-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WhaleFeedPage, source_bar);
  gtk_widget_class_bind_template_child (widget_class, WhaleFeedPage, source_label);
  gtk_widget_class_bind_template_child (widget_class, WhaleFeedPage, top_bin);
  gtk_widget_class_bind_template_child (widget_class, WhaleFeedPage, stack);
  gtk_widget_class_bind_template_child (widget_class, WhaleFeedPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, WhaleFeedPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, WhaleFeedPage, new_rows_button);
  gtk_widget_class_bind_template_child (widget_class, WhaleFeedPage, status_bar);
  gtk_widget_class_bind_template_child (widget_class, WhaleFeedPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, WhaleFeedPage, pause_button);
  gtk_widget_class_bind_template_callback (widget_class, pause_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_rows_clicked_cb);
  gtk_widget_class_install_action (widget_class, "page.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "page.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, GDK_CONTROL_MASK,
                                       "page.copy", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "feedpage");
}

static void
whale_feed_page_init (WhaleFeedPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                           G_CALLBACK (vadjustment_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
}
