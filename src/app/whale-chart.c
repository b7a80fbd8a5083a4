/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-chart"

#include "config.h"

#include "whale-chart-private.h"

/* Draws @items left to right from *@x, each a swatch and its label, and moves *@x past
 * them. Narrow: the items that do not fit before @max_x are left out rather than
 * clipped, and FALSE is returned. */
gboolean
whale_chart_draw_legend (cairo_t                    *cr,
                         PangoLayout                *layout,
                         const Palette              *palette,
                         const WhaleChartLegendItem *items,
                         guint                       n_items,
                         double                     *x,
                         double                      y,
                         double                      max_x)
{
  int w, h;

  text_size (layout, "M", &w, &h);
  for (guint i = 0; i < n_items; i++)
    {
      double cy = y + h / 2.0;

      text_size (layout, items[i].label, &w, &h);
      if (*x + 16 + w > max_x)
        return FALSE;

      set_color (cr, items[i].color, items[i].alpha);
      if (items[i].swatch == WHALE_CHART_SWATCH_BOX)
        {
          cairo_rectangle (cr, *x, cy - 4, 10, 8);
          cairo_fill (cr);
        }
      else if (items[i].swatch == WHALE_CHART_SWATCH_NET)
        {
          /* The net bar: solid, green or red by its sign. */
          cairo_rectangle (cr, *x, cy - 2, 5, 4);
          cairo_fill (cr);
          set_color (cr, &palette->put, 1);
          cairo_rectangle (cr, *x + 5, cy - 2, 5, 4);
          cairo_fill (cr);
        }
      else
        {
          static const double dash[] = { 4, 3 };

          cairo_set_line_width (cr, 2);
          cairo_set_dash (cr, dash, items[i].swatch == WHALE_CHART_SWATCH_DASHED ? 2 : 0, 0);
          cairo_move_to (cr, *x, cy);
          cairo_line_to (cr, *x + 12, cy);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      set_color (cr, &palette->fg, 0.75);
      draw_text (cr, layout, items[i].label, *x + 16, y, 0, 0);
      text_size (layout, items[i].label, &w, &h);
      *x += 16 + w + 14;
    }
  return TRUE;
}

/* A grid or hover line in the text colour at @alpha, in the current line width. */
void
whale_chart_draw_rule (cairo_t       *cr,
                       const Palette *palette,
                       double         alpha,
                       double         x0,
                       double         y0,
                       double         x1,
                       double         y1)
{
  set_color (cr, &palette->fg, alpha);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
  cairo_stroke (cr);
}

void
whale_chart_snapshot (GtkWidget          *chart,
                      GtkSnapshot        *snapshot,
                      WhaleChartDrawFunc  draw)
{
  int width = gtk_widget_get_width (chart);
  int height = gtk_widget_get_height (chart);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw (chart, cr, width, height);
  cairo_destroy (cr);
}

typedef struct
{
  GtkWidget           *chart;
  int                 *hover;
  WhaleChartIndexFunc  index_at;
} PointerWatch;

static void
set_hover (PointerWatch *watch,
           int           hover)
{
  if (*watch->hover == hover)
    return;
  *watch->hover = hover;
  gtk_widget_queue_draw (watch->chart);
}

static void
motion_cb (PointerWatch *watch,
           double        x,
           double        y)
{
  set_hover (watch, watch->index_at (watch->chart, x, y));
}

static void
leave_cb (PointerWatch *watch)
{
  set_hover (watch, -1);
}

static void
free_watch (gpointer  data,
            GClosure *closure)
{
  g_free (data);
}

/* Keeps *@hover (a field of @chart) on the item under the pointer, redrawing when it
 * changes, and turns on tooltips. */
void
whale_chart_track_pointer (GtkWidget           *chart,
                           int                 *hover,
                           WhaleChartIndexFunc  index_at)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  PointerWatch *watch = g_new (PointerWatch, 1);

  *watch = (PointerWatch) { chart, hover, index_at };
  *hover = -1;
  /* The controller lives and dies with the chart, so the watch goes with it. */
  g_signal_connect_data (motion, "motion", G_CALLBACK (motion_cb), watch,
                         free_watch, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), watch);
  gtk_widget_add_controller (chart, motion);
  gtk_widget_set_has_tooltip (chart, TRUE);
}

/* For query_tooltip: shows @text, or nothing when it is NULL. */
gboolean
whale_chart_set_tooltip (GtkTooltip *tooltip,
                         const char *text)
{
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}
