/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-flow-page"

#include "config.h"

#include "whale-flow-page.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "whale-field-sorter.h"
#include "whale-flow-alert.h"
#include "whale-flow-row.h"
#include "whale-format.h"
#include "whale-sort-model.h"
#include "whale-window.h"

typedef enum
{
  SIDE_BOTH,
  SIDE_CALLS,
  SIDE_PUTS,
} SideFilter;

/* What the filter bar asks for; tickers are interned so a row costs pointer compares. */
typedef struct
{
  GPtrArray  *tickers;
  double      min_premium;
  SideFilter  side;
  SideFilter  typed_side;   /* "calls" or "puts" typed among the tickers */
  gboolean    sweeps_only;
  gboolean    opening_only;
} Criteria;

struct _WhaleFlowPage
{
  GtkWidget            parent_instance;

  WhaleSession        *session;
  GtkCustomFilter     *filter;
  Criteria             criteria;

  /* Field table entries of WhaleFlowAlert read by the filter. */
  const WhaleField    *ticker_field;
  const WhaleField    *premium_field;
  const WhaleField    *type_field;
  const WhaleField    *sweep_field;
  const WhaleField    *opening_field;

  /* Template children */
  WhaleFeedPage       *feed_page;
  GtkSearchBar        *filter_bar;
  GtkSearchEntry      *ticker_entry;
  GtkAdjustment       *min_premium_adjustment;
  GtkToggleButton     *calls_button;
  GtkToggleButton     *puts_button;
  GtkToggleButton     *both_button;
  GtkCheckButton      *sweeps_check;
  GtkCheckButton      *opening_check;
  GtkWidget           *min_premium_spin;
  GtkWidget           *premium_note;
  GtkLabel            *premium_note_label;
  GtkColumnView       *column_view;   /* the header: titles, sorting, widths */
  GtkScrolledWindow   *header_scroller;
  GtkListView         *list_view;     /* the rows */
  WhaleSortModel      *sort_model;    /* filters and sorts the feed */

  /* The widths this page gave its columns (-1: none), whether they are (again) to be
   * taken, and the tick callback taking them. */
  GArray              *fixed_widths;
  gboolean             widths_wanted;
  guint                widths_tick_id;
  gint64               widths_first_frame;

  /* "flow.show-<column id>" per column and "flow.show-all-columns", and the menu of
   * them that right-clicking a title opens. */
  GSimpleActionGroup  *column_actions;
  GMenu               *columns_menu;
  GMenu               *column_checks;   /* the columns' section of it */

  /* The tickers typed while the bar is open: GtkSearchBar empties the entry before it
   * says it closed. */
  char                *bar_tickers;
};

/* The filter the bar had when it closed, kept on the toast whose Undo brings it back. */
typedef struct
{
  char             *tickers;
  GtkToggleButton  *side;     /* the page's, which outlives its toasts */
  gboolean          sweeps_only;
  gboolean          opening_only;
} ClosedFilter;

static void
closed_filter_free (ClosedFilter *closed)
{
  g_free (closed->tickers);
  g_free (closed);
}

#define HIDDEN_COLUMNS_KEY "flow-hidden-columns"

G_DEFINE_FINAL_TYPE (WhaleFlowPage, whale_flow_page, GTK_TYPE_WIDGET)

static gboolean
match_cb (gpointer item,
          gpointer user_data)
{
  WhaleFlowPage *self = user_data;
  WhaleRecord *record = item;
  const Criteria *c = &self->criteria;

  if (c->min_premium > 0)
    {
      double premium = whale_record_get_number (record, self->premium_field);

      if (isnan (premium) || premium < c->min_premium)
        return FALSE;
    }

  if (c->side != SIDE_BOTH || c->typed_side != SIDE_BOTH)
    {
      const char *type = whale_record_get_string (record, self->type_field);

      if (c->side != SIDE_BOTH
          && (type == NULL || type[0] != (c->side == SIDE_CALLS ? 'c' : 'p')))
        return FALSE;
      if (c->typed_side != SIDE_BOTH
          && (type == NULL || type[0] != (c->typed_side == SIDE_CALLS ? 'c' : 'p')))
        return FALSE;
    }

  if (c->sweeps_only && whale_record_get_number (record, self->sweep_field) == 0)
    return FALSE;

  if (c->opening_only && whale_record_get_number (record, self->opening_field) == 0)
    return FALSE;

  if (c->tickers->len > 0)
    {
      const char *ticker = whale_record_get_string (record, self->ticker_field);

      for (guint i = 0; i < c->tickers->len; i++)
        if (ticker == g_ptr_array_index (c->tickers, i)
            || g_strcmp0 (ticker, g_ptr_array_index (c->tickers, i)) == 0)
          return TRUE;
      return FALSE;
    }

  return TRUE;
}

static void
read_criteria (WhaleFlowPage *self,
               Criteria      *c)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->ticker_entry));
  /* "SPY QQQ", "spy, qqq" or cashtags: "$SPY $QQQ". */
  g_auto(GStrv) words = g_strsplit_set (text, ", \t;$", -1);

  c->tickers = g_ptr_array_new ();
  c->typed_side = SIDE_BOTH;
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *upper = g_ascii_strup (g_strstrip (words[i]), -1);

      /* "spy puts": no listed ticker is called CALL(S) or PUT(S). */
      if (g_str_equal (upper, "CALL") || g_str_equal (upper, "CALLS"))
        c->typed_side = SIDE_CALLS;
      else if (g_str_equal (upper, "PUT") || g_str_equal (upper, "PUTS"))
        c->typed_side = SIDE_PUTS;
      else if (upper[0] != '\0')
        g_ptr_array_add (c->tickers, (gpointer) g_intern_string (upper));
    }
  c->min_premium = gtk_adjustment_get_value (self->min_premium_adjustment);
  c->side = gtk_toggle_button_get_active (self->calls_button) ? SIDE_CALLS
            : gtk_toggle_button_get_active (self->puts_button) ? SIDE_PUTS : SIDE_BOTH;
  c->sweeps_only = gtk_check_button_get_active (self->sweeps_check);
  c->opening_only = gtk_check_button_get_active (self->opening_check);
}

static gboolean
tickers_contain_all (GPtrArray *haystack,
                     GPtrArray *needles)
{
  for (guint i = 0; i < needles->len; i++)
    if (!g_ptr_array_find (haystack, g_ptr_array_index (needles, i), NULL))
      return FALSE;
  return TRUE;
}

static void
compare_side (SideFilter  old,
              SideFilter  new,
              gboolean   *stricter,
              gboolean   *looser)
{
  if (new == old)
    return;
  if (old == SIDE_BOTH)
    *stricter = TRUE;
  else if (new == SIDE_BOTH)
    *looser = TRUE;
  else
    *stricter = *looser = TRUE;
}

/* -1: the new criteria let fewer rows through, 1: more, 0: neither or both. */
static int
compare_strictness (const Criteria *old,
                    const Criteria *new)
{
  gboolean stricter = FALSE;
  gboolean looser = FALSE;

  if (new->min_premium > old->min_premium)
    stricter = TRUE;
  else if (new->min_premium < old->min_premium)
    looser = TRUE;

  compare_side (old->side, new->side, &stricter, &looser);
  compare_side (old->typed_side, new->typed_side, &stricter, &looser);

  if (new->sweeps_only && !old->sweeps_only)
    stricter = TRUE;
  else if (!new->sweeps_only && old->sweeps_only)
    looser = TRUE;
  if (new->opening_only && !old->opening_only)
    stricter = TRUE;
  else if (!new->opening_only && old->opening_only)
    looser = TRUE;

  /* An empty ticker list lets every ticker through. */
  {
    gboolean new_all = new->tickers->len == 0;
    gboolean old_all = old->tickers->len == 0;

    if (new_all && !old_all)
      looser = TRUE;
    else if (!new_all && old_all)
      stricter = TRUE;
    else if (!new_all && !old_all)
      {
        gboolean grew = tickers_contain_all (new->tickers, old->tickers);
        gboolean shrank = tickers_contain_all (old->tickers, new->tickers);

        if (grew && !shrank)
          looser = TRUE;
        else if (shrank && !grew)
          stricter = TRUE;
        else if (!grew && !shrank)
          stricter = looser = TRUE;
      }
  }

  if (stricter && !looser)
    return -1;
  if (looser && !stricter)
    return 1;
  if (!stricter && !looser)
    return 2;  /* unchanged */
  return 0;
}

static void
filter_changed_cb (WhaleFlowPage *self)
{
  Criteria new;
  const char *hint = NULL;
  int cmp;

  if (self->filter == NULL)
    return;

  read_criteria (self, &new);
  cmp = compare_strictness (&self->criteria, &new);
  g_ptr_array_unref (self->criteria.tickers);
  self->criteria = new;

  /* "spy puts" typed and Calls chosen: both apply, so nothing can match. Say why. */
  if (new.typed_side != SIDE_BOTH && new.side != SIDE_BOTH && new.typed_side != new.side)
    hint = new.typed_side == SIDE_PUTS
           ? _("The ticker box asks for puts and the toggle for calls: no alert is both. "
               "Choose Both, or take “puts” out of the ticker box.")
           : _("The ticker box asks for calls and the toggle for puts: no alert is both. "
               "Choose Both, or take “calls” out of the ticker box.");
  whale_feed_page_set_filter_hint (self->feed_page, hint);

  if (cmp == 2)
    return;
  gtk_filter_changed (GTK_FILTER (self->filter),
                      cmp < 0 ? GTK_FILTER_CHANGE_MORE_STRICT
                      : cmp > 0 ? GTK_FILTER_CHANGE_LESS_STRICT
                      : GTK_FILTER_CHANGE_DIFFERENT);
}

/* Once the model has taken a new filter in: the old rows it brought in at the top are
 * not new. */
static void
filter_applied_cb (WhaleFlowPage *self)
{
  whale_feed_page_reset_new_rows (self->feed_page);
}

/* The header's columns get fixed widths once it is laid out: the wider of each title as
 * the column view allocated it and the column's characters (as a GtkInscription with
 * those nat-chars would ask), so the rows below, which draw their cells at the titles'
 * places, never need measuring. Columns that already have a width (the Rule column, or
 * one the user dragged) keep it. */
static gboolean
take_column_widths_cb (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  WhaleFlowPage *self = user_data;
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  guint n_columns = g_list_model_get_n_items (columns);
  GtkWidget *header = gtk_widget_get_first_child (widget);
  GtkWidget *title = header != NULL ? gtk_widget_get_first_child (header) : NULL;
  GtkWidget *shown = title;
  PangoContext *context;
  PangoFontMetrics *metrics;
  int char_pixels;

  if (!gtk_widget_get_mapped (widget))
    {
      self->widths_tick_id = 0;  /* taken up again on map */
      return G_SOURCE_REMOVE;
    }
  /* At least one layout after the request, which may have cleared the old widths. */
  if (self->widths_first_frame < 0)
    self->widths_first_frame = gdk_frame_clock_get_frame_counter (clock);
  /* A hidden column's title has no width: the first one shown says whether the
   * header is laid out. */
  while (shown != NULL && !gtk_widget_get_visible (shown))
    shown = gtk_widget_get_next_sibling (shown);
  if (gdk_frame_clock_get_frame_counter (clock) == self->widths_first_frame
      || shown == NULL || gtk_widget_get_width (shown) == 0)
    return G_SOURCE_CONTINUE;

  self->widths_tick_id = 0;
  self->widths_wanted = FALSE;
  if (g_strcmp0 (gtk_widget_get_css_name (header), "header") != 0)
    return G_SOURCE_REMOVE;

  context = gtk_widget_get_pango_context (GTK_WIDGET (self->list_view));
  metrics = pango_context_get_metrics (context, NULL, NULL);
  char_pixels = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                     pango_font_metrics_get_approximate_digit_width (metrics));
  pango_font_metrics_unref (metrics);

  while (self->fixed_widths->len < n_columns)
    {
      int none = -1;

      g_array_append_val (self->fixed_widths, none);
    }
  for (guint i = 0; i < n_columns && i < WHALE_FLOW_N_COLUMNS && title != NULL;
       i++, title = gtk_widget_get_next_sibling (title))
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      int *given = &g_array_index (self->fixed_widths, int, i);
      int cell_width = MAX (PANGO_PIXELS_CEIL (whale_flow_row_get_nat_chars (i) * char_pixels),
                            whale_flow_row_measure_widest (i, GTK_WIDGET (self->list_view))) + 10;

      if (gtk_column_view_column_get_fixed_width (column) >= 0)
        {
          *given = -1;
          continue;
        }
      *given = MAX (gtk_widget_get_width (title), cell_width);
      gtk_column_view_column_set_fixed_width (column, *given);
    }
  return G_SOURCE_REMOVE;
}

static void
maybe_take_column_widths (WhaleFlowPage *self)
{
  if (self->column_view == NULL)
    return;  /* disposed */
  if (!self->widths_wanted || self->widths_tick_id != 0
      || !gtk_widget_get_mapped (GTK_WIDGET (self->column_view)))
    return;
  self->widths_first_frame = -1;
  self->widths_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->column_view),
                                                       take_column_widths_cb, self, NULL);
}

/* A new font: the columns this page sized (and the user has not resized since) measure
 * themselves once more, then keep that. */
static void
font_changed_cb (WhaleFlowPage *self)
{
  GListModel *columns;

  if (self->column_view == NULL)
    return;
  columns = gtk_column_view_get_columns (self->column_view);
  for (guint i = 0; i < self->fixed_widths->len && i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      int given = g_array_index (self->fixed_widths, int, i);

      if (given >= 0 && gtk_column_view_column_get_fixed_width (column) == given)
        gtk_column_view_column_set_fixed_width (column, -1);
    }
  self->widths_wanted = TRUE;
  maybe_take_column_widths (self);
}

/* A column's new width (given here, or dragged): the rows lay out again under it. */
static void
column_width_changed_cb (WhaleFlowPage *self)
{
  if (self->list_view == NULL)
    return;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_view)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *child = gtk_widget_get_first_child (row);

      gtk_widget_queue_resize (child != NULL ? child : row);
    }
}

/* The header scrolls sideways with the rows. */
static void
list_hadjustment_cb (WhaleFlowPage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->list_view));

  if (adjustment != NULL)
    gtk_scrolled_window_set_hadjustment (self->header_scroller, adjustment);
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              WhaleFlowPage            *self)
{
  gtk_list_item_set_child (item, whale_flow_row_new (self->column_view));
}

/* No unbind handler: a row keeps its alert until it is bound to another. GTK 4.8's
 * GtkSignalListItemFactory unbinds and binds again every row whose position moves,
 * that is each row below one that comes or goes (50 a change on average, 400 in a
 * batch, 3 ms); binding a row to the alert it already shows costs nothing. */
static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             WhaleFlowPage            *self)
{
  whale_flow_row_set_alert (WHALE_FLOW_ROW (gtk_list_item_get_child (item)),
                            gtk_list_item_get_item (item));
}

WhaleFeedPage *
whale_flow_page_get_feed_page (WhaleFlowPage *self)
{
  g_return_val_if_fail (WHALE_IS_FLOW_PAGE (self), NULL);

  return self->feed_page;
}

GtkColumnView *
whale_flow_page_get_column_view (WhaleFlowPage *self)
{
  g_return_val_if_fail (WHALE_IS_FLOW_PAGE (self), NULL);

  return self->column_view;
}

GtkListView *
whale_flow_page_get_list_view (WhaleFlowPage *self)
{
  g_return_val_if_fail (WHALE_IS_FLOW_PAGE (self), NULL);

  return self->list_view;
}

GtkEditable *
whale_flow_page_get_ticker_entry (WhaleFlowPage *self)
{
  g_return_val_if_fail (WHALE_IS_FLOW_PAGE (self), NULL);

  return GTK_EDITABLE (self->ticker_entry);
}

GActionGroup *
whale_flow_page_get_column_actions (WhaleFlowPage *self)
{
  g_return_val_if_fail (WHALE_IS_FLOW_PAGE (self), NULL);

  return G_ACTION_GROUP (self->column_actions);
}

GMenuModel *
whale_flow_page_get_columns_menu (WhaleFlowPage *self)
{
  g_return_val_if_fail (WHALE_IS_FLOW_PAGE (self), NULL);

  return G_MENU_MODEL (self->columns_menu);
}

static GtkColumnViewColumn *
dup_column (WhaleFlowPage   *self,
            WhaleFlowColumn  index)
{
  return g_list_model_get_item (gtk_column_view_get_columns (self->column_view), index);
}

/* The actions follow the columns: each is checked while its column shows, the last
 * column shown cannot be hidden, and "show all" is there while one is hidden. */
static void
update_column_actions (WhaleFlowPage *self)
{
  guint n_shown = 0;
  GAction *show_all;

  if (self->column_actions == NULL)
    return;  /* disposed */
  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = dup_column (self, i);

      n_shown += gtk_column_view_column_get_visible (column);
    }
  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = dup_column (self, i);
      g_autofree char *name = g_strconcat ("show-", whale_flow_row_get_column_id (i), NULL);
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->column_actions), name);
      gboolean shown = gtk_column_view_column_get_visible (column);

      g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (shown));
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), !shown || n_shown > 1);
    }
  show_all = g_action_map_lookup_action (G_ACTION_MAP (self->column_actions), "show-all-columns");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (show_all), n_shown < WHALE_FLOW_N_COLUMNS);
}

/* Whether @widget is a title whose sort arrow shows: GTK 4.8 keeps the sort column to
 * itself, and marks its title's "sort-indicator" ascending or descending. */
static gboolean
title_shows_sort (GtkWidget *widget)
{
  if (g_strcmp0 (gtk_widget_get_css_name (widget), "sort-indicator") == 0)
    return gtk_widget_has_css_class (widget, "ascending")
           || gtk_widget_has_css_class (widget, "descending");
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (title_shows_sort (child))
      return TRUE;
  return FALSE;
}

/* Shows the columns the setting does not name; a setting naming every column (only
 * an edit by hand can) hides none. */
static void
hidden_columns_changed_cb (WhaleFlowPage *self)
{
  g_auto(GStrv) hidden = g_settings_get_strv (whale_session_get_settings (self->session),
                                              HIDDEN_COLUMNS_KEY);
  GtkWidget *title = whale_flow_row_get_first_title (self->column_view);
  guint n_hidden = 0;

  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    n_hidden += g_strv_contains ((const char * const *) hidden, whale_flow_row_get_column_id (i));
  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = dup_column (self, i);
      gboolean hide = n_hidden < WHALE_FLOW_N_COLUMNS
                      && g_strv_contains ((const char * const *) hidden,
                                          whale_flow_row_get_column_id (i));

      /* A hidden column keeps its sorter in GTK: the rows would stay in an order no
       * title shows. They go back to newest first. */
      if (hide && gtk_column_view_column_get_visible (column) && title != NULL
          && title_shows_sort (title))
        gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
      gtk_column_view_column_set_visible (column, !hide);
      title = title != NULL ? gtk_widget_get_next_sibling (title) : NULL;
    }
}

/* A row as the table shows it: its shown cells, tab-separated, as a spreadsheet pastes
 * them into columns. A tab or line break from the server would start another cell. */
static char *
copy_row_text (WhaleRecord *record,
               gpointer     user_data)
{
  WhaleFlowPage *self = user_data;
  char *texts[WHALE_FLOW_N_COLUMNS];
  GString *line;

  g_return_val_if_fail (WHALE_IS_FLOW_ALERT (record), NULL);

  line = g_string_new (NULL);
  whale_flow_row_format_cells (WHALE_FLOW_ALERT (record), texts);
  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = dup_column (self, i);

      if (gtk_column_view_column_get_visible (column))
        {
          if (line->len > 0)
            g_string_append_c (line, '\t');
          g_string_append (line, g_strdelimit (texts[i], "\t\r\n", ' '));
        }
      g_free (texts[i]);
    }
  return g_string_free (line, FALSE);
}

static int
column_index (const char *id)
{
  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    if (g_str_equal (whale_flow_row_get_column_id (i), id))
      return i;
  return -1;
}

/* The setting is written from the columns as they show, with the one toggled, so a
 * setting that named them all (and showed them all) still hides the one unchecked.
 * Without a session (no settings yet) the columns change for this run only. */
static void
show_column_change_state_cb (GSimpleAction *action,
                             GVariant      *state,
                             WhaleFlowPage *self)
{
  int toggled = column_index (g_action_get_name (G_ACTION (action)) + strlen ("show-"));
  gboolean show = g_variant_get_boolean (state);
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) old = NULL;
  g_auto(GStrv) hidden = NULL;

  g_assert (toggled >= 0);
  if (self->session == NULL)
    {
      g_autoptr(GtkColumnViewColumn) column = dup_column (self, toggled);

      gtk_column_view_column_set_visible (column, show);
      return;
    }

  old = g_settings_get_strv (whale_session_get_settings (self->session), HIDDEN_COLUMNS_KEY);
  builder = g_strv_builder_new ();
  /* Ids this version does not know are kept, for the version that wrote them. */
  for (char **s = old; *s != NULL; s++)
    if (column_index (*s) < 0)
      g_strv_builder_add (builder, *s);
  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = dup_column (self, i);

      if ((int) i == toggled ? !show : !gtk_column_view_column_get_visible (column))
        g_strv_builder_add (builder, whale_flow_row_get_column_id (i));
    }
  hidden = g_strv_builder_end (builder);
  g_settings_set_strv (whale_session_get_settings (self->session), HIDDEN_COLUMNS_KEY,
                       (const char * const *) hidden);
}

static void
show_all_columns_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     WhaleFlowPage *self)
{
  if (self->session != NULL)
    {
      g_settings_reset (whale_session_get_settings (self->session), HIDDEN_COLUMNS_KEY);
      return;
    }
  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = dup_column (self, i);

      gtk_column_view_column_set_visible (column, TRUE);
    }
}

/* The menu's items are the columns' titles, which can change ("Time ET"). */
static void
fill_column_checks (WhaleFlowPage *self)
{
  if (self->column_checks == NULL)
    return;  /* disposed */
  g_menu_remove_all (self->column_checks);
  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = dup_column (self, i);
      g_autofree char *detailed = g_strconcat ("flow.show-", whale_flow_row_get_column_id (i),
                                               NULL);

      g_menu_append (self->column_checks, gtk_column_view_column_get_title (column), detailed);
    }
}

/* Every title's right-click menu lists the columns, each with a check to show it. */
static void
setup_column_actions (WhaleFlowPage *self)
{
  g_autoptr(GMenu) checks = g_menu_new ();
  g_autoptr(GMenu) all = g_menu_new ();
  g_autoptr(GSimpleAction) show_all = g_simple_action_new ("show-all-columns", NULL);

  self->column_actions = g_simple_action_group_new ();
  self->columns_menu = g_menu_new ();
  self->column_checks = g_object_ref (checks);
  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = dup_column (self, i);
      g_autofree char *name = g_strconcat ("show-", whale_flow_row_get_column_id (i), NULL);
      g_autoptr(GSimpleAction) action =
        g_simple_action_new_stateful (name, NULL, g_variant_new_boolean (TRUE));

      g_signal_connect_object (action, "change-state", G_CALLBACK (show_column_change_state_cb),
                               self, 0);
      g_action_map_add_action (G_ACTION_MAP (self->column_actions), G_ACTION (action));
      g_signal_connect_object (column, "notify::visible", G_CALLBACK (update_column_actions),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (column, "notify::title", G_CALLBACK (fill_column_checks),
                               self, G_CONNECT_SWAPPED);
    }
  fill_column_checks (self);
  g_signal_connect_object (show_all, "activate", G_CALLBACK (show_all_columns_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self->column_actions), G_ACTION (show_all));
  g_menu_append (all, _("Show All Columns"), "flow.show-all-columns");
  g_menu_append_section (self->columns_menu, NULL, G_MENU_MODEL (checks));
  g_menu_append_section (self->columns_menu, NULL, G_MENU_MODEL (all));

  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = dup_column (self, i);

      gtk_column_view_column_set_header_menu (column, G_MENU_MODEL (self->columns_menu));
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "flow",
                                  G_ACTION_GROUP (self->column_actions));
  update_column_actions (self);
}

void
whale_flow_page_set_session (WhaleFlowPage *self,
                             WhaleSession  *session)
{
  GSettings *settings;

  g_return_if_fail (WHALE_IS_FLOW_PAGE (self));
  g_return_if_fail (WHALE_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  whale_feed_page_set_session (self->feed_page, session);
  settings = whale_session_get_settings (session);
  g_settings_bind (settings, "flow-min-premium",
                   self->min_premium_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (settings, "changed::" HIDDEN_COLUMNS_KEY,
                           G_CALLBACK (hidden_columns_changed_cb), self, G_CONNECT_SWAPPED);
  hidden_columns_changed_cb (self);
}

/* A minimum premium hides rows even with the filter bar closed (it is a setting, kept
 * from one run to the next): then a note under the bar says so. */
static void
update_premium_note (WhaleFlowPage *self)
{
  double minimum = gtk_adjustment_get_value (self->min_premium_adjustment);
  gboolean shown = minimum > 0 && !gtk_search_bar_get_search_mode (self->filter_bar);

  if (shown)
    {
      g_autofree char *amount = whale_format_money_short (minimum);
      g_autofree char *text = g_strdup_printf (_("Only alerts of %s premium or more are shown"),
                                               amount);

      gtk_label_set_label (self->premium_note_label, text);
    }
  gtk_widget_set_visible (self->premium_note, shown);
}

#define UNDO_STATE "whale-undo-state"

/* Shows @title with an Undo that calls @undo (toast, page). @state rides on the toast for
 * @undo to read (UNDO_STATE) and goes with it, so each toast undoes its own change. */
static void
show_undo_toast (WhaleFlowPage  *self,
                 const char     *title,
                 GCallback       undo,
                 gpointer        state,
                 GDestroyNotify  free_state)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast;

  if (!WHALE_IS_WINDOW (root))
    {
      free_state (state);
      return;
    }
  toast = adw_toast_new (title);
  g_object_set_data_full (G_OBJECT (toast), UNDO_STATE, state, free_state);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_object (toast, "button-clicked", undo, self, 0);
  whale_window_show_toast (WHALE_WINDOW (root), toast);
}

static void
undo_clear_premium_cb (AdwToast      *toast,
                       WhaleFlowPage *self)
{
  double *old = g_object_get_data (G_OBJECT (toast), UNDO_STATE);

  gtk_adjustment_set_value (self->min_premium_adjustment, *old);
}

static void
clear_min_premium_cb (WhaleFlowPage *self)
{
  double old = gtk_adjustment_get_value (self->min_premium_adjustment);

  gtk_adjustment_set_value (self->min_premium_adjustment, 0);
  /* The note's button is a Tab or an arrow key away from the page switcher: an Enter
   * there cleared a setting kept between runs, with no way back but typing it again. */
  if (old > 0)
    {
      g_autofree char *amount = whale_format_money (old);
      /* Translators: %s is an amount such as $500K. */
      g_autofree char *title = g_strdup_printf (_("Min premium %s cleared"), amount);

      show_undo_toast (self, title, G_CALLBACK (undo_clear_premium_cb),
                       g_memdup2 (&old, sizeof old), g_free);
    }
}

/* Min premium takes amounts as the table writes them ("250K", "1.5M") and with grouping
 * ("250,000"); anything else is refused with the error bell, keeping the old value. The
 * box shows whole dollars, so that is what it keeps. */
static int
min_premium_input_cb (WhaleFlowPage *self,
                      double        *value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->min_premium_spin));

  if (!whale_format_parse_money (text, value))
    return GTK_INPUT_ERROR;
  *value = round (*value);
  return TRUE;
}

/* "150,000" rather than "150000": a count of zeros is easy to misread. Grouped as the
 * locale groups, which min_premium_input_cb() reads back. */
static gboolean
min_premium_output_cb (WhaleFlowPage *self)
{
  g_autofree char *text =
    whale_format_grouped (gtk_adjustment_get_value (self->min_premium_adjustment));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (self->min_premium_spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->min_premium_spin), text);
  return TRUE;
}

/* The note's Change: the bar, with Min premium focused. */
static void
change_min_premium_cb (WhaleFlowPage *self)
{
  gtk_search_bar_set_search_mode (self->filter_bar, TRUE);
  gtk_widget_grab_focus (self->min_premium_spin);
}

static GtkToggleButton *
side_button (WhaleFlowPage *self)
{
  if (gtk_toggle_button_get_active (self->calls_button))
    return self->calls_button;
  if (gtk_toggle_button_get_active (self->puts_button))
    return self->puts_button;
  return self->both_button;
}

static void
ticker_text_cb (WhaleFlowPage *self)
{
  if (gtk_search_bar_get_search_mode (self->filter_bar))
    {
      g_free (self->bar_tickers);
      self->bar_tickers = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->ticker_entry)));
    }
}

static void
undo_close_cb (AdwToast      *toast,
               WhaleFlowPage *self)
{
  ClosedFilter *closed = g_object_get_data (G_OBJECT (toast), UNDO_STATE);

  gtk_search_bar_set_search_mode (self->filter_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->ticker_entry), closed->tickers);
  gtk_toggle_button_set_active (closed->side, TRUE);
  gtk_check_button_set_active (self->sweeps_check, closed->sweeps_only);
  gtk_check_button_set_active (self->opening_check, closed->opening_only);
}

/* A closed filter bar filters nothing that it shows: what was typed or picked in it
 * goes with it. The minimum premium is a setting, and stays, with the note saying so. A
 * reader who closed the bar for room lost their view without a word: a toast now says
 * so, and its Undo brings the bar back as it was. */
static void
search_mode_cb (WhaleFlowPage *self)
{
  gboolean open = gtk_search_bar_get_search_mode (self->filter_bar);
  const char *tickers = self->bar_tickers != NULL ? self->bar_tickers : "";

  update_premium_note (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filter.close", open);
  if (open)
    return;
  if (tickers[0] != '\0' || side_button (self) != self->both_button
      || gtk_check_button_get_active (self->sweeps_check)
      || gtk_check_button_get_active (self->opening_check))
    {
      ClosedFilter *closed = g_new0 (ClosedFilter, 1);

      closed->tickers = g_strdup (tickers);
      closed->side = side_button (self);
      closed->sweeps_only = gtk_check_button_get_active (self->sweeps_check);
      closed->opening_only = gtk_check_button_get_active (self->opening_check);
      show_undo_toast (self, _("Filter cleared"), G_CALLBACK (undo_close_cb), closed,
                       (GDestroyNotify) closed_filter_free);
    }
  g_clear_pointer (&self->bar_tickers, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->ticker_entry), "");
  gtk_toggle_button_set_active (self->both_button, TRUE);
  gtk_check_button_set_active (self->sweeps_check, FALSE);
  gtk_check_button_set_active (self->opening_check, FALSE);
}

/* Escape closes the open filter bar from any of its controls (GtkSearchBar knows only
 * the ticker entry's) and from the table. */
static void
close_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_search_bar_set_search_mode (WHALE_FLOW_PAGE (widget)->filter_bar, FALSE);
}

/* The filter bar is a flow box only to wrap: the arrow keys move between its controls
 * as in any box (the window's directional focus), not from cell to cell. */
static gboolean
filter_box_move_cursor_cb (GtkFlowBox      *box,
                           GtkMovementStep  step,
                           int              count,
                           gboolean         extend,
                           gboolean         modify)
{
  g_signal_stop_emission_by_name (box, "move-cursor");
  return FALSE;
}

void
whale_flow_page_sort_largest_first (WhaleFlowPage       *self,
                                    GtkColumnViewColumn *column)
{
  g_return_if_fail (WHALE_IS_FLOW_PAGE (self));
  g_return_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column));

  gtk_column_view_sort_by_column (self->column_view, column,
                                  whale_field_sorter_sorts_largest_first (column)
                                  ? GTK_SORT_ASCENDING : GTK_SORT_DESCENDING);
}

void
whale_flow_page_show_filter (WhaleFlowPage *self)
{
  g_return_if_fail (WHALE_IS_FLOW_PAGE (self));

  gtk_search_bar_set_search_mode (self->filter_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->ticker_entry));
}

static void
whale_flow_page_dispose (GObject *object)
{
  WhaleFlowPage *self = WHALE_FLOW_PAGE (object);

  if (self->widths_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->widths_tick_id);
  self->widths_tick_id = 0;
  if (self->session != NULL)
    g_settings_unbind (self->min_premium_adjustment, "value");
  g_clear_object (&self->session);
  /* Before the columns go: their visibility is no longer followed. */
  g_clear_object (&self->column_actions);
  g_clear_object (&self->columns_menu);
  g_clear_object (&self->column_checks);
  gtk_widget_dispose_template (GTK_WIDGET (self), WHALE_TYPE_FLOW_PAGE);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (whale_flow_page_parent_class)->dispose (object);
}

static void
whale_flow_page_finalize (GObject *object)
{
  WhaleFlowPage *self = WHALE_FLOW_PAGE (object);

  g_clear_pointer (&self->criteria.tickers, g_ptr_array_unref);
  g_clear_pointer (&self->fixed_widths, g_array_unref);
  g_clear_pointer (&self->bar_tickers, g_free);

  G_OBJECT_CLASS (whale_flow_page_parent_class)->finalize (object);
}

static void
whale_flow_page_class_init (WhaleFlowPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = whale_flow_page_dispose;
  object_class->finalize = whale_flow_page_finalize;

  g_type_ensure (WHALE_TYPE_FEED_PAGE);
  g_type_ensure (WHALE_TYPE_FIELD_SORTER);
  g_type_ensure (WHALE_TYPE_FLOW_ROW);
  g_type_ensure (WHALE_TYPE_SORT_MODEL);
  /* Kept for the filter's field lookups. */
  g_type_class_ref (WHALE_TYPE_FLOW_ALERT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/whalewatch/Whalewatch/whale-flow-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, feed_page);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, ticker_entry);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, min_premium_adjustment);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, calls_button);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, puts_button);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, both_button);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, sweeps_check);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, opening_check);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, min_premium_spin);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, premium_note);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, premium_note_label);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, header_scroller);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, WhaleFlowPage, sort_model);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_min_premium_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_min_premium_cb);
  gtk_widget_class_bind_template_callback (widget_class, min_premium_input_cb);
  gtk_widget_class_bind_template_callback (widget_class, min_premium_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_box_move_cursor_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_bind_cb);

  gtk_widget_class_install_action (widget_class, "filter.close", NULL, close_filter_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "filter.close", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
whale_flow_page_init (WhaleFlowPage *self)
{
  WhaleRecordClass *klass = g_type_class_peek (WHALE_TYPE_FLOW_ALERT);

  g_assert (klass != NULL);

  self->criteria.tickers = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->ticker_field = whale_record_class_find_field (klass, "ticker");
  self->premium_field = whale_record_class_find_field (klass, "total_premium");
  self->type_field = whale_record_class_find_field (klass, "option_type");
  self->sweep_field = whale_record_class_find_field (klass, "sweep");
  self->opening_field = whale_record_class_find_field (klass, "opening");
  g_assert (self->ticker_field && self->premium_field && self->type_field
            && self->sweep_field && self->opening_field);

  g_ptr_array_unref (self->criteria.tickers);
  read_criteria (self, &self->criteria);
  /* Escape in the ticker entry closes the bar. */
  gtk_search_bar_connect_entry (self->filter_bar, GTK_EDITABLE (self->ticker_entry));
  g_signal_connect_object (self->ticker_entry, "changed", G_CALLBACK (ticker_text_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->min_premium_adjustment, "value-changed",
                           G_CALLBACK (update_premium_note), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filter.close", FALSE);
  self->filter = gtk_custom_filter_new (match_cb, self, NULL);
  whale_sort_model_set_filter (self->sort_model, GTK_FILTER (self->filter));
  g_signal_connect_object (self->filter, "changed", G_CALLBACK (filter_applied_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  self->fixed_widths = g_array_new (FALSE, FALSE, sizeof (int));
  self->widths_wanted = TRUE;
  g_signal_connect_object (self->column_view, "map",
                           G_CALLBACK (maybe_take_column_widths), self, G_CONNECT_SWAPPED);
  {
    GListModel *columns = gtk_column_view_get_columns (self->column_view);

    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        g_signal_connect_object (column, "notify::fixed-width",
                                 G_CALLBACK (column_width_changed_cb), self, G_CONNECT_SWAPPED);
        g_signal_connect_object (column, "notify::visible",
                                 G_CALLBACK (column_width_changed_cb), self, G_CONNECT_SWAPPED);
      }
  }
  whale_field_sorter_mark_titles (self->column_view);
  setup_column_actions (self);
  whale_feed_page_set_copy_func (self->feed_page, copy_row_text, self);
  /* The template has put the list in its scroller already. */
  g_signal_connect_object (self->list_view, "notify::hadjustment",
                           G_CALLBACK (list_hadjustment_cb), self, G_CONNECT_SWAPPED);
  list_hadjustment_cb (self);
  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-font-name",
                           G_CALLBACK (font_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-xft-dpi",
                           G_CALLBACK (font_changed_cb), self, G_CONNECT_SWAPPED);
}
