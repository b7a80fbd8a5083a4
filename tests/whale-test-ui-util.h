/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include "whale-application.h"
#include "whale-test-util.h"
#include "whale-window.h"

G_BEGIN_DECLS

/* What the ui test programs share: the real app and window, started once per program,
 * and screenshots of what they show. */

/* Registers and activates @app and waits for its window to be mapped at @width × @height. */
G_GNUC_UNUSED static WhaleWindow *
whale_test_ui_start (WhaleApplication *app,
                     int               width,
                     int               height)
{
  WhaleWindow *window;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_activate (G_APPLICATION (app));
  window = WHALE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  WHALE_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 10000);
  return window;
}

G_GNUC_UNUSED static void
whale_test_ui_stop (WhaleApplication **app,
                    WhaleWindow       *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (*app));
  g_clear_object (app);
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
