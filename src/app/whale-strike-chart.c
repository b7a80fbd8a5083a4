/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-strike-chart"

#include "config.h"

#include "whale-strike-chart.h"

#include <glib/gi18n.h>
#include <math.h>

#include "whale-chart-private.h"
#include "whale-format.h"

/* Below this a row's label and bar stop being readable: fewer strikes are shown. */
#define MIN_ROW_HEIGHT 13.0
#define MAX_ROW_HEIGHT 30.0
#define PAD 6.0

struct _WhaleStrikeChart
{
  GtkWidget       parent_instance;

  WhaleGexBoard  *board;
  WhaleGexWeight  weight;
  GArray         *bars;       /* WhaleGexBar, ascending strikes, for weight */
  WhaleGexLevels  levels;
  char           *summary;
  int             hover;      /* bar index under the pointer, -1 = none */
};

G_DEFINE_FINAL_TYPE (WhaleStrikeChart, whale_strike_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BOARD,
  PROP_WEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  double left, right, top, bottom;  /* the plot area */
  int    first, last;               /* bars shown, inclusive; none when first > last */
  double row_height;
  double max_abs;                   /* the x axis runs from -max_abs to +max_abs */
  double text_height;
} Geometry;

static const char *
weight_name (WhaleGexWeight weight)
{
  switch (weight)
    {
    case WHALE_GEX_WEIGHT_OI: return _("open interest");
    case WHALE_GEX_WEIGHT_VOL: return _("volume");
    case WHALE_GEX_WEIGHT_DIR: return _("direction");
    default: g_assert_not_reached ();
    }
}

/* For the spoken summary: "none" reads better than a dash. */
static char *
level_text (double strike)
{
  return isnan (strike) ? g_strdup (_("none")) : whale_format_strike (strike);
}

static int
nearest_index (GArray *bars,
               double  value)
{
  int best = -1;
  double best_distance = INFINITY;

  for (guint i = 0; i < bars->len; i++)
    {
      double d = fabs (g_array_index (bars, WhaleGexBar, i).strike - value);

      if (d < best_distance)
        best_distance = d, best = i;
    }
  return best;
}

static void
compute_geometry (WhaleStrikeChart *self,
                  PangoLayout      *layout,
                  double            width,
                  double            height,
                  Geometry         *g)
{
  int n_rows, n_fit, center, text_w, text_h;
  double spot = self->levels.spot;

  text_size (layout, "0000.00", &text_w, &text_h);
  g->text_height = text_h;
  g->left = text_w + 2 * PAD + 4;
  g->right = width - PAD;
  g->top = text_h + 2 * PAD;           /* the legend */
  g->bottom = height - text_h - PAD;   /* the $ axis */
  g->first = 0;
  g->last = -1;
  g->row_height = 0;
  g->max_abs = 1;

  if (self->bars->len == 0 || g->bottom - g->top < MIN_ROW_HEIGHT || g->right <= g->left)
    return;

  n_fit = MAX (1, (int) floor ((g->bottom - g->top) / MIN_ROW_HEIGHT));
  n_rows = MIN (n_fit, (int) self->bars->len);
  center = isfinite (spot) ? nearest_index (self->bars, spot) : (int) self->bars->len / 2;
  g->first = CLAMP (center - n_rows / 2, 0, (int) self->bars->len - n_rows);
  g->last = g->first + n_rows - 1;
  g->row_height = MIN (MAX_ROW_HEIGHT, (g->bottom - g->top) / n_rows);
  /* Few strikes: keep the rows compact and the block centred. */
  g->top += ((g->bottom - g->top) - g->row_height * n_rows) / 2;
  g->bottom = g->top + g->row_height * n_rows;

  g->max_abs = 0;
  for (int i = g->first; i <= g->last; i++)
    {
      const WhaleGexBar *bar = &g_array_index (self->bars, WhaleGexBar, i);

      /* Weighted by trade direction, calls can be negative and puts positive. */
      g->max_abs = MAX (g->max_abs, MAX (fabs (bar->call), fabs (bar->put)));
      g->max_abs = MAX (g->max_abs, fabs (bar->call + bar->put));
    }
  /* Headroom: the longest bar stops short of the edge. */
  g->max_abs = g->max_abs > 0 ? g->max_abs * 1.06 : 1;
}

static double
row_center (const Geometry *g,
            int             i)
{
  return g->top + (g->last - i + 0.5) * g->row_height;
}

/* The y of a price between the shown strikes (rows are evenly spaced, strikes may
 * not be); NaN when it is outside them. */
static double
price_y (WhaleStrikeChart *self,
         const Geometry   *g,
         double            price)
{
  if (!isfinite (price) || g->first > g->last)
    return NAN;
  for (int i = g->first; i < g->last; i++)
    {
      double a = g_array_index (self->bars, WhaleGexBar, i).strike;
      double b = g_array_index (self->bars, WhaleGexBar, i + 1).strike;

      if (price >= a && price <= b)
        return row_center (g, i) + (row_center (g, i + 1) - row_center (g, i)) * (price - a) / (b - a);
    }
  if (fabs (price - g_array_index (self->bars, WhaleGexBar, g->first).strike) < 1e-9)
    return row_center (g, g->first);
  return NAN;
}

/* Where the spot and flip tags sit on the strike axis (NaN: no tag); the flip's is moved
 * off the spot's when they would overlap. */
static void
tag_ys (WhaleStrikeChart *self,
        const Geometry   *g,
        double           *spot_y,
        double           *flip_y)
{
  *spot_y = price_y (self, g, self->levels.spot);
  *flip_y = price_y (self, g, self->levels.flip);
  if (isfinite (*spot_y))
    *spot_y = round (*spot_y) + 0.5;
  if (isfinite (*flip_y))
    *flip_y = round (*flip_y) + 0.5;
  if (isfinite (*flip_y) && isfinite (*spot_y) && fabs (*flip_y - *spot_y) < g->text_height + 2)
    *flip_y = *spot_y + (self->levels.flip > self->levels.spot ? -1 : 1) * (g->text_height + 2);
}

static double
value_x (const Geometry *g,
         double          value)
{
  double mid = (g->left + g->right) / 2;

  return mid + value / g->max_abs * (g->right - g->left) / 2;
}

static void
draw_legend (cairo_t        *cr,
             PangoLayout    *layout,
             const Palette  *p,
             double          x,
             double          y,
             double          max_x,
             const char     *weight)
{
  const WhaleChartLegendItem items[] = {
    { _("Calls"), &p->call, p->fill_alpha, WHALE_CHART_SWATCH_BOX },
    { _("Puts"), &p->put, p->fill_alpha, WHALE_CHART_SWATCH_BOX },
    { _("Net"), &p->call, 1, WHALE_CHART_SWATCH_NET },
    { _("Spot"), &p->spot, 1, WHALE_CHART_SWATCH_LINE },
    { _("Flip"), &p->flip, 1, WHALE_CHART_SWATCH_DASHED },
  };
  int w, h;

  if (!whale_chart_draw_legend (cr, layout, p, items, G_N_ELEMENTS (items), &x, y, max_x))
    return;
  text_size (layout, weight, &w, &h);
  if (x + w > max_x)
    return;
  set_color (cr, &p->fg, 0.55);
  draw_text (cr, layout, weight, x, y, 0, 0);
}

static void
draw_chart (GtkWidget *widget,
            cairo_t   *cr,
            double     width,
            double     height)
{
  WhaleStrikeChart *self = WHALE_STRIKE_CHART (widget);
  g_autoptr(PangoLayout) layout = small_layout (widget, FALSE);
  g_autoptr(PangoLayout) bold = small_layout (widget, TRUE);
  g_autofree char *per = g_strdup_printf (_("by %s, $ per 1%% move"), weight_name (self->weight));
  Palette p;
  Geometry g;
  double mid, step, bar_h, spot_y, flip_y;
  gboolean oi;
  int n_ticks;

  get_palette (widget, &p);
  compute_geometry (self, layout, width, height, &g);
  draw_legend (cr, layout, &p, MIN (g.left, PAD + 40), PAD, width - PAD, per);

  if (g.first > g.last)
    {
      set_color (cr, &p.fg, 0.55);
      draw_text (cr, layout, _("No strikes yet"), width / 2, height / 2, 0.5, 0.5);
      return;
    }

  mid = value_x (&g, 0);

  /* Grid and $ axis: symmetric round steps. */
  n_ticks = MAX (1, (int) ((g.right - g.left) / 2 / 70));
  step = nice_step (g.max_abs / 1.06, n_ticks);
  /* At least one labelled step each side of zero, even when narrow. */
  while (step > g.max_abs && step > 0)
    step /= 2;
  cairo_set_line_width (cr, 1);
  for (double v = 0; v <= g.max_abs * 1.0001; v += step)
    for (int s = (v == 0 ? 1 : -1); s <= 1; s += 2)
      {
        double x = round (value_x (&g, s * v)) + 0.5;
        g_autofree char *label = whale_format_money_short (s * v);
        int w, h;

        whale_chart_draw_rule (cr, &p, v == 0 ? 0.35 : 0.08, x, g.top, x, g.bottom);
        set_color (cr, &p.fg, 0.6);
        /* The outermost label ends at the widget's edge rather than past it ("$20"). */
        text_size (layout, label, &w, &h);
        draw_text (cr, layout, label, CLAMP (x, w / 2.0, width - w / 2.0), g.bottom + 3, 0.5, 0);
      }

  /* Rows: hover band, call and put bars, the net bar over them, the strike label (but
   * none half hidden under a tag, as on a trading chart's price axis). */
  tag_ys (self, &g, &spot_y, &flip_y);
  bar_h = MAX (3, g.row_height * 0.72);
  for (int i = g.first; i <= g.last; i++)
    {
      const WhaleGexBar *bar = &g_array_index (self->bars, WhaleGexBar, i);
      double cy = row_center (&g, i);
      double net = bar->call + bar->put;
      double net_h = MAX (2, g.row_height * 0.3);
      g_autofree char *label = whale_format_strike (bar->strike);
      gboolean is_wall = bar->strike == self->levels.call_wall || bar->strike == self->levels.put_wall;

      if (i == self->hover)
        {
          set_color (cr, &p.fg, 0.08);
          cairo_rectangle (cr, 0, cy - g.row_height / 2, width, g.row_height);
          cairo_fill (cr);
        }

      set_color (cr, &p.call, p.fill_alpha);
      cairo_rectangle (cr, mid, cy - bar_h / 2, value_x (&g, bar->call) - mid, bar_h);
      cairo_fill (cr);
      set_color (cr, &p.put, p.fill_alpha);
      cairo_rectangle (cr, value_x (&g, bar->put), cy - bar_h / 2, mid - value_x (&g, bar->put), bar_h);
      cairo_fill (cr);
      set_color (cr, net >= 0 ? &p.call : &p.put, 1);
      cairo_rectangle (cr, MIN (mid, value_x (&g, net)), cy - net_h / 2, fabs (value_x (&g, net) - mid), net_h);
      cairo_fill (cr);

      if ((isfinite (spot_y) && fabs (cy - spot_y) < g.text_height * WHALE_CHART_TAG_CLEARANCE)
          || (isfinite (flip_y) && fabs (cy - flip_y) < g.text_height * WHALE_CHART_TAG_CLEARANCE))
        continue;
      set_color (cr, &p.fg, is_wall ? 0.95 : 0.65);
      draw_text (cr, is_wall ? bold : layout, label, g.left - PAD - 4, cy, 1, 0.5);
    }

  /* Spot and flip: lines across the plot, tags on the strike axis (tag_ys()). */
  {
    struct { double price; const GdkRGBA *color; gboolean dashed; double tag_y; } lines[] = {
      { self->levels.flip, &p.flip, TRUE, flip_y },
      { self->levels.spot, &p.spot, FALSE, spot_y },
    };

    for (guint l = 0; l < G_N_ELEMENTS (lines); l++)
      {
        static const double dash[] = { 5, 3 };
        double y = price_y (self, &g, lines[l].price);
        g_autofree char *text = NULL;

        if (isnan (y))
          continue;
        y = round (y) + 0.5;
        set_color (cr, lines[l].color, 1);
        cairo_set_line_width (cr, 1.5);
        cairo_set_dash (cr, dash, lines[l].dashed ? 2 : 0, 0);
        cairo_move_to (cr, g.left - 2, y);
        cairo_line_to (cr, g.right, y);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);
        text = g_strdup_printf ("%.2f", lines[l].price);
        draw_tag (cr, bold, text, g.left - 2, lines[l].tag_y, lines[l].color);
      }
  }

  oi = self->weight == WHALE_GEX_WEIGHT_OI;
  /* Wall and magnet labels at the right edge of their rows, over the lines. Labels of
   * rows closer than a text height would overlap: those that would are stacked a text
   * height apart, the stack centred on their rows and kept inside the plot. A level past
   * the strikes that fit is not left out: its label, with an arrow and its strike,
   * stands at the plot's top or bottom edge. So does the flip's, past them. */
  {
    struct {
      double strike; const char *label; const GdkRGBA *color; double row_y, top; char *text;
    } marks[] = {
      /* The levels are open interest's (UW-PROTOCOL.md) whichever bars are shown: over
       * the volume or direction bars, the labels say so. */
      { self->levels.call_wall, oi ? _("Call wall") : _("Call wall (OI)"), &p.call,
        NAN, NAN, NULL },
      { self->levels.put_wall, oi ? _("Put wall") : _("Put wall (OI)"), &p.put,
        NAN, NAN, NULL },
      { self->levels.magnet, oi ? _("Magnet") : _("Magnet (OI)"), &p.fg, NAN, NAN, NULL },
      /* The flip only when its line is past the strikes shown. */
      { isnan (flip_y) ? self->levels.flip : NAN, _("Flip"), &p.flip, NAN, NAN, NULL },
    };
    guint order[G_N_ELEMENTS (marks)];
    guint n = 0;
    int w, h;

    text_size (bold, "Ag", &w, &h);
    for (guint m = 0; m < G_N_ELEMENTS (marks); m++)
      {
        int i;

        if (isnan (marks[m].strike)
            || (m == 2 && (marks[m].strike == self->levels.call_wall
                           || marks[m].strike == self->levels.put_wall)))
          continue;
        i = nearest_index (self->bars, marks[m].strike);
        if (i < 0)
          continue;
        if (i >= g.first && i <= g.last && m != 3)
          {
            g_autofree char *strike = whale_format_strike (marks[m].strike);

            /* With its strike: the spot or flip tag can cover the strike's axis label. */
            marks[m].row_y = row_center (&g, i);
            /* Translators: a level on the chart: "Call wall", 600 */
            marks[m].text = g_strdup_printf (_("%s %s"), marks[m].label, strike);
          }
        else
          {
            g_autofree char *price = m == 3 ? g_strdup_printf ("%.2f", marks[m].strike)
                                            : whale_format_strike (marks[m].strike);
            gboolean above = marks[m].strike > g_array_index (self->bars, WhaleGexBar,
                                                              g.last).strike;

            /* Translators: a level past the chart's strikes: an arrow, "Call wall", 600 */
            marks[m].text = g_strdup_printf (_("%s %s %s"), above ? "↑" : "↓", marks[m].label,
                                             price);
            marks[m].row_y = above ? g.top + h / 2.0 : g.bottom - h / 2.0;
          }
        marks[m].top = marks[m].row_y - h / 2.0;
        /* In order down the plot (insertion sort: four at most). */
        order[n] = m;
        for (guint k = n++; k > 0 && marks[order[k - 1]].top > marks[order[k]].top; k--)
          {
            guint swap = order[k];

            order[k] = order[k - 1];
            order[k - 1] = swap;
          }
      }
    /* Stacks: a label that would overlap the one above joins its stack, which is laid
     * out again around the mean of its rows. That can reach a stack further up: a few
     * passes settle it (four labels at most). */
    for (guint pass = 0; pass < n; pass++)
      {
        gboolean moved = FALSE;

        for (guint k = 1, first = 0; k < n; k++)
          {
            double mean = 0, top;

            if (marks[order[k]].top >= marks[order[k - 1]].top + h - 0.5)
              {
                first = k;
                continue;
              }
            for (guint j = first; j <= k; j++)
              mean += marks[order[j]].row_y;
            mean /= k - first + 1;
            top = mean - (k - first + 1) * h / 2.0;
            /* Inside the plot, its top first when the stack is taller than the plot. */
            top = MAX (g.top, MIN (top, g.bottom - (k - first + 1) * h));
            for (guint j = first; j <= k; j++)
              marks[order[j]].top = top + (j - first) * h;
            moved = TRUE;
          }
        if (!moved)
          break;
      }

    for (guint k = 0; k < n; k++)
      {
        guint m = order[k];
        double top = round (marks[m].top);

        text_size (bold, marks[m].text, &w, &h);
        /* Outlined in the background colour: the label sits over the bars. */
        cairo_move_to (cr, round (g.right - w), top);
        pango_cairo_layout_path (cr, bold);
        set_color (cr, &p.halo, 0.85);
        cairo_set_line_width (cr, 3);
        cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke (cr);
        set_color (cr, marks[m].color, 1);
        draw_text (cr, bold, marks[m].text, g.right, top, 1, 0);
      }
    for (guint m = 0; m < G_N_ELEMENTS (marks); m++)
      g_free (marks[m].text);
  }
}

static void
whale_strike_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  whale_chart_snapshot (widget, snapshot, draw_chart);
}

static int
index_at (GtkWidget *widget,
          double     x,
          double     y)
{
  WhaleStrikeChart *self = WHALE_STRIKE_CHART (widget);
  g_autoptr(PangoLayout) layout = small_layout (GTK_WIDGET (self), FALSE);
  Geometry g;
  int i;

  compute_geometry (self, layout, gtk_widget_get_width (GTK_WIDGET (self)),
                    gtk_widget_get_height (GTK_WIDGET (self)), &g);
  if (g.first > g.last || y < g.top || y >= g.bottom || x < 0)
    return -1;
  i = g.last - (int) floor ((y - g.top) / g.row_height);
  return i >= g.first && i <= g.last ? i : -1;
}

char *
whale_strike_chart_dup_text_at (WhaleStrikeChart *self,
                                double            x,
                                double            y)
{
  const WhaleGexBar *bar;
  g_autofree char *strike = NULL;
  g_autofree char *call = NULL;
  g_autofree char *put = NULL;
  g_autofree char *net = NULL;
  int i;

  g_return_val_if_fail (WHALE_IS_STRIKE_CHART (self), NULL);

  i = index_at (GTK_WIDGET (self), x, y);
  if (i < 0)
    return NULL;
  bar = &g_array_index (self->bars, WhaleGexBar, i);
  strike = whale_format_strike (bar->strike);
  call = whale_format_money (bar->call);
  put = whale_format_money (bar->put);
  net = whale_format_money (bar->call + bar->put);
  /* Translators: the hover text of one strike's bars; values are $ per 1 % move */
  return g_strdup_printf (_("Strike %s (by %s)\nCalls %s\nPuts %s\nNet %s / 1%%"),
                          strike, weight_name (self->weight), call, put, net);
}

static gboolean
whale_strike_chart_query_tooltip (GtkWidget  *widget,
                                  int         x,
                                  int         y,
                                  gboolean    keyboard,
                                  GtkTooltip *tooltip)
{
  g_autofree char *text = whale_strike_chart_dup_text_at (WHALE_STRIKE_CHART (widget), x, y);

  return whale_chart_set_tooltip (tooltip, text);
}

static void
update_summary (WhaleStrikeChart *self)
{
  g_autofree char *call_wall = level_text (self->levels.call_wall);
  g_autofree char *put_wall = level_text (self->levels.put_wall);
  g_autofree char *magnet = level_text (self->levels.magnet);
  g_autofree char *flip = isnan (self->levels.flip) ? g_strdup (_("none"))
                          : g_strdup_printf ("%.2f", self->levels.flip);
  g_autofree char *spot = whale_format_price (self->levels.spot);
  const char *ticker = self->board != NULL ? whale_gex_board_get_ticker (self->board) : "";

  g_free (self->summary);
  if (self->bars->len == 0)
    self->summary = g_strdup_printf (_("Net gamma by strike for %s: no data yet"), ticker);
  else
    self->summary = g_strdup_printf (_("Net gamma by strike for %s, by %s, %u strikes: spot %s, "
                                       "call wall %s, put wall %s, flip %s, magnet %s"),
                                     ticker, weight_name (self->weight), self->bars->len, spot,
                                     call_wall, put_wall, flip, magnet);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary,
                                  -1);
}

static void
refresh (WhaleStrikeChart *self)
{
  g_clear_pointer (&self->bars, g_array_unref);
  if (self->board != NULL)
    {
      self->bars = whale_gex_board_dup_bars (self->board, self->weight);
      self->levels = *whale_gex_board_get_levels (self->board);
      /* The spot line follows the latest price, the levels the last burst. */
      if (isfinite (whale_gex_board_get_spot (self->board)))
        self->levels.spot = whale_gex_board_get_spot (self->board);
    }
  else
    {
      self->bars = g_array_new (FALSE, FALSE, sizeof (WhaleGexBar));
      self->levels = (WhaleGexLevels) { NAN, NAN, NAN, NAN, NAN, 0, 0 };
    }
  self->hover = -1;
  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GtkWidget *
whale_strike_chart_new (void)
{
  return g_object_new (WHALE_TYPE_STRIKE_CHART, NULL);
}

WhaleGexBoard *
whale_strike_chart_get_board (WhaleStrikeChart *self)
{
  g_return_val_if_fail (WHALE_IS_STRIKE_CHART (self), NULL);

  return self->board;
}

void
whale_strike_chart_set_board (WhaleStrikeChart *self,
                              WhaleGexBoard    *board)
{
  g_return_if_fail (WHALE_IS_STRIKE_CHART (self));
  g_return_if_fail (board == NULL || WHALE_IS_GEX_BOARD (board));

  if (self->board == board)
    return;
  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_set_object (&self->board, board);
  if (board != NULL)
    g_signal_connect_object (board, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOARD]);
}

WhaleGexWeight
whale_strike_chart_get_weight (WhaleStrikeChart *self)
{
  g_return_val_if_fail (WHALE_IS_STRIKE_CHART (self), WHALE_GEX_WEIGHT_OI);

  return self->weight;
}

void
whale_strike_chart_set_weight (WhaleStrikeChart *self,
                               WhaleGexWeight    weight)
{
  g_return_if_fail (WHALE_IS_STRIKE_CHART (self));
  g_return_if_fail (weight <= WHALE_GEX_WEIGHT_DIR);

  if (self->weight == weight)
    return;
  self->weight = weight;
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WEIGHT]);
}

const char *
whale_strike_chart_get_summary (WhaleStrikeChart *self)
{
  g_return_val_if_fail (WHALE_IS_STRIKE_CHART (self), NULL);

  return self->summary;
}

static void
whale_strike_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  /* Small is fine: fewer strikes are shown. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 420;
}

static void
whale_strike_chart_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (whale_strike_chart_parent_class)->css_changed (widget, change);
  /* Light/dark switches change the text colour the palette derives from. */
  gtk_widget_queue_draw (widget);
}

static void
whale_strike_chart_dispose (GObject *object)
{
  WhaleStrikeChart *self = WHALE_STRIKE_CHART (object);

  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_clear_object (&self->board);

  G_OBJECT_CLASS (whale_strike_chart_parent_class)->dispose (object);
}

static void
whale_strike_chart_finalize (GObject *object)
{
  WhaleStrikeChart *self = WHALE_STRIKE_CHART (object);

  g_clear_pointer (&self->bars, g_array_unref);
  g_free (self->summary);

  G_OBJECT_CLASS (whale_strike_chart_parent_class)->finalize (object);
}

static void
whale_strike_chart_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WhaleStrikeChart *self = WHALE_STRIKE_CHART (object);

  switch (prop_id)
    {
    case PROP_BOARD:
      g_value_set_object (value, self->board);
      break;
    case PROP_WEIGHT:
      g_value_set_uint (value, self->weight);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_strike_chart_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  WhaleStrikeChart *self = WHALE_STRIKE_CHART (object);

  switch (prop_id)
    {
    case PROP_BOARD:
      whale_strike_chart_set_board (self, g_value_get_object (value));
      break;
    case PROP_WEIGHT:
      whale_strike_chart_set_weight (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_strike_chart_class_init (WhaleStrikeChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = whale_strike_chart_dispose;
  object_class->finalize = whale_strike_chart_finalize;
  object_class->get_property = whale_strike_chart_get_property;
  object_class->set_property = whale_strike_chart_set_property;

  widget_class->snapshot = whale_strike_chart_snapshot;
  widget_class->measure = whale_strike_chart_measure;
  widget_class->query_tooltip = whale_strike_chart_query_tooltip;
  widget_class->css_changed = whale_strike_chart_css_changed;

  properties[PROP_BOARD] =
    g_param_spec_object ("board", NULL, NULL, WHALE_TYPE_GEX_BOARD,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* A WhaleGexWeight. */
  properties[PROP_WEIGHT] =
    g_param_spec_uint ("weight", NULL, NULL, WHALE_GEX_WEIGHT_OI, WHALE_GEX_WEIGHT_DIR,
                       WHALE_GEX_WEIGHT_OI,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "strike-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
whale_strike_chart_init (WhaleStrikeChart *self)
{
  whale_chart_track_pointer (GTK_WIDGET (self), &self->hover, index_at);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Gamma by strike"),
                                  -1);
  refresh (self);
}
