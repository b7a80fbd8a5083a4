/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

G_BEGIN_DECLS

/* Drawing helpers the chart widgets share: a palette that follows light and dark, small
 * tabular text, round axis steps and compact $ labels. */

typedef struct
{
  GdkRGBA fg;
  GdkRGBA call;
  GdkRGBA put;
  GdkRGBA spot;
  GdkRGBA flip;
  double  fill_alpha;  /* translucent bars and areas: stronger on dark */
  GdkRGBA halo;        /* about the card background, to outline text over bars */
} Palette;

G_GNUC_UNUSED static void
get_palette (GtkWidget *widget,
             Palette   *palette)
{
  gboolean dark;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &palette->fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  /* Light text means a dark style: brighter hues read better there. */
  dark = 0.299 * palette->fg.red + 0.587 * palette->fg.green + 0.114 * palette->fg.blue > 0.5;
  gdk_rgba_parse (&palette->call, dark ? "#33d17a" : "#26a269");
  gdk_rgba_parse (&palette->put, dark ? "#f66151" : "#e01b24");
  gdk_rgba_parse (&palette->spot, dark ? "#62a0ea" : "#1c71d8");
  gdk_rgba_parse (&palette->flip, dark ? "#ffa348" : "#c64600");
  palette->fill_alpha = dark ? 0.62 : 0.45;
  gdk_rgba_parse (&palette->halo, dark ? "#353535" : "#ffffff");
}

G_GNUC_UNUSED static void
set_color (cairo_t       *cr,
           const GdkRGBA *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

G_GNUC_UNUSED static PangoLayout *
small_layout (GtkWidget *widget,
              gboolean   bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  PangoContext *context = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoFontDescription) font =
    pango_font_description_copy (pango_context_get_font_description (context));
  PangoAttrList *attrs = pango_attr_list_new ();

  /* Readable but compact: 85 % of the widget's font, tabular digits. */
  pango_font_description_set_size (font, pango_font_description_get_size (font) * 0.85);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

G_GNUC_UNUSED static void
text_size (PangoLayout *layout,
           const char  *text,
           int         *width,
           int         *height)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, width, height);
}

/* An axis label whose centre is nearer a tag's than this many text heights would sit
 * half under it: it is left out (the digits are shorter than a line). */
#define WHALE_CHART_TAG_CLEARANCE 0.75

/* Draws @text with its (@xalign, @yalign) point at (@x, @y). */
G_GNUC_UNUSED static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       xalign,
           double       yalign)
{
  int w, h;

  text_size (layout, text, &w, &h);
  cairo_move_to (cr, round (x - w * xalign), round (y - h * yalign));
  pango_cairo_show_layout (cr, layout);
}

/* A tag on the strike axis: the value in a pill of @color. */
G_GNUC_UNUSED static void
draw_tag (cairo_t       *cr,
          PangoLayout   *layout,
          const char    *text,
          double         right,
          double         y,
          const GdkRGBA *color)
{
  int w, h;
  double x;

  text_size (layout, text, &w, &h);
  x = right - w - 6;
  set_color (cr, color, 1);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + 3, y - h / 2.0 + 3, 3, G_PI, 1.5 * G_PI);
  cairo_arc (cr, right - 3, y - h / 2.0 + 3, 3, 1.5 * G_PI, 2 * G_PI);
  cairo_arc (cr, right - 3, y + h / 2.0 - 3, 3, 0, 0.5 * G_PI);
  cairo_arc (cr, x + 3, y + h / 2.0 - 3, 3, 0.5 * G_PI, G_PI);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, round (x + 3), round (y - h / 2.0));
  pango_cairo_show_layout (cr, layout);
}

/* A round step near range / n: 1, 2, 2.5 or 5 times a power of ten. */
G_GNUC_UNUSED static double
nice_step (double range,
           int    n)
{
  double raw = range / MAX (n, 1);
  double magnitude, f;

  if (!(raw > 0) || !isfinite (raw))
    return 1;
  magnitude = pow (10, floor (log10 (raw)));
  f = raw / magnitude;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * magnitude;
}

/* Shared by both charts, in whale-chart.c. */

typedef enum
{
  WHALE_CHART_SWATCH_BOX,
  WHALE_CHART_SWATCH_LINE,
  WHALE_CHART_SWATCH_DASHED,
  WHALE_CHART_SWATCH_NET,    /* half in the item's colour, half in the palette's put */
} WhaleChartSwatch;

typedef struct
{
  const char       *label;
  const GdkRGBA    *color;
  double            alpha;
  WhaleChartSwatch  swatch;
} WhaleChartLegendItem;

/* Maps a point of @chart to the item under it, -1 for none. */
typedef int  (*WhaleChartIndexFunc) (GtkWidget *chart,
                                     double     x,
                                     double     y);
typedef void (*WhaleChartDrawFunc)  (GtkWidget *chart,
                                     cairo_t   *cr,
                                     double     width,
                                     double     height);

gboolean whale_chart_draw_legend   (cairo_t                    *cr,
                                    PangoLayout                *layout,
                                    const Palette              *palette,
                                    const WhaleChartLegendItem *items,
                                    guint                       n_items,
                                    double                     *x,
                                    double                      y,
                                    double                      max_x);
void     whale_chart_draw_rule     (cairo_t                    *cr,
                                    const Palette              *palette,
                                    double                      alpha,
                                    double                      x0,
                                    double                      y0,
                                    double                      x1,
                                    double                      y1);
void     whale_chart_snapshot      (GtkWidget                  *chart,
                                    GtkSnapshot                *snapshot,
                                    WhaleChartDrawFunc          draw);
void     whale_chart_track_pointer (GtkWidget                  *chart,
                                    int                        *hover,
                                    WhaleChartIndexFunc         index_at);
gboolean whale_chart_set_tooltip   (GtkTooltip                 *tooltip,
                                    const char                 *text);

G_END_DECLS
