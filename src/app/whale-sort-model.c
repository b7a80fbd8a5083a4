/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-sort-model"

#include "config.h"

#include "whale-sort-model.h"

#include <string.h>

/* A change in the source of at most this many rows in and out is applied row by row
 * (runs of neighbours together), each step reported on its own: ~20-35 µs a step for
 * this model, the selection and a column view when it lands off screen. Beyond it,
 * one re-merge and one change spanning the rows touched, as GtkSortListModel does: a
 * column view then rebuilds what it shows (tens of ms with 20 000 rows). */
#define MAX_STEPS 1000

/* No entry keeps its position: a feed's batch comes in at the front, and renumbering
 * 20 000 entries (twice: in the source's order and the sorter's) cost more than the
 * rest of the change. An entry's place in the source is an order key that only has to
 * grow along it (new rows at the front get keys below the first), and its place in the
 * sorted list is found by binary search when it leaves. */
typedef struct
{
  GObject *item;
  gint64   order;       /* grows along the source; ties sort by it */
  guint    sorted_pos;  /* valid only while a change is applied at once */
  gboolean matches;     /* the filter lets it through */
  gboolean removed;
} Entry;

struct _WhaleSortModel
{
  GObject     parent_instance;

  GListModel *model;
  GtkSorter  *sorter;
  GtkFilter  *filter;
  GPtrArray  *source;   /* Entry *, in the source's order; the entries are ours */
  GPtrArray  *sorted;   /* Entry *, those that match in the sorter's order; NULL when
                         * neither sorting nor filtering */
};

static void whale_sort_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WhaleSortModel, whale_sort_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      whale_sort_model_list_model_init))

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SORTER,
  PROP_FILTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static Entry *
entry_new (gpointer item)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->item = item;
  return entry;
}

static void
entry_free (Entry *entry)
{
  g_object_unref (entry->item);
  g_free (entry);
}

static gboolean
is_sorting (WhaleSortModel *self)
{
  return self->sorter != NULL && gtk_sorter_get_order (self->sorter) != GTK_SORTER_ORDER_NONE;
}

static gboolean
needs_view (WhaleSortModel *self)
{
  return is_sorting (self) || self->filter != NULL;
}

static int
compare_entries (WhaleSortModel *self,
                 const Entry    *a,
                 const Entry    *b)
{
  if (is_sorting (self))
    {
      GtkOrdering order = gtk_sorter_compare (self->sorter, a->item, b->item);

      if (order != GTK_ORDERING_EQUAL)
        return order;
    }
  return a->order < b->order ? -1 : a->order > b->order;
}

/* Whether @entry's item passes the filter; @strictness is the filter's, asked once. */
static gboolean
entry_matches (WhaleSortModel *self,
               GtkFilterMatch  strictness,
               Entry          *entry)
{
  if (self->filter == NULL || strictness == GTK_FILTER_MATCH_ALL)
    return TRUE;
  if (strictness == GTK_FILTER_MATCH_NONE)
    return FALSE;
  return gtk_filter_match (self->filter, entry->item);
}

static GtkFilterMatch
filter_strictness (WhaleSortModel *self)
{
  return self->filter != NULL ? gtk_filter_get_strictness (self->filter) : GTK_FILTER_MATCH_ALL;
}

static int
compare_entries_cb (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  return compare_entries (user_data, *(Entry * const *) a, *(Entry * const *) b);
}

static int
compare_sorted_pos_descending (gconstpointer a,
                               gconstpointer b)
{
  guint x = (*(Entry * const *) a)->sorted_pos;
  guint y = (*(Entry * const *) b)->sorted_pos;

  return x < y ? 1 : x > y ? -1 : 0;
}

/* The first position in [@lo, @hi) whose entry sorts after @entry (or @hi). */
static guint
bisect (WhaleSortModel *self,
        GPtrArray      *array,
        guint           lo,
        guint           hi,
        const Entry    *entry)
{
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_entries (self, g_ptr_array_index (array, mid), entry) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The first position in [@lo, len) whose entry sorts after @entry (which is not in
 * @array): galloping from @lo, so a dense run of ascending lookups (thousands of rows
 * merged at once) costs O(k log (n / k)). A few rows far apart cost less by bisect(),
 * each compare a sorter's (GValues through an expression, ~1 µs). */
static guint
find_insert_position (WhaleSortModel *self,
                      GPtrArray      *array,
                      guint           lo,
                      const Entry    *entry)
{
  guint hi = lo;
  guint step = 1;

  while (hi < array->len && compare_entries (self, g_ptr_array_index (array, hi), entry) < 0)
    {
      lo = hi + 1;
      hi += step;
      step *= 2;
    }
  return bisect (self, array, lo, MIN (hi, array->len), entry);
}

static void
insert_entries (GPtrArray *array,
                guint      position,
                Entry    **entries,
                guint      n)
{
  guint tail = array->len - position;

  /* Nothing to insert (entries may then be NULL, which memcpy() must not see). */
  if (n == 0)
    return;
  g_ptr_array_set_size (array, array->len + n);
  memmove (array->pdata + position + n, array->pdata + position, tail * sizeof (gpointer));
  memcpy (array->pdata + position, entries, n * sizeof (gpointer));
}

/* Where @entry (which is in the sorted list) is: the sorter and the order keys put
 * every entry in one place. */
static guint
find_entry (WhaleSortModel *self,
            Entry          *entry)
{
  guint position = bisect (self, self->sorted, 0, self->sorted->len, entry);

  if (position < self->sorted->len && g_ptr_array_index (self->sorted, position) == entry)
    return position;
  /* A sorter that orders its items inconsistently (it should not). */
  if (!g_ptr_array_find (self->sorted, entry, &position))
    g_assert_not_reached ();
  return position;
}

static void
number_sorted (WhaleSortModel *self)
{
  for (guint i = 0; i < self->sorted->len; i++)
    ((Entry *) g_ptr_array_index (self->sorted, i))->sorted_pos = i;
}

static void
number_source (WhaleSortModel *self)
{
  for (guint i = 0; i < self->source->len; i++)
    ((Entry *) g_ptr_array_index (self->source, i))->order = i;
}

/* Out goes @gone (still in the sorted list), in come @added (sorted by now), each run
 * of neighbours one items-changed on a model that is consistent at each. */
static void
apply_in_steps (WhaleSortModel *self,
                GPtrArray      *gone,
                GPtrArray      *added)
{
  guint lo = 0;

  for (guint i = 0; i < gone->len; i++)
    {
      Entry *entry = g_ptr_array_index (gone, i);

      entry->sorted_pos = find_entry (self, entry);
    }
  g_ptr_array_sort (gone, compare_sorted_pos_descending);
  for (guint i = 0; i < gone->len;)
    {
      guint start = ((Entry *) g_ptr_array_index (gone, i))->sorted_pos;
      guint n = 1;

      while (i + n < gone->len
             && ((Entry *) g_ptr_array_index (gone, i + n))->sorted_pos == start - 1)
        {
          start--;
          n++;
        }
      g_ptr_array_remove_range (self->sorted, start, n);
      i += n;
      g_list_model_items_changed (G_LIST_MODEL (self), start, n, 0);
    }

  for (guint i = 0; i < added->len;)
    {
      guint position = bisect (self, self->sorted, lo, self->sorted->len,
                               g_ptr_array_index (added, i));
      guint n = 1;

      /* Entries that go in before the same neighbour go in together: as @added is
       * sorted, the next one does when that neighbour sorts after it too. */
      while (i + n < added->len
             && (position == self->sorted->len
                 || compare_entries (self, g_ptr_array_index (self->sorted, position),
                                     g_ptr_array_index (added, i + n)) > 0))
        n++;
      insert_entries (self->sorted, position, (Entry **) added->pdata + i, n);
      i += n;
      lo = position + n;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n);
    }
}

/* The same as one merge and one items-changed from the first row touched to the
 * last. */
static void
apply_at_once (WhaleSortModel *self,
               GPtrArray      *gone,
               GPtrArray      *added)
{
  guint old_len = self->sorted->len;
  guint first = G_MAXUINT;
  guint last_old = 0;   /* one past the last position touched, old order */
  guint last_new = 0;   /* the same in the new order */
  guint kept = 0;
  g_autoptr(GPtrArray) merged = NULL;
  guint lo = 0;

  number_sorted (self);
  for (guint i = 0; i < gone->len; i++)
    {
      Entry *entry = g_ptr_array_index (gone, i);

      entry->removed = TRUE;
      first = MIN (first, entry->sorted_pos);
      last_old = MAX (last_old, entry->sorted_pos + 1);
    }
  for (guint i = 0; i < old_len; i++)
    {
      Entry *entry = g_ptr_array_index (self->sorted, i);

      if (!entry->removed)
        self->sorted->pdata[kept++] = entry;
    }
  /* Entries the filter keeps out stay in the source, and may come back. */
  for (guint i = 0; i < gone->len; i++)
    ((Entry *) g_ptr_array_index (gone, i))->removed = FALSE;
  g_ptr_array_set_size (self->sorted, kept);

  merged = g_ptr_array_sized_new (kept + added->len);
  for (guint i = 0; i < added->len; i++)
    {
      Entry *entry = g_ptr_array_index (added, i);
      guint position = find_insert_position (self, self->sorted, lo, entry);

      for (; lo < position; lo++)
        g_ptr_array_add (merged, g_ptr_array_index (self->sorted, lo));
      first = MIN (first, merged->len);
      g_ptr_array_add (merged, entry);
      last_new = merged->len;
    }
  for (; lo < self->sorted->len; lo++)
    g_ptr_array_add (merged, g_ptr_array_index (self->sorted, lo));

  g_ptr_array_unref (self->sorted);
  self->sorted = g_steal_pointer (&merged);

  if (first == G_MAXUINT)
    return;
  {
    guint tail = MIN (old_len - MAX (last_old, first), self->sorted->len - MAX (last_new, first));

    g_list_model_items_changed (G_LIST_MODEL (self), first, old_len - first - tail,
                                self->sorted->len - first - tail);
  }
}

/* Out goes @gone, in come @added (in any order), both only entries that match. */
static void
apply (WhaleSortModel *self,
       GPtrArray      *gone,
       GPtrArray      *added)
{
  g_ptr_array_sort_with_data (added, compare_entries_cb, self);
  if (gone->len + added->len <= MAX_STEPS)
    apply_in_steps (self, gone, added);
  else
    apply_at_once (self, gone, added);
}

static void
items_changed_cb (WhaleSortModel *self,
                  guint           position,
                  guint           removed,
                  guint           added,
                  GListModel     *model)
{
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GPtrArray) fresh = g_ptr_array_sized_new (added);
  g_autoptr(GPtrArray) gone = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  GtkFilterMatch strictness;
  gint64 first_order = 0;

  /* The entries that leave are freed once the change is reported. */
  for (guint i = 0; i < removed; i++)
    g_ptr_array_add (dropped, g_ptr_array_index (self->source, position + i));
  g_ptr_array_remove_range (self->source, position, removed);

  /* Order keys below the first for rows in at the front (a feed's batch), above the
   * last at the end; in the middle, every entry is numbered again. */
  if (self->source->len > 0 && position == 0)
    first_order = ((Entry *) g_ptr_array_index (self->source, 0))->order - (gint64) added;
  else if (self->source->len > 0 && position == self->source->len)
    first_order = ((Entry *) g_ptr_array_index (self->source, position - 1))->order + 1;
  for (guint i = 0; i < added; i++)
    {
      Entry *entry = entry_new (g_list_model_get_item (model, position + i));

      entry->order = first_order + i;
      g_ptr_array_add (fresh, entry);
    }
  insert_entries (self->source, position, (Entry **) fresh->pdata, added);
  if (position > 0 && position < self->source->len - added)
    number_source (self);

  if (self->sorted == NULL)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  gone = g_ptr_array_sized_new (removed);
  for (guint i = 0; i < dropped->len; i++)
    if (((Entry *) g_ptr_array_index (dropped, i))->matches)
      g_ptr_array_add (gone, g_ptr_array_index (dropped, i));
  strictness = filter_strictness (self);
  shown = g_ptr_array_sized_new (added);
  for (guint i = 0; i < fresh->len; i++)
    {
      Entry *entry = g_ptr_array_index (fresh, i);

      entry->matches = entry_matches (self, strictness, entry);
      if (entry->matches)
        g_ptr_array_add (shown, entry);
    }
  apply (self, gone, shown);
}

/* From scratch: the source's order, filtered and sorted when asked. */
static void
resort (WhaleSortModel *self)
{
  GtkFilterMatch strictness = filter_strictness (self);

  g_clear_pointer (&self->sorted, g_ptr_array_unref);
  if (!needs_view (self))
    return;

  number_source (self);
  self->sorted = g_ptr_array_sized_new (self->source->len);
  for (guint i = 0; i < self->source->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->source, i);

      entry->matches = entry_matches (self, strictness, entry);
      if (entry->matches)
        g_ptr_array_add (self->sorted, entry);
    }
  if (is_sorting (self))
    g_ptr_array_sort_with_data (self->sorted, compare_entries_cb, self);
}

/* Everything again, reported as one change. */
static void
rebuild (WhaleSortModel *self)
{
  guint before = g_list_model_get_n_items (G_LIST_MODEL (self));
  guint after;

  resort (self);
  after = g_list_model_get_n_items (G_LIST_MODEL (self));
  if (before > 0 || after > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, before, after);
}

/* Only the rows whose verdict changed move: those the filter now keeps out, and those
 * it now lets in (a stricter filter can only keep more out, a looser one let more in). */
static void
filter_changed_cb (WhaleSortModel  *self,
                   GtkFilterChange  change,
                   GtkFilter       *filter)
{
  g_autoptr(GPtrArray) gone = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  GtkFilterMatch strictness;

  if (self->sorted == NULL)
    {
      rebuild (self);
      return;
    }
  strictness = filter_strictness (self);
  gone = g_ptr_array_new ();
  shown = g_ptr_array_new ();
  for (guint i = 0; i < self->source->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->source, i);
      gboolean matches;

      if ((change == GTK_FILTER_CHANGE_MORE_STRICT && !entry->matches)
          || (change == GTK_FILTER_CHANGE_LESS_STRICT && entry->matches))
        continue;
      matches = entry_matches (self, strictness, entry);
      if (matches == entry->matches)
        continue;
      g_ptr_array_add (matches ? shown : gone, entry);
      entry->matches = matches;
    }
  apply (self, gone, shown);
}

static void
sorter_changed_cb (WhaleSortModel *self)
{
  rebuild (self);
}

static void
clear_model (WhaleSortModel *self)
{
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->sorted, g_ptr_array_unref);
  for (guint i = 0; i < self->source->len; i++)
    entry_free (g_ptr_array_index (self->source, i));
  g_ptr_array_set_size (self->source, 0);
}

GListModel *
whale_sort_model_get_model (WhaleSortModel *self)
{
  g_return_val_if_fail (WHALE_IS_SORT_MODEL (self), NULL);

  return self->model;
}

void
whale_sort_model_set_model (WhaleSortModel *self,
                            GListModel     *model)
{
  guint removed;

  g_return_if_fail (WHALE_IS_SORT_MODEL (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  removed = g_list_model_get_n_items (G_LIST_MODEL (self));
  clear_model (self);
  if (model != NULL)
    {
      guint n = g_list_model_get_n_items (model);

      self->model = g_object_ref (model);
      g_signal_connect_swapped (model, "items-changed", G_CALLBACK (items_changed_cb), self);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (self->source, entry_new (g_list_model_get_item (model, i)));
      resort (self);
    }
  if (removed > 0 || g_list_model_get_n_items (G_LIST_MODEL (self)) > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed,
                                g_list_model_get_n_items (G_LIST_MODEL (self)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GtkSorter *
whale_sort_model_get_sorter (WhaleSortModel *self)
{
  g_return_val_if_fail (WHALE_IS_SORT_MODEL (self), NULL);

  return self->sorter;
}

void
whale_sort_model_set_sorter (WhaleSortModel *self,
                             GtkSorter      *sorter)
{
  g_return_if_fail (WHALE_IS_SORT_MODEL (self));
  g_return_if_fail (sorter == NULL || GTK_IS_SORTER (sorter));

  if (self->sorter == sorter)
    return;

  if (self->sorter != NULL)
    g_signal_handlers_disconnect_by_func (self->sorter, sorter_changed_cb, self);
  g_set_object (&self->sorter, sorter);
  if (self->sorter != NULL)
    g_signal_connect_swapped (self->sorter, "changed", G_CALLBACK (sorter_changed_cb), self);
  sorter_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORTER]);
}

GtkFilter *
whale_sort_model_get_filter (WhaleSortModel *self)
{
  g_return_val_if_fail (WHALE_IS_SORT_MODEL (self), NULL);

  return self->filter;
}

void
whale_sort_model_set_filter (WhaleSortModel *self,
                             GtkFilter      *filter)
{
  g_return_if_fail (WHALE_IS_SORT_MODEL (self));
  g_return_if_fail (filter == NULL || GTK_IS_FILTER (filter));

  if (self->filter == filter)
    return;

  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_func (self->filter, filter_changed_cb, self);
  g_set_object (&self->filter, filter);
  if (self->filter != NULL)
    g_signal_connect_swapped (self->filter, "changed", G_CALLBACK (filter_changed_cb), self);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

WhaleSortModel *
whale_sort_model_new (GListModel *model,
                      GtkSorter  *sorter)
{
  g_return_val_if_fail (model == NULL || G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (sorter == NULL || GTK_IS_SORTER (sorter), NULL);

  return g_object_new (WHALE_TYPE_SORT_MODEL, "model", model, "sorter", sorter, NULL);
}

static GType
whale_sort_model_get_item_type (GListModel *list)
{
  return G_TYPE_OBJECT;
}

static guint
whale_sort_model_get_n_items (GListModel *list)
{
  WhaleSortModel *self = WHALE_SORT_MODEL (list);

  /* While a change is applied in steps, the sorted order is the one being reported. */
  return self->sorted != NULL ? self->sorted->len : self->source->len;
}

static gpointer
whale_sort_model_get_item (GListModel *list,
                           guint       position)
{
  WhaleSortModel *self = WHALE_SORT_MODEL (list);
  GPtrArray *array = self->sorted != NULL ? self->sorted : self->source;

  if (position >= array->len)
    return NULL;
  return g_object_ref (((Entry *) g_ptr_array_index (array, position))->item);
}

static void
whale_sort_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = whale_sort_model_get_item_type;
  iface->get_n_items = whale_sort_model_get_n_items;
  iface->get_item = whale_sort_model_get_item;
}

static void
whale_sort_model_dispose (GObject *object)
{
  WhaleSortModel *self = WHALE_SORT_MODEL (object);

  clear_model (self);
  if (self->sorter != NULL)
    g_signal_handlers_disconnect_by_func (self->sorter, sorter_changed_cb, self);
  g_clear_object (&self->sorter);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_func (self->filter, filter_changed_cb, self);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (whale_sort_model_parent_class)->dispose (object);
}

static void
whale_sort_model_finalize (GObject *object)
{
  WhaleSortModel *self = WHALE_SORT_MODEL (object);

  for (guint i = 0; i < self->source->len; i++)
    entry_free (g_ptr_array_index (self->source, i));
  g_ptr_array_unref (self->source);

  G_OBJECT_CLASS (whale_sort_model_parent_class)->finalize (object);
}

static void
whale_sort_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WhaleSortModel *self = WHALE_SORT_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_SORTER:
      g_value_set_object (value, self->sorter);
      break;
    case PROP_FILTER:
      g_value_set_object (value, self->filter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_sort_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  WhaleSortModel *self = WHALE_SORT_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      whale_sort_model_set_model (self, g_value_get_object (value));
      break;
    case PROP_SORTER:
      whale_sort_model_set_sorter (self, g_value_get_object (value));
      break;
    case PROP_FILTER:
      whale_sort_model_set_filter (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_sort_model_class_init (WhaleSortModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = whale_sort_model_dispose;
  object_class->finalize = whale_sort_model_finalize;
  object_class->get_property = whale_sort_model_get_property;
  object_class->set_property = whale_sort_model_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL, rw);
  properties[PROP_SORTER] =
    g_param_spec_object ("sorter", NULL, NULL, GTK_TYPE_SORTER, rw);
  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL, GTK_TYPE_FILTER, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
whale_sort_model_init (WhaleSortModel *self)
{
  self->source = g_ptr_array_new ();
}
