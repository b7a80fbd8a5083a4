/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-session-chart"

#include "config.h"

#include "whale-session-chart.h"

#include <glib/gi18n.h>
#include <math.h>

#include "whale-chart-private.h"
#include "whale-format.h"

#define PAD 6.0
/* The x axis spans at least this much, so the first points do not fill the width. */
#define MIN_SPAN_MS (60 * 1000)

struct _WhaleSessionChart
{
  GtkWidget      parent_instance;

  WhaleGexBoard *board;
  char          *summary;
  int            hover;   /* point index under the pointer, -1 = none */
};

G_DEFINE_FINAL_TYPE (WhaleSessionChart, whale_session_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BOARD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  double left, right, top, bottom;
  gint64 t0, t1;
  double g_min, g_max;      /* total gamma axis (left) */
  double p_min, p_max;      /* price axis (right) */
  double text_height;
} Geometry;

static GArray *
series (WhaleSessionChart *self)
{
  return self->board != NULL ? whale_gex_board_get_series (self->board) : NULL;
}

static guint
n_points (WhaleSessionChart *self)
{
  GArray *points = series (self);

  return points != NULL ? points->len : 0;
}

static const WhaleGexPoint *
point (WhaleSessionChart *self,
       guint              i)
{
  return &g_array_index (series (self), WhaleGexPoint, i);
}

/* What the right axis draws of @pt: its price (@series_i 0) or its flip (1). */
static double
series_value (const WhaleGexPoint *pt,
              int                  series_i)
{
  return series_i == 0 ? pt->spot : pt->flip;
}

static void
compute_geometry (WhaleSessionChart *self,
                  PangoLayout       *layout,
                  double             width,
                  double             height,
                  Geometry          *g)
{
  int money_w, price_w, h;
  guint n = n_points (self);

  text_size (layout, "−$00.0B", &money_w, &h);
  text_size (layout, "0000.00", &price_w, &h);
  g->text_height = h;
  g->left = money_w + 2 * PAD;
  g->right = width - price_w - 2 * PAD;
  g->top = h + 3 * PAD;
  g->bottom = height - h - PAD - 2;
  g->g_min = 0;
  g->g_max = 0;
  g->p_min = INFINITY;
  g->p_max = -INFINITY;
  g->t0 = n > 0 ? point (self, 0)->time_ms : 0;
  g->t1 = n > 0 ? point (self, n - 1)->time_ms : 0;
  g->t1 = MAX (g->t1, g->t0 + MIN_SPAN_MS);

  for (guint i = 0; i < n; i++)
    {
      const WhaleGexPoint *pt = point (self, i);

      if (isfinite (pt->net_gamma_oi))
        {
          g->g_min = MIN (g->g_min, pt->net_gamma_oi);
          g->g_max = MAX (g->g_max, pt->net_gamma_oi);
        }
      if (isfinite (pt->spot))
        {
          g->p_min = MIN (g->p_min, pt->spot);
          g->p_max = MAX (g->p_max, pt->spot);
        }
      if (isfinite (pt->flip))
        {
          g->p_min = MIN (g->p_min, pt->flip);
          g->p_max = MAX (g->p_max, pt->flip);
        }
    }
  if (g->g_max - g->g_min <= 0)
    g->g_max = g->g_min + 1;
  {
    double pad = (g->g_max - g->g_min) * 0.08;

    g->g_max += g->g_max > 0 ? pad : 0;
    g->g_min -= g->g_min < 0 ? pad : 0;
  }
  if (!isfinite (g->p_min))
    g->p_min = 0, g->p_max = 1;
  {
    /* At least ±0.1 % of price, so a flat session is not a wild line. */
    double span = MAX (g->p_max - g->p_min, g->p_max * 0.002);
    double mid = (g->p_max + g->p_min) / 2;

    g->p_min = mid - span * 0.6;
    g->p_max = mid + span * 0.6;
  }
}

static double
time_x (const Geometry *g,
        gint64          t)
{
  return g->left + (double) (t - g->t0) / (double) (g->t1 - g->t0) * (g->right - g->left);
}

static double
gamma_y (const Geometry *g,
         double          v)
{
  return g->bottom - (v - g->g_min) / (g->g_max - g->g_min) * (g->bottom - g->top);
}

static double
price_y (const Geometry *g,
         double          v)
{
  return g->bottom - (v - g->p_min) / (g->p_max - g->p_min) * (g->bottom - g->top);
}

/* A round time step for about @n labels: seconds to hours. */
static gint64
time_step (gint64 span,
           int    n)
{
  static const gint64 steps[] = {
    10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000, 7200000,
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span / steps[i] <= n)
      return steps[i];
  return 14400000;
}

static void
draw_legend (cairo_t       *cr,
             PangoLayout   *layout,
             const Palette *p,
             double         x,
             double         y,
             double         max_x)
{
  const WhaleChartLegendItem items[] = {
    { _("Total gamma (OI)"), &p->call, 0.45, WHALE_CHART_SWATCH_BOX },
    { _("Price"), &p->spot, 1, WHALE_CHART_SWATCH_LINE },
    { _("Flip"), &p->flip, 1, WHALE_CHART_SWATCH_DASHED },
  };

  whale_chart_draw_legend (cr, layout, p, items, G_N_ELEMENTS (items), &x, y, max_x);
}

static void
end_gamma_segment (cairo_t        *cr,
                   const Geometry *g,
                   gboolean        closed,
                   double          first_x,
                   double          last_x)
{
  if (closed)
    {
      cairo_line_to (cr, last_x, gamma_y (g, 0));
      cairo_line_to (cr, first_x, gamma_y (g, 0));
      cairo_close_path (cr);
    }
}

/* One segment per stretch the ticker was watched: none across the time between. */
static void
gamma_path (WhaleSessionChart *self,
            cairo_t           *cr,
            const Geometry    *g,
            gboolean           closed)
{
  guint n = n_points (self);
  gboolean started = FALSE, gap = FALSE;
  double first_x = 0, last_x = 0;

  for (guint i = 0; i < n; i++)
    {
      const WhaleGexPoint *pt = point (self, i);
      double x = time_x (g, pt->time_ms);

      /* A resumed point without a total still marks the gap. */
      gap |= pt->resumed;
      if (!isfinite (pt->net_gamma_oi))
        continue;
      if (started && gap)
        {
          end_gamma_segment (cr, g, closed, first_x, last_x);
          started = FALSE;
        }
      gap = FALSE;
      if (!started)
        {
          first_x = x;
          if (closed)
            {
              cairo_move_to (cr, x, gamma_y (g, 0));
              cairo_line_to (cr, x, gamma_y (g, pt->net_gamma_oi));
            }
          else
            cairo_move_to (cr, x, gamma_y (g, pt->net_gamma_oi));
          started = TRUE;
        }
      else
        cairo_line_to (cr, x, gamma_y (g, pt->net_gamma_oi));
      last_x = x;
    }
  if (started)
    end_gamma_segment (cr, g, closed, first_x, last_x);
}

static void
draw_chart (GtkWidget *widget,
            cairo_t   *cr,
            double     width,
            double     height)
{
  WhaleSessionChart *self = WHALE_SESSION_CHART (widget);
  g_autoptr(PangoLayout) layout = small_layout (widget, FALSE);
  g_autoptr(PangoLayout) bold = small_layout (widget, TRUE);
  guint n = n_points (self);
  Palette p;
  Geometry g;
  double zero_y, step, tag_y;

  get_palette (widget, &p);
  compute_geometry (self, layout, width, height, &g);
  draw_legend (cr, layout, &p, MIN (g.left, PAD + 40), PAD, width - PAD);

  if (n == 0 || g.right <= g.left || g.bottom <= g.top)
    {
      set_color (cr, &p.fg, 0.55);
      draw_text (cr, layout, _("No updates yet"), width / 2, height / 2, 0.5, 0.5);
      return;
    }

  /* Left axis: total gamma, round steps including zero. */
  cairo_set_line_width (cr, 1);
  step = nice_step (g.g_max - g.g_min, MAX (2, (int) ((g.bottom - g.top) / 40)));
  for (double v = ceil (g.g_min / step) * step; v <= g.g_max; v += step)
    {
      double y = round (gamma_y (&g, v)) + 0.5;
      g_autofree char *label = whale_format_money_short (fabs (v) < step / 2 ? 0 : v);

      whale_chart_draw_rule (cr, &p, fabs (v) < step / 2 ? 0.35 : 0.08, g.left, y, g.right, y);
      set_color (cr, &p.fg, 0.6);
      draw_text (cr, layout, label, g.left - PAD, y, 1, 0.5);
    }

  /* Right axis: price; no label half hidden under the latest price's tag. */
  tag_y = isfinite (point (self, n - 1)->spot) ? price_y (&g, point (self, n - 1)->spot) : NAN;
  step = nice_step (g.p_max - g.p_min, MAX (2, (int) ((g.bottom - g.top) / 40)));
  for (double v = ceil (g.p_min / step) * step; v <= g.p_max; v += step)
    {
      g_autofree char *label = g_strdup_printf ("%.2f", v);
      int w, h;

      text_size (layout, label, &w, &h);
      if (isfinite (tag_y) && fabs (price_y (&g, v) - tag_y) < h * WHALE_CHART_TAG_CLEARANCE)
        continue;
      set_color (cr, &p.spot, 0.9);
      draw_text (cr, layout, label, g.right + PAD, price_y (&g, v), 0, 0.5);
    }

  /* Time axis. */
  {
    gint64 tstep = time_step (g.t1 - g.t0, MAX (2, (int) ((g.right - g.left) / 90)));
    gint64 t = (g.t0 + tstep - 1) / tstep * tstep;

    for (; t <= g.t1; t += tstep)
      {
        g_autoptr(GDateTime) dt = whale_format_date_time (t / 1000);
        g_autofree char *label = g_date_time_format (dt, tstep < 60000 ? "%H:%M:%S" : "%H:%M");
        double x = round (time_x (&g, t)) + 0.5;

        whale_chart_draw_rule (cr, &p, 0.08, x, g.top, x, g.bottom);
        set_color (cr, &p.fg, 0.6);
        draw_text (cr, layout, label, x, g.bottom + 3, 0.5, 0);
      }
  }

  /* Total gamma: green above zero, red below, the same path clipped twice. */
  zero_y = gamma_y (&g, 0);
  for (int side = 0; side < 2; side++)
    {
      const GdkRGBA *color = side == 0 ? &p.call : &p.put;

      cairo_save (cr);
      if (side == 0)
        cairo_rectangle (cr, g.left, g.top, g.right - g.left, zero_y - g.top);
      else
        cairo_rectangle (cr, g.left, zero_y, g.right - g.left, g.bottom - zero_y);
      cairo_clip (cr);
      gamma_path (self, cr, &g, TRUE);
      set_color (cr, color, 0.22);
      cairo_fill (cr);
      gamma_path (self, cr, &g, FALSE);
      set_color (cr, color, 0.9);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  /* Price and flip on the right axis; the flip line breaks where there was none, and
   * both where the ticker was not watched. A value alone between breaks is a dot: it
   * widened the axis, and a line of one point draws nothing. */
  for (int series_i = 0; series_i < 2; series_i++)
    {
      static const double dash[] = { 5, 3 };
      gboolean pen_down = FALSE;
      g_autoptr(GArray) dots = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));

      for (guint i = 0; i < n; i++)
        {
          const WhaleGexPoint *pt = point (self, i);
          double v = series_value (pt, series_i);
          graphene_point_t at;

          if (!isfinite (v))
            {
              pen_down = FALSE;
              continue;
            }
          at = GRAPHENE_POINT_INIT (time_x (&g, pt->time_ms), price_y (&g, v));
          if (pen_down && !pt->resumed)
            cairo_line_to (cr, at.x, at.y);
          else
            {
              const WhaleGexPoint *next = i + 1 < n ? point (self, i + 1) : NULL;

              cairo_move_to (cr, at.x, at.y);
              if (next == NULL || next->resumed || !isfinite (series_value (next, series_i)))
                g_array_append_val (dots, at);
            }
          pen_down = TRUE;
        }
      set_color (cr, series_i == 0 ? &p.spot : &p.flip, 1);
      cairo_set_line_width (cr, series_i == 0 ? 1.75 : 1.5);
      cairo_set_dash (cr, dash, series_i == 1 ? 2 : 0, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      for (guint i = 0; i < dots->len; i++)
        {
          graphene_point_t *at = &g_array_index (dots, graphene_point_t, i);

          cairo_new_sub_path (cr);
          cairo_arc (cr, at->x, at->y, 2.5, 0, 2 * G_PI);
        }
      cairo_fill (cr);
    }

  /* The latest price as a tag on its axis. */
  {
    const WhaleGexPoint *last = point (self, n - 1);

    if (isfinite (last->spot))
      {
        g_autofree char *text = g_strdup_printf ("%.2f", last->spot);
        int w, h;

        text_size (bold, text, &w, &h);
        draw_tag (cr, bold, text, g.right + PAD + w + 6, tag_y, &p.spot);
      }
  }

  if (self->hover >= 0 && (guint) self->hover < n)
    {
      const WhaleGexPoint *pt = point (self, self->hover);
      double x = round (time_x (&g, pt->time_ms)) + 0.5;

      cairo_set_line_width (cr, 1);
      whale_chart_draw_rule (cr, &p, 0.45, x, g.top, x, g.bottom);
      if (isfinite (pt->spot))
        {
          set_color (cr, &p.spot, 1);
          cairo_arc (cr, x, price_y (&g, pt->spot), 3.5, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      if (isfinite (pt->net_gamma_oi))
        {
          set_color (cr, pt->net_gamma_oi >= 0 ? &p.call : &p.put, 1);
          cairo_arc (cr, x, gamma_y (&g, pt->net_gamma_oi), 3.5, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
}

static void
whale_session_chart_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  whale_chart_snapshot (widget, snapshot, draw_chart);
}

static int
index_at (GtkWidget *widget,
          double     x,
          double     y)
{
  WhaleSessionChart *self = WHALE_SESSION_CHART (widget);
  g_autoptr(PangoLayout) layout = small_layout (GTK_WIDGET (self), FALSE);
  guint n = n_points (self);
  Geometry g;
  int best = -1;
  double best_d = INFINITY;

  compute_geometry (self, layout, gtk_widget_get_width (GTK_WIDGET (self)),
                    gtk_widget_get_height (GTK_WIDGET (self)), &g);
  if (n == 0 || x < g.left - PAD || x > g.right + PAD || y < g.top || y > g.bottom)
    return -1;
  for (guint i = 0; i < n; i++)
    {
      double d = fabs (time_x (&g, point (self, i)->time_ms) - x);

      if (d < best_d)
        best_d = d, best = i;
    }
  return best_d <= 24 ? best : -1;
}

char *
whale_session_chart_dup_text_at (WhaleSessionChart *self,
                                 double             x,
                                 double             y)
{
  const WhaleGexPoint *pt;
  g_autofree char *time = NULL;
  g_autofree char *gamma = NULL;
  g_autofree char *price = NULL;
  g_autofree char *flip = NULL;
  int i;

  g_return_val_if_fail (WHALE_IS_SESSION_CHART (self), NULL);

  i = index_at (GTK_WIDGET (self), x, y);
  if (i < 0)
    return NULL;
  pt = point (self, i);
  time = whale_format_time_ms (pt->time_ms);
  gamma = whale_format_money (pt->net_gamma_oi);
  price = whale_format_price (pt->spot);
  flip = isnan (pt->flip) ? g_strdup (_("none")) : whale_format_price (pt->flip);
  /* Translators: the hover text of one point of the session chart */
  return g_strdup_printf (_("%s\nTotal gamma %s / 1%%\nPrice %s\nFlip %s"), time, gamma, price, flip);
}

static gboolean
whale_session_chart_query_tooltip (GtkWidget  *widget,
                                   int         x,
                                   int         y,
                                   gboolean    keyboard,
                                   GtkTooltip *tooltip)
{
  g_autofree char *text = whale_session_chart_dup_text_at (WHALE_SESSION_CHART (widget), x, y);

  return whale_chart_set_tooltip (tooltip, text);
}

static void
refresh (WhaleSessionChart *self)
{
  guint n = n_points (self);
  const char *ticker = self->board != NULL ? whale_gex_board_get_ticker (self->board) : "";

  g_free (self->summary);
  if (n == 0)
    {
      self->summary = g_strdup_printf (_("Total gamma over the session for %s: no updates yet"), ticker);
    }
  else
    {
      const WhaleGexPoint *first = point (self, 0);
      const WhaleGexPoint *last = point (self, n - 1);
      g_autofree char *gamma = whale_format_money (last->net_gamma_oi);
      g_autofree char *gamma0 = whale_format_money (first->net_gamma_oi);
      g_autofree char *price = whale_format_price (last->spot);
      g_autofree char *flip = isnan (last->flip) ? g_strdup (_("none")) : whale_format_price (last->flip);

      self->summary = g_strdup_printf (_("Total gamma over the session for %s, %u updates: "
                                         "from %s to %s per 1%% move; price %s, flip %s"),
                                       ticker, n, gamma0, gamma, price, flip);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary,
                                  -1);
  if (self->hover >= (int) n)
    self->hover = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GtkWidget *
whale_session_chart_new (void)
{
  return g_object_new (WHALE_TYPE_SESSION_CHART, NULL);
}

WhaleGexBoard *
whale_session_chart_get_board (WhaleSessionChart *self)
{
  g_return_val_if_fail (WHALE_IS_SESSION_CHART (self), NULL);

  return self->board;
}

void
whale_session_chart_set_board (WhaleSessionChart *self,
                               WhaleGexBoard     *board)
{
  g_return_if_fail (WHALE_IS_SESSION_CHART (self));
  g_return_if_fail (board == NULL || WHALE_IS_GEX_BOARD (board));

  if (self->board == board)
    return;
  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_set_object (&self->board, board);
  if (board != NULL)
    g_signal_connect_object (board, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  self->hover = -1;
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOARD]);
}

const char *
whale_session_chart_get_summary (WhaleSessionChart *self)
{
  g_return_val_if_fail (WHALE_IS_SESSION_CHART (self), NULL);

  return self->summary;
}

static void
whale_session_chart_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 200;
}

static void
whale_session_chart_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (whale_session_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
whale_session_chart_dispose (GObject *object)
{
  WhaleSessionChart *self = WHALE_SESSION_CHART (object);

  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_clear_object (&self->board);

  G_OBJECT_CLASS (whale_session_chart_parent_class)->dispose (object);
}

static void
whale_session_chart_finalize (GObject *object)
{
  WhaleSessionChart *self = WHALE_SESSION_CHART (object);

  g_free (self->summary);

  G_OBJECT_CLASS (whale_session_chart_parent_class)->finalize (object);
}

static void
whale_session_chart_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  WhaleSessionChart *self = WHALE_SESSION_CHART (object);

  switch (prop_id)
    {
    case PROP_BOARD:
      g_value_set_object (value, self->board);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_session_chart_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  WhaleSessionChart *self = WHALE_SESSION_CHART (object);

  switch (prop_id)
    {
    case PROP_BOARD:
      whale_session_chart_set_board (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_session_chart_class_init (WhaleSessionChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = whale_session_chart_dispose;
  object_class->finalize = whale_session_chart_finalize;
  object_class->get_property = whale_session_chart_get_property;
  object_class->set_property = whale_session_chart_set_property;

  widget_class->snapshot = whale_session_chart_snapshot;
  widget_class->measure = whale_session_chart_measure;
  widget_class->query_tooltip = whale_session_chart_query_tooltip;
  widget_class->css_changed = whale_session_chart_css_changed;

  properties[PROP_BOARD] =
    g_param_spec_object ("board", NULL, NULL, WHALE_TYPE_GEX_BOARD,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "session-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
whale_session_chart_init (WhaleSessionChart *self)
{
  whale_chart_track_pointer (GTK_WIDGET (self), &self->hover, index_at);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Gamma over the session"),
                                  -1);
  refresh (self);
}
