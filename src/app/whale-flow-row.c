/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-flow-row"

#include "config.h"

#include "whale-flow-row.h"

#include "whale-format.h"
#include "whale-record.h"

#include <glib/gi18n.h>
#include <math.h>

/* GTK 4.8's column view builds ~200 rows of 16 cell widgets each and, when a row is
 * inserted among them (new alerts near the top of a sorted table, several a second),
 * renumbers, restyles and reallocates every cell after it: 5-20 ms a change. Here a row
 * is one widget that lays out and draws its cells itself, under the titles of a column
 * view that serves as the header (sorting, resizing, titles). */

#define CELL_PAD_X 5
#define CELL_PAD_Y 2

typedef enum
{
  LOOK_PLAIN,
  LOOK_DIM,
  LOOK_BOLD,
  LOOK_SMALL,
  LOOK_SIDE,      /* call or put colour */
  LOOK_SENTIMENT, /* bullish, bearish or dim */
  LOOK_PREMIUM,   /* bold; golden rows' premium in the warning colour */
} Look;

typedef struct
{
  const char *id;  /* in the "flow-hidden-columns" setting */
  int         nat_chars;
  float       xalign;
  Look        look;
} ColumnSpec;

static const ColumnSpec columns[WHALE_FLOW_N_COLUMNS] = {
  [WHALE_FLOW_COLUMN_TIME] = { "time", 7, 0, LOOK_DIM },
  [WHALE_FLOW_COLUMN_TICKER] = { "ticker", 6, 0, LOOK_BOLD },
  [WHALE_FLOW_COLUMN_TYPE] = { "type", 4, 0, LOOK_SIDE },
  [WHALE_FLOW_COLUMN_STRIKE] = { "strike", 7, 1, LOOK_SIDE },
  [WHALE_FLOW_COLUMN_EXPIRY] = { "expiry", 14, 0, LOOK_PLAIN },
  [WHALE_FLOW_COLUMN_PREMIUM] = { "premium", 6, 1, LOOK_PREMIUM },
  [WHALE_FLOW_COLUMN_SIZE] = { "size", 5, 1, LOOK_PLAIN },
  [WHALE_FLOW_COLUMN_PRICE] = { "price", 21, 1, LOOK_PLAIN },
  [WHALE_FLOW_COLUMN_SIDE] = { "side", 4, 1, LOOK_PLAIN },
  [WHALE_FLOW_COLUMN_SENTIMENT] = { "sentiment", 9, 0, LOOK_SENTIMENT },
  [WHALE_FLOW_COLUMN_SPOT] = { "spot", 7, 1, LOOK_PLAIN },
  [WHALE_FLOW_COLUMN_OTM] = { "otm", 6, 1, LOOK_PLAIN },
  [WHALE_FLOW_COLUMN_VOL_OI] = { "vol-oi", 6, 1, LOOK_PLAIN },
  [WHALE_FLOW_COLUMN_OI] = { "oi", 5, 1, LOOK_PLAIN },
  [WHALE_FLOW_COLUMN_RULE] = { "rule", 16, 0, LOOK_DIM },
  [WHALE_FLOW_COLUMN_FLAGS] = { "flags", 26, 0, LOOK_SMALL },
};

typedef enum
{
  TONE_NONE,
  TONE_GOOD,
  TONE_BAD,
} Tone;

struct _WhaleFlowRow
{
  GtkWidget       parent_instance;

  GtkColumnView  *header;   /* weak: the page keeps it */
  WhaleFlowAlert *alert;
  char           *texts[WHALE_FLOW_N_COLUMNS];
  PangoLayout    *layouts[WHALE_FLOW_N_COLUMNS];
  Tone            side_tone;
  Tone            sentiment_tone;
  gboolean        golden;
};

G_DEFINE_FINAL_TYPE (WhaleFlowRow, whale_flow_row, GTK_TYPE_WIDGET)

const char *
whale_flow_row_get_column_id (WhaleFlowColumn column)
{
  g_return_val_if_fail (column < WHALE_FLOW_N_COLUMNS, NULL);

  return columns[column].id;
}

int
whale_flow_row_get_nat_chars (WhaleFlowColumn column)
{
  g_return_val_if_fail (column < WHALE_FLOW_N_COLUMNS, 0);

  return columns[column].nat_chars;
}

/* The alert's fields the row reads, straight from the record (no GValue per cell). */
typedef enum
{
  FIELD_EXECUTED_AT,
  FIELD_TICKER,
  FIELD_OPTION_TYPE,
  FIELD_STRIKE,
  FIELD_EXPIRY,
  FIELD_DTE,
  FIELD_PREMIUM,
  FIELD_SIZE,
  FIELD_PRICE,
  FIELD_BID,
  FIELD_ASK,
  FIELD_SIDE,
  FIELD_ASK_VOL,
  FIELD_BID_VOL,
  FIELD_MID_VOL,
  FIELD_NO_SIDE_VOL,
  FIELD_SENTIMENT,
  FIELD_SPOT,
  FIELD_OTM,
  FIELD_VOL_OI,
  FIELD_OI,
  FIELD_RULE,
  FIELD_SWEEP,
  FIELD_FLOOR,
  FIELD_MULTILEG,
  FIELD_OPENING,
  FIELD_GOLDEN,
  N_FIELDS
} Field;

static const char *field_names[N_FIELDS] = {
  [FIELD_EXECUTED_AT] = "executed_at",
  [FIELD_TICKER] = "ticker",
  [FIELD_OPTION_TYPE] = "option_type",
  [FIELD_STRIKE] = "strike",
  [FIELD_EXPIRY] = "expiry",
  [FIELD_DTE] = "dte",
  [FIELD_PREMIUM] = "total_premium",
  [FIELD_SIZE] = "total_size",
  [FIELD_PRICE] = "price",
  [FIELD_BID] = "bid",
  [FIELD_ASK] = "ask",
  [FIELD_SIDE] = "side_percent",
  [FIELD_ASK_VOL] = "ask_vol",
  [FIELD_BID_VOL] = "bid_vol",
  [FIELD_MID_VOL] = "mid_vol",
  [FIELD_NO_SIDE_VOL] = "no_side_vol",
  [FIELD_SENTIMENT] = "sentiment",
  [FIELD_SPOT] = "underlying_price",
  [FIELD_OTM] = "percent_otm",
  [FIELD_VOL_OI] = "vol_oi",
  [FIELD_OI] = "open_interest",
  [FIELD_RULE] = "rule_name",
  [FIELD_SWEEP] = "sweep",
  [FIELD_FLOOR] = "has_floor",
  [FIELD_MULTILEG] = "has_multileg",
  [FIELD_OPENING] = "opening",
  [FIELD_GOLDEN] = "golden_sweep",
};

static const WhaleField *fields[N_FIELDS];

static void
lookup_fields (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      WhaleRecordClass *record_class = g_type_class_ref (WHALE_TYPE_FLOW_ALERT);

      for (guint i = 0; i < N_FIELDS; i++)
        {
          fields[i] = whale_record_class_find_field (record_class, field_names[i]);
          g_assert (fields[i] != NULL);
        }
      g_type_class_unref (record_class);
      g_once_init_leave (&done, 1);
    }
}

#define NUMBER(field) whale_record_get_number (WHALE_RECORD (alert), fields[field])
#define STRING(field) whale_record_get_string (WHALE_RECORD (alert), fields[field])

void
whale_flow_row_format_cells (WhaleFlowAlert *alert,
                             char           *texts[WHALE_FLOW_N_COLUMNS])
{
  char **t = texts;
  double executed_at;
  const char *ticker, *option_type;

  g_return_if_fail (WHALE_IS_FLOW_ALERT (alert));

  lookup_fields ();
  executed_at = NUMBER (FIELD_EXECUTED_AT);
  ticker = STRING (FIELD_TICKER);
  option_type = STRING (FIELD_OPTION_TYPE);
  t[WHALE_FLOW_COLUMN_TIME] = whale_format_time_ms (isnan (executed_at) ? 0 : (gint64) executed_at);
  t[WHALE_FLOW_COLUMN_TICKER] = g_strdup (ticker != NULL ? ticker : "");
  t[WHALE_FLOW_COLUMN_TYPE] = whale_format_option_type (option_type);
  t[WHALE_FLOW_COLUMN_STRIKE] = whale_format_strike_type (NUMBER (FIELD_STRIKE), option_type);
  t[WHALE_FLOW_COLUMN_EXPIRY] = whale_format_expiry (STRING (FIELD_EXPIRY), NUMBER (FIELD_DTE));
  t[WHALE_FLOW_COLUMN_PREMIUM] = whale_format_money (NUMBER (FIELD_PREMIUM));
  t[WHALE_FLOW_COLUMN_SIZE] = whale_format_count (NUMBER (FIELD_SIZE));
  t[WHALE_FLOW_COLUMN_PRICE] = whale_format_price_bid_ask (NUMBER (FIELD_PRICE), NUMBER (FIELD_BID),
                                                         NUMBER (FIELD_ASK));
  t[WHALE_FLOW_COLUMN_SIDE] = whale_format_side_percent (NUMBER (FIELD_SIDE));
  t[WHALE_FLOW_COLUMN_SENTIMENT] = whale_format_sentiment (STRING (FIELD_SENTIMENT));
  t[WHALE_FLOW_COLUMN_SPOT] = whale_format_price (NUMBER (FIELD_SPOT));
  t[WHALE_FLOW_COLUMN_OTM] = whale_format_percent (NUMBER (FIELD_OTM));
  t[WHALE_FLOW_COLUMN_VOL_OI] = whale_format_ratio (NUMBER (FIELD_VOL_OI));
  t[WHALE_FLOW_COLUMN_OI] = whale_format_count (NUMBER (FIELD_OI));
  t[WHALE_FLOW_COLUMN_RULE] = whale_format_rule (STRING (FIELD_RULE));
  t[WHALE_FLOW_COLUMN_FLAGS] = whale_format_flags (NUMBER (FIELD_SWEEP) != 0,
                                                   NUMBER (FIELD_FLOOR) != 0,
                                                   NUMBER (FIELD_MULTILEG) != 0,
                                                   NUMBER (FIELD_OPENING) != 0,
                                                   NUMBER (FIELD_GOLDEN) != 0);
}

static Tone
tone_of (const char *value,
         const char *good,
         const char *bad)
{
  return g_strcmp0 (value, good) == 0  ? TONE_GOOD
         : g_strcmp0 (value, bad) == 0 ? TONE_BAD
                                        : TONE_NONE;
}

static void
fill_texts (WhaleFlowRow   *self,
            WhaleFlowAlert *alert)
{
  whale_flow_row_format_cells (alert, self->texts);
  self->side_tone = tone_of (STRING (FIELD_OPTION_TYPE), "call", "put");
  self->sentiment_tone = tone_of (STRING (FIELD_SENTIMENT), "bullish", "bearish");
  self->golden = NUMBER (FIELD_GOLDEN) != 0;
}

#undef NUMBER
#undef STRING

static void
clear_texts (WhaleFlowRow *self)
{
  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    g_clear_pointer (&self->texts[i], g_free);
  self->side_tone = self->sentiment_tone = TONE_NONE;
  self->golden = FALSE;
}

/* The row widget the list view made for this one ("row"), which carries the golden
 * class so the row's background shows it. */
static void
mark_golden (WhaleFlowRow *self)
{
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (self));

  if (row == NULL)
    return;
  if (self->golden && !gtk_widget_has_css_class (row, "golden"))
    gtk_widget_add_css_class (row, "golden");
  else if (!self->golden && gtk_widget_has_css_class (row, "golden"))
    gtk_widget_remove_css_class (row, "golden");
}

/* The row is drawn, not made of labels: what a screen reader reads is its cells' texts,
 * in the columns' order, set once per alert. On the list's row too, which is what
 * takes the focus. */
static void
update_accessible_label (WhaleFlowRow *self)
{
  g_autoptr(GString) label = g_string_sized_new (160);
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (self));

  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    {
      if (self->texts[i] == NULL || self->texts[i][0] == '\0')
        continue;
      if (label->len > 0)
        g_string_append (label, ", ");
      g_string_append (label, self->texts[i]);
    }
  for (GtkWidget *widget = GTK_WIDGET (self); widget != NULL;
       widget = widget == row ? NULL : row)
    {
      if (label->len > 0)
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        label->str, -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }
}

void
whale_flow_row_set_alert (WhaleFlowRow   *self,
                          WhaleFlowAlert *alert)
{
  g_return_if_fail (WHALE_IS_FLOW_ROW (self));
  g_return_if_fail (alert == NULL || WHALE_IS_FLOW_ALERT (alert));

  if (self->alert == alert)
    return;
  g_set_object (&self->alert, alert);
  clear_texts (self);
  if (alert != NULL)
    fill_texts (self, alert);
  /* An unbound row is not drawn: its layouts keep their texts until the next alert. */
  if (alert != NULL)
    for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
      if (self->layouts[i] != NULL)
        pango_layout_set_text (self->layouts[i], self->texts[i], -1);
  update_accessible_label (self);
  mark_golden (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

WhaleFlowAlert *
whale_flow_row_get_alert (WhaleFlowRow *self)
{
  g_return_val_if_fail (WHALE_IS_FLOW_ROW (self), NULL);

  return self->alert;
}

const char *
whale_flow_row_get_cell_text (WhaleFlowRow   *self,
                              WhaleFlowColumn column)
{
  g_return_val_if_fail (WHALE_IS_FLOW_ROW (self), NULL);
  g_return_val_if_fail (column < WHALE_FLOW_N_COLUMNS, NULL);

  return self->texts[column];
}

GtkWidget *
whale_flow_row_get_first_title (GtkColumnView *header)
{
  GtkWidget *titles = header != NULL ? gtk_widget_get_first_child (GTK_WIDGET (header)) : NULL;

  /* GTK 4.8's header: a "header" widget with a title per column, in order. */
  if (titles == NULL || g_strcmp0 (gtk_widget_get_css_name (titles), "header") != 0)
    return NULL;
  return gtk_widget_get_first_child (titles);
}

static GtkWidget *
first_title (WhaleFlowRow *self)
{
  return whale_flow_row_get_first_title (self->header);
}

static void
whale_flow_row_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  WhaleFlowRow *self = WHALE_FLOW_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int width = 0;

      if (self->header != NULL)
        gtk_widget_measure (GTK_WIDGET (self->header), orientation, -1, &width, NULL, NULL, NULL);
      *minimum = *natural = width;
    }
  else
    {
      PangoContext *context = gtk_widget_get_pango_context (widget);
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
      int height = pango_font_metrics_get_height (metrics);

      if (height == 0)
        height = pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics);
      pango_font_metrics_unref (metrics);
      *minimum = *natural = PANGO_PIXELS_CEIL (height) + 2 * CELL_PAD_Y;
    }
}

/* A cell's layout as the rows draw it: @widget's font, tabular digits, the column's
 * weight and size. */
static PangoLayout *
new_cell_layout (GtkWidget       *widget,
                 WhaleFlowColumn  column,
                 const char      *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_alignment (layout, columns[column].xalign > 0.5 ? PANGO_ALIGN_RIGHT
                                                                   : PANGO_ALIGN_LEFT);
  /* Digits of one width, as the other tables' .numeric cells. */
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  if (columns[column].look == LOOK_BOLD || columns[column].look == LOOK_PREMIUM)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (columns[column].look == LOOK_SMALL)
    pango_attr_list_insert (attrs, pango_attr_scale_new (1 / 1.2));
  pango_layout_set_attributes (layout, attrs);
  return layout;
}

static PangoLayout *
ensure_layout (WhaleFlowRow   *self,
               WhaleFlowColumn column)
{
  if (self->layouts[column] == NULL)
    self->layouts[column] = new_cell_layout (GTK_WIDGET (self), column, self->texts[column]);
  return self->layouts[column];
}

/* How wide, in pixels as the rows draw them with @widget's font, a cell of @column can
 * get where its characters alone do not tell; 0 for the other columns. An expiry is as
 * long as the language's date makes it (German "28. Nov. 2027 (999d)", English
 * "May 28 ’27 (999d)"): every month of next year is measured, a LEAPS each. */
int
whale_flow_row_measure_widest (WhaleFlowColumn  column,
                               GtkWidget       *widget)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int widest = 0;

  g_return_val_if_fail (column < WHALE_FLOW_N_COLUMNS, 0);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), 0);

  if (column != WHALE_FLOW_COLUMN_EXPIRY)
    return 0;
  now = g_date_time_new_now_local ();
  layout = new_cell_layout (widget, column, NULL);
  for (int month = 1; month <= 12; month++)
    {
      g_autofree char *date = g_strdup_printf ("%04d-%02d-28", g_date_time_get_year (now) + 1,
                                               month);
      g_autofree char *text = whale_format_expiry (date, 999);
      int width;

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &width, NULL);
      widest = MAX (widest, width);
    }
  return widest;
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, name, color))
    gtk_style_context_get_color (context, color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
tone_color (GtkWidget *widget,
            Tone       tone,
            GdkRGBA   *color)
{
  if (tone == TONE_GOOD)
    lookup_color (widget, "success_color", color);
  else if (tone == TONE_BAD)
    lookup_color (widget, "error_color", color);
}

static void
whale_flow_row_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  WhaleFlowRow *self = WHALE_FLOW_ROW (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg;
  GtkWidget *title = first_title (self);

  if (self->alert == NULL)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS && title != NULL; i++, title = gtk_widget_get_next_sibling (title))
    {
      GtkAllocation cell;
      PangoLayout *layout;
      GdkRGBA color = fg;
      int text_width, text_height;

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_widget_get_allocation (title, &cell);
      G_GNUC_END_IGNORE_DEPRECATIONS
      if (!gtk_widget_get_visible (title) || cell.width <= 2 * CELL_PAD_X)
        continue;
      layout = ensure_layout (self, i);
      pango_layout_set_width (layout, (cell.width - 2 * CELL_PAD_X) * PANGO_SCALE);
      switch (columns[i].look)
        {
        case LOOK_DIM:
          color.alpha *= 0.55;
          break;
        case LOOK_SIDE:
          tone_color (widget, self->side_tone, &color);
          break;
        case LOOK_SENTIMENT:
          if (self->sentiment_tone == TONE_NONE)
            color.alpha *= 0.55;
          else
            tone_color (widget, self->sentiment_tone, &color);
          break;
        case LOOK_PREMIUM:
          if (self->golden)
            lookup_color (widget, "warning_fg_color", &color);
          break;
        case LOOK_PLAIN:
        case LOOK_BOLD:
        case LOOK_SMALL:
        default:
          break;
        }
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (cell.x, 0, cell.width, height));
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (cell.x + CELL_PAD_X,
                                                              (height - text_height) / 2));
      gtk_snapshot_append_layout (snapshot, layout, &color);
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_restore (snapshot);
    }
}

/* The Rule and Flags cells end in an ellipsis when their text is longer than the
 * column: their tooltip is the whole text. Side shows the ask's share only: its and
 * Sentiment's tooltip give every side's share, from which the sentiment follows. */
char *
whale_flow_row_dup_tooltip_text (WhaleFlowRow    *self,
                                 WhaleFlowColumn  column)
{
  WhaleRecord *record;

  g_return_val_if_fail (WHALE_IS_FLOW_ROW (self), NULL);
  g_return_val_if_fail (column < WHALE_FLOW_N_COLUMNS, NULL);

  if (self->alert == NULL)
    return NULL;
  record = WHALE_RECORD (self->alert);
  switch (column)
    {
    case WHALE_FLOW_COLUMN_RULE:
      return self->texts[column] != NULL && self->texts[column][0] != '\0'
             ? g_strdup (self->texts[column]) : NULL;
    case WHALE_FLOW_COLUMN_FLAGS:
      if (self->texts[column] == NULL || self->texts[column][0] == '\0')
        return NULL;
      /* UW's own flag is not to be trusted (UW-PROTOCOL.md): say what stands for it. */
      if (whale_record_get_number (record, fields[FIELD_OPENING]) != 0)
        return g_strdup_printf ("%s\n%s", self->texts[column],
                                _("Opening is estimated: the size is more than the open "
                                  "interest left after the day's earlier volume"));
      return g_strdup (self->texts[column]);
    case WHALE_FLOW_COLUMN_SIDE:
    case WHALE_FLOW_COLUMN_SENTIMENT:
      return whale_format_side_split (whale_record_get_number (record, fields[FIELD_ASK_VOL]),
                                      whale_record_get_number (record, fields[FIELD_BID_VOL]),
                                      whale_record_get_number (record, fields[FIELD_MID_VOL]),
                                      whale_record_get_number (record, fields[FIELD_NO_SIDE_VOL]));
    default:
      return NULL;
    }
}

static gboolean
whale_flow_row_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard,
                              GtkTooltip *tooltip)
{
  WhaleFlowRow *self = WHALE_FLOW_ROW (widget);
  GtkWidget *title = first_title (self);

  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS && title != NULL; i++, title = gtk_widget_get_next_sibling (title))
    {
      GtkAllocation cell;
      g_autofree char *text = NULL;

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_widget_get_allocation (title, &cell);
      G_GNUC_END_IGNORE_DEPRECATIONS
      if (x < cell.x || x >= cell.x + cell.width)
        continue;
      text = whale_flow_row_dup_tooltip_text (self, i);
      if (text == NULL)
        return FALSE;
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }
  return FALSE;
}

static void
whale_flow_row_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  WhaleFlowRow *self = WHALE_FLOW_ROW (widget);

  GTK_WIDGET_CLASS (whale_flow_row_parent_class)->css_changed (widget, change);
  /* A new font: the layouts are made again with it. */
  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    g_clear_object (&self->layouts[i]);
  gtk_widget_queue_resize (widget);
}

static void
whale_flow_row_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (whale_flow_row_parent_class)->root (widget);
  mark_golden (WHALE_FLOW_ROW (widget));
}

static void
whale_flow_row_dispose (GObject *object)
{
  WhaleFlowRow *self = WHALE_FLOW_ROW (object);

  if (self->header != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->header), (gpointer *) &self->header);
  self->header = NULL;
  g_clear_object (&self->alert);
  for (guint i = 0; i < WHALE_FLOW_N_COLUMNS; i++)
    g_clear_object (&self->layouts[i]);
  clear_texts (self);

  G_OBJECT_CLASS (whale_flow_row_parent_class)->dispose (object);
}

static void
whale_flow_row_class_init (WhaleFlowRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = whale_flow_row_dispose;
  widget_class->measure = whale_flow_row_measure;
  widget_class->snapshot = whale_flow_row_snapshot;
  widget_class->query_tooltip = whale_flow_row_query_tooltip;
  widget_class->css_changed = whale_flow_row_css_changed;
  widget_class->root = whale_flow_row_root;

  gtk_widget_class_set_css_name (widget_class, "flowrow");

  lookup_fields ();
}

static void
whale_flow_row_init (WhaleFlowRow *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
whale_flow_row_new (GtkColumnView *header)
{
  WhaleFlowRow *self;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (header), NULL);

  self = g_object_new (WHALE_TYPE_FLOW_ROW, NULL);
  self->header = header;
  g_object_add_weak_pointer (G_OBJECT (header), (gpointer *) &self->header);
  return GTK_WIDGET (self);
}
