/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-field-sorter"

#include "config.h"

#include "whale-field-sorter.h"

#include <math.h>

#include "whale-flow-row.h"
#include "whale-record.h"

struct _WhaleFieldSorter
{
  GtkSorter         parent_instance;

  char             *field;
  GtkSortType       sort_order;

  /* The field's table entry in the last record class compared: a column's rows are all
   * of one class, so it is looked up once, not per comparison. */
  WhaleRecordClass *klass;
  const WhaleField *entry;
};

G_DEFINE_FINAL_TYPE (WhaleFieldSorter, whale_field_sorter, GTK_TYPE_SORTER)

enum {
  PROP_0,
  PROP_FIELD,
  PROP_SORT_ORDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* @item's value, NaN when it has none (or no such field). */
static double
value_of (WhaleFieldSorter *self,
          gpointer          item)
{
  WhaleRecordClass *klass = WHALE_RECORD_GET_CLASS (item);

  if (klass != self->klass)
    {
      self->klass = klass;
      self->entry = self->field != NULL ? whale_record_class_find_field (klass, self->field)
                                        : NULL;
    }
  return self->entry != NULL ? whale_record_get_number (item, self->entry) : NAN;
}

static GtkOrdering
whale_field_sorter_compare (GtkSorter *sorter,
                            gpointer   item1,
                            gpointer   item2)
{
  WhaleFieldSorter *self = WHALE_FIELD_SORTER (sorter);
  double a = value_of (self, item1);
  double b = value_of (self, item2);

  if (isnan (a) != isnan (b))
    return isnan (a) ? GTK_ORDERING_LARGER : GTK_ORDERING_SMALLER;
  if (isnan (a) || a == b)
    return GTK_ORDERING_EQUAL;
  return (a < b) == (self->sort_order == GTK_SORT_ASCENDING) ? GTK_ORDERING_SMALLER
                                                             : GTK_ORDERING_LARGER;
}

static GtkSorterOrder
whale_field_sorter_get_order (GtkSorter *sorter)
{
  return WHALE_FIELD_SORTER (sorter)->field != NULL ? GTK_SORTER_ORDER_PARTIAL
                                                    : GTK_SORTER_ORDER_NONE;
}

static void
whale_field_sorter_finalize (GObject *object)
{
  WhaleFieldSorter *self = WHALE_FIELD_SORTER (object);

  g_free (self->field);

  G_OBJECT_CLASS (whale_field_sorter_parent_class)->finalize (object);
}

static void
whale_field_sorter_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WhaleFieldSorter *self = WHALE_FIELD_SORTER (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_SORT_ORDER:
      g_value_set_enum (value, self->sort_order);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_field_sorter_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  WhaleFieldSorter *self = WHALE_FIELD_SORTER (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      if (g_strcmp0 (self->field, g_value_get_string (value)) == 0)
        return;
      g_free (self->field);
      self->field = g_value_dup_string (value);
      self->klass = NULL;
      gtk_sorter_changed (GTK_SORTER (self), GTK_SORTER_CHANGE_DIFFERENT);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_SORT_ORDER:
      if (self->sort_order == (GtkSortType) g_value_get_enum (value))
        return;
      self->sort_order = g_value_get_enum (value);
      /* Not INVERTED: the rows without a value stay last. */
      gtk_sorter_changed (GTK_SORTER (self), GTK_SORTER_CHANGE_DIFFERENT);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_field_sorter_class_init (WhaleFieldSorterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = whale_field_sorter_finalize;
  object_class->get_property = whale_field_sorter_get_property;
  object_class->set_property = whale_field_sorter_set_property;
  sorter_class->compare = whale_field_sorter_compare;
  sorter_class->get_order = whale_field_sorter_get_order;

  /* The field's name as the record's table has it (UW's: "total_premium"). */
  properties[PROP_FIELD] =
    g_param_spec_string ("field", NULL, NULL, NULL, rw);
  properties[PROP_SORT_ORDER] =
    g_param_spec_enum ("sort-order", NULL, NULL, GTK_TYPE_SORT_TYPE, GTK_SORT_ASCENDING, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
whale_field_sorter_init (WhaleFieldSorter *self)
{
  self->sort_order = GTK_SORT_ASCENDING;
}

const char *
whale_field_sorter_get_field (WhaleFieldSorter *self)
{
  g_return_val_if_fail (WHALE_IS_FIELD_SORTER (self), NULL);

  return self->field;
}

GtkSortType
whale_field_sorter_get_sort_order (WhaleFieldSorter *self)
{
  g_return_val_if_fail (WHALE_IS_FIELD_SORTER (self), GTK_SORT_ASCENDING);

  return self->sort_order;
}

gboolean
whale_field_sorter_sorts_largest_first (GtkColumnViewColumn *column)
{
  GtkSorter *sorter;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column), FALSE);

  sorter = gtk_column_view_column_get_sorter (column);
  return WHALE_IS_FIELD_SORTER (sorter)
         && whale_field_sorter_get_sort_order (WHALE_FIELD_SORTER (sorter)) == GTK_SORT_DESCENDING;
}

void
whale_field_sorter_mark_titles (GtkColumnView *view)
{
  GListModel *columns;
  GtkWidget *title;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  columns = gtk_column_view_get_columns (view);
  title = whale_flow_row_get_first_title (view);
  for (guint i = 0; title != NULL && i < g_list_model_get_n_items (columns);
       title = gtk_widget_get_next_sibling (title), i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (whale_field_sorter_sorts_largest_first (column))
        gtk_widget_add_css_class (title, "largest-first");
    }
}
