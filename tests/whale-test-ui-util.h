/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>
#include <string.h>

#include "whale-application.h"
#include "whale-flow-row.h"
#include "whale-test-util.h"
#include "whale-window.h"

G_BEGIN_DECLS

/* What the ui test programs share: the real app and window, started once per program,
 * and screenshots of what they show. */

/* The program's app and its window, set by whale_test_ui_start()'s caller. */
static WhaleApplication *app;
static WhaleWindow *window;

G_GNUC_UNUSED static WhaleSession *
session (void)
{
  return whale_application_get_session (app);
}

G_GNUC_UNUSED static GSettings *
settings (void)
{
  return whale_session_get_settings (session ());
}

G_GNUC_UNUSED static WhaleStream *
stream (void)
{
  return whale_session_get_stream (session ());
}

/* Registers and activates @application and waits for its window to be mapped at
 * @width × @height. */
G_GNUC_UNUSED static WhaleWindow *
whale_test_ui_start (WhaleApplication *application,
                     int               width,
                     int               height)
{
  WhaleWindow *shown;

  g_assert_true (g_application_register (G_APPLICATION (application), NULL, NULL));
  g_application_activate (G_APPLICATION (application));
  shown = WHALE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (shown);
  gtk_window_set_default_size (GTK_WINDOW (shown), width, height);
  WHALE_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (shown)), 10000);
  return shown;
}

G_GNUC_UNUSED static void
whale_test_ui_stop (WhaleApplication **application,
                    WhaleWindow       *shown)
{
  gtk_window_destroy (GTK_WINDOW (shown));
  g_application_quit (G_APPLICATION (*application));
  g_clear_object (application);
}

/* The column of @view titled @title; there must be one. */
G_GNUC_UNUSED static GtkColumnViewColumn *
whale_test_find_column (GtkColumnView *view,
                        const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  g_assert_not_reached ();
}

/* How many row widgets of @view (a column view, or a list view such as the Flow
 * table's) are on screen now, only those with @css_class when it is not NULL. */
G_GNUC_UNUSED static guint
whale_test_count_mapped_rows (GtkWidget  *view,
                              const char *css_class)
{
  guint n = 0;
  GtkWidget *first = GTK_IS_LIST_VIEW (view) ? view : gtk_widget_get_first_child (view);

  for (GtkWidget *child = first; child != NULL;
       child = child == view ? NULL : gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_LIST_VIEW (child))
        continue;
      for (GtkWidget *row = gtk_widget_get_first_child (child); row != NULL;
           row = gtk_widget_get_next_sibling (row))
        n += gtk_widget_get_mapped (row)
             && (css_class == NULL || gtk_widget_has_css_class (row, css_class));
    }
  return n;
}

/* Whether @model's rows are in order of premium, @direction 1 smallest first or -1
 * largest first (rows without a premium are not counted). */
G_GNUC_UNUSED static gboolean
whale_test_sorted_by_premium (GListModel *model,
                              int         direction)
{
  double last = NAN;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) record = g_list_model_get_item (model, i);
      double premium;

      g_object_get (record, "total-premium", &premium, NULL);
      if (isnan (premium))
        continue;
      if ((premium - last) * direction < 0)
        return FALSE;
      last = premium;
    }
  return TRUE;
}

G_GNUC_UNUSED static gboolean
whale_test_sorted_by_premium_descending (GListModel *model)
{
  return whale_test_sorted_by_premium (model, -1);
}

/* The first widget under @root (itself included, depth first) that @match accepts. */
G_GNUC_UNUSED static GtkWidget *
whale_test_ui_find (GtkWidget     *root,
                    gboolean     (*match) (GtkWidget *widget, gconstpointer data),
                    gconstpointer  data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = whale_test_ui_find (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* For whale_test_ui_find(): a widget of the GType in @type (GSIZE_TO_POINTER). */
G_GNUC_UNUSED static gboolean
whale_test_ui_is_of_type (GtkWidget     *widget,
                          gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

/* The narrowest the window can be with every page there is (the view stack is as wide
 * as its widest page; the Flow page's filter bar and the experimental pages' source
 * line are the wide parts). Half of a 1920 px screen is 960 px. */
G_GNUC_UNUSED static int
whale_test_ui_min_width_all_pages (void)
{
  GtkEditable *entry = whale_flow_page_get_ticker_entry (whale_window_get_flow_page (window));
  int minimum = 0;

  g_settings_set_boolean (settings (), "show-experimental-feeds", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_signal_emit_by_name (entry, "stop-search");
  g_settings_set_boolean (settings (), "show-experimental-feeds", FALSE);
  return minimum;
}

/* Lets @widget's frame clock draw @n more frames, so that what was changed is laid out. */
G_GNUC_UNUSED static void
whale_test_ui_wait_frames (GtkWidget *widget,
                           int        n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 frame = gdk_frame_clock_get_frame_counter (clock);

  /* A frame clock with nothing to draw stops ticking, so each frame asks for the next. */
  for (int i = 1; i <= n; i++)
    {
      gtk_widget_queue_draw (widget);
      WHALE_WAIT_UNTIL (gdk_frame_clock_get_frame_counter (clock) >= frame + i, 5000);
    }
}

/* Renders @widget as it is shown to @name (a PNG) in the build tree, for a human to look at. */
G_GNUC_UNUSED static void
whale_test_ui_save_screenshot (GtkWidget  *widget,
                               const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  WHALE_WAIT_UNTIL (gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0, 5000);
  WHALE_SPIN_FOR (200);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

G_END_DECLS
