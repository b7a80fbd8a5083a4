/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "whale-sort-model.h"

/* WhaleSortModel must show exactly what GtkSortListModel shows (the sorter's order,
 * equal items in the source's order) after every change, and its items-changed must
 * describe each change truly: a listener that applies them step by step ends with the
 * same list. */

#define TEST_TYPE_ITEM (test_item_get_type ())
G_DECLARE_FINAL_TYPE (TestItem, test_item, TEST, ITEM, GObject)

struct _TestItem
{
  GObject parent_instance;
  int     key;
};

G_DEFINE_FINAL_TYPE (TestItem, test_item, G_TYPE_OBJECT)

enum { PROP_0, PROP_KEY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
test_item_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  g_value_set_int (value, TEST_ITEM (object)->key);
}

static void
test_item_class_init (TestItemClass *klass)
{
  G_OBJECT_CLASS (klass)->get_property = test_item_get_property;
  properties[PROP_KEY] = g_param_spec_int ("key", NULL, NULL, G_MININT, G_MAXINT, 0,
                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
}

static void
test_item_init (TestItem *self)
{
}

static TestItem *
test_item_new (int key)
{
  TestItem *item = g_object_new (TEST_TYPE_ITEM, NULL);

  item->key = key;
  return item;
}

/* What a view would hold: the model's items as its items-changed report them. */
typedef struct
{
  GPtrArray *items;
  guint      n_changes;
  guint      n_removed;  /* rows reported removed, over all changes */
} Listener;

static void
listener_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Listener   *listener)
{
  g_assert_cmpuint (position + removed, <=, listener->items->len);
  g_ptr_array_remove_range (listener->items, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (listener->items, position + i, g_list_model_get_item (model, position + i));
  /* The model is consistent at every step, not only after the last. */
  g_assert_cmpuint (listener->items->len, ==, g_list_model_get_n_items (model));
  listener->n_changes++;
  listener->n_removed += removed;
}

static void
listener_init (Listener   *listener,
               GListModel *model)
{
  listener->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (listener->items, g_list_model_get_item (model, i));
  g_signal_connect (model, "items-changed", G_CALLBACK (listener_changed_cb), listener);
}

static void
assert_same (GListModel *expected,
             GListModel *model,
             Listener   *listener)
{
  guint n = g_list_model_get_n_items (expected);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_assert_cmpuint (listener->items->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) want = g_list_model_get_item (expected, i);
      g_autoptr(GObject) got = g_list_model_get_item (model, i);

      g_assert_true (got == want);
      g_assert_true (g_ptr_array_index (listener->items, i) == want);
    }
}

typedef struct
{
  GListStore       *store;
  GtkNumericSorter *sorter;
  GtkSortListModel *reference;
  WhaleSortModel   *model;
  Listener          listener;
  GRand            *rand;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->store = g_list_store_new (TEST_TYPE_ITEM);
  f->sorter = gtk_numeric_sorter_new (gtk_property_expression_new (TEST_TYPE_ITEM, NULL, "key"));
  f->reference = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (f->store)),
                                          g_object_ref (GTK_SORTER (f->sorter)));
  f->model = whale_sort_model_new (G_LIST_MODEL (f->store), GTK_SORTER (f->sorter));
  listener_init (&f->listener, G_LIST_MODEL (f->model));
  f->rand = g_rand_new_with_seed (g_test_rand_int ());
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (f->model, &f->listener);
  g_ptr_array_unref (f->listener.items);
  g_object_unref (f->model);
  g_object_unref (f->reference);
  g_object_unref (f->sorter);
  g_object_unref (f->store);
  g_rand_free (f->rand);
}

/* Removes @removed items at @position and puts @added new ones there, keys drawn from
 * few values so that ties are common. */
static void
splice_random (Fixture *f,
               guint    position,
               guint    removed,
               guint    added)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (items, test_item_new (g_rand_int_range (f->rand, 0, 50)));
  g_list_store_splice (f->store, position, removed, items->pdata, added);
}

/* A feed's flush: a batch in at the front, as many of the oldest out at the end. */
static void
test_sort_model_feed_batches (Fixture       *f,
                              gconstpointer  data)
{
  splice_random (f, 0, 0, 2000);
  assert_same (G_LIST_MODEL (f->reference), G_LIST_MODEL (f->model), &f->listener);

  for (int round = 0; round < 50; round++)
    {
      guint n = g_rand_int_range (f->rand, 1, 60);
      guint len = g_list_model_get_n_items (G_LIST_MODEL (f->store));

      g_list_store_splice (f->store, len - n, n, NULL, 0);
      assert_same (G_LIST_MODEL (f->reference), G_LIST_MODEL (f->model), &f->listener);
      splice_random (f, 0, 0, n);
      assert_same (G_LIST_MODEL (f->reference), G_LIST_MODEL (f->model), &f->listener);
    }
}

/* Any change anywhere, small and large, and the sorter inverted, dropped and back. */
static void
test_sort_model_random_changes (Fixture       *f,
                                gconstpointer  data)
{
  splice_random (f, 0, 0, 3000);
  for (int round = 0; round < 400; round++)
    {
      guint len = g_list_model_get_n_items (G_LIST_MODEL (f->store));
      guint position = g_rand_int_range (f->rand, 0, len + 1);
      /* Mostly a few rows; now and then more than the model applies row by row. */
      guint removed = g_rand_int_range (f->rand, 0, MIN (len - position, round % 10 == 0 ? 1500 : 8) + 1);
      guint added = g_rand_int_range (f->rand, 0, round % 10 == 5 ? 1500 : 8);

      splice_random (f, position, removed, added);
      assert_same (G_LIST_MODEL (f->reference), G_LIST_MODEL (f->model), &f->listener);

      if (round % 50 == 17)
        {
          GtkSortType order = gtk_numeric_sorter_get_sort_order (f->sorter);

          gtk_numeric_sorter_set_sort_order (f->sorter, order == GTK_SORT_ASCENDING
                                                        ? GTK_SORT_DESCENDING
                                                        : GTK_SORT_ASCENDING);
          assert_same (G_LIST_MODEL (f->reference), G_LIST_MODEL (f->model), &f->listener);
        }
      if (round % 100 == 42)
        {
          gtk_sort_list_model_set_sorter (f->reference, NULL);
          whale_sort_model_set_sorter (f->model, NULL);
          assert_same (G_LIST_MODEL (f->store), G_LIST_MODEL (f->model), &f->listener);
          splice_random (f, 0, 3, 3);
          assert_same (G_LIST_MODEL (f->store), G_LIST_MODEL (f->model), &f->listener);
          gtk_sort_list_model_set_sorter (f->reference, GTK_SORTER (f->sorter));
          whale_sort_model_set_sorter (f->model, GTK_SORTER (f->sorter));
          assert_same (G_LIST_MODEL (f->reference), G_LIST_MODEL (f->model), &f->listener);
        }
    }
}

/* The point of the model: a few rows in and out of a long sorted list are reported as
 * those rows, not as one change over everything between them. */
static void
test_sort_model_reports_only_moved_rows (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  guint len;

  for (int i = 0; i < 20000; i++)
    {
      g_autoptr(TestItem) item = test_item_new (g_rand_int (f->rand) >> 1);

      g_list_store_append (f->store, item);
    }
  len = g_list_model_get_n_items (G_LIST_MODEL (f->store));

  f->listener.n_changes = f->listener.n_removed = 0;
  g_list_store_splice (f->store, len - 50, 50, NULL, 0);
  for (int i = 0; i < 50; i++)
    g_ptr_array_add (batch, test_item_new (g_rand_int (f->rand) >> 1));
  g_list_store_splice (f->store, 0, 0, batch->pdata, batch->len);
  assert_same (G_LIST_MODEL (f->reference), G_LIST_MODEL (f->model), &f->listener);
  g_test_message ("100 rows in and out of 20 000: %u changes, %u rows reported removed",
                  f->listener.n_changes, f->listener.n_removed);
  g_assert_cmpuint (f->listener.n_removed, ==, 50);
  g_assert_cmpuint (f->listener.n_changes, <=, 100);
}

/* The model with a filter shows what a GtkSortListModel over a GtkFilterListModel
 * shows, through feed batches and a filter made stricter, looser and different. */
static int keep_below;
static int keep_modulo;

static gboolean
keep_cb (gpointer item,
         gpointer user_data)
{
  int key = TEST_ITEM (item)->key;

  return key < keep_below && key % keep_modulo == 0;
}

static void
test_sort_model_filter (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GtkCustomFilter) filter = gtk_custom_filter_new (keep_cb, NULL, NULL);
  g_autoptr(GtkFilterListModel) filtered = NULL;
  g_autoptr(GtkSortListModel) reference = NULL;

  keep_below = 40;
  keep_modulo = 1;
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (f->store)),
                                        g_object_ref (GTK_FILTER (filter)));
  reference = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (filtered)),
                                       g_object_ref (GTK_SORTER (f->sorter)));
  splice_random (f, 0, 0, 3000);
  whale_sort_model_set_filter (f->model, GTK_FILTER (filter));
  g_assert_true (whale_sort_model_get_filter (f->model) == GTK_FILTER (filter));
  assert_same (G_LIST_MODEL (reference), G_LIST_MODEL (f->model), &f->listener);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), <, 3000);

  for (int round = 0; round < 200; round++)
    {
      guint len = g_list_model_get_n_items (G_LIST_MODEL (f->store));
      guint n = g_rand_int_range (f->rand, 1, 60);

      if (round % 3 == 2)
        {
          /* Anywhere, not only a feed's ends. */
          guint position = g_rand_int_range (f->rand, 0, len + 1);

          splice_random (f, position, MIN (n, len - position), g_rand_int_range (f->rand, 0, 8));
        }
      else
        {
          g_list_store_splice (f->store, len - MIN (n, len), MIN (n, len), NULL, 0);
          assert_same (G_LIST_MODEL (reference), G_LIST_MODEL (f->model), &f->listener);
          splice_random (f, 0, 0, n);
        }
      assert_same (G_LIST_MODEL (reference), G_LIST_MODEL (f->model), &f->listener);

      if (round % 10 == 3)
        {
          GtkFilterChange change;
          int step = g_rand_int_range (f->rand, 1, 20);

          switch (g_rand_int_range (f->rand, 0, 3))
            {
            case 0:
              keep_below = MAX (keep_below - step, 1);
              change = GTK_FILTER_CHANGE_MORE_STRICT;
              break;
            case 1:
              keep_below = MIN (keep_below + step, 50);
              change = GTK_FILTER_CHANGE_LESS_STRICT;
              break;
            default:
              keep_modulo = g_rand_int_range (f->rand, 1, 4);
              change = GTK_FILTER_CHANGE_DIFFERENT;
              break;
            }
          gtk_filter_changed (GTK_FILTER (filter), change);
          assert_same (G_LIST_MODEL (reference), G_LIST_MODEL (f->model), &f->listener);
        }
      if (round % 50 == 17)
        {
          /* Filtered, not sorted: the source's order. */
          gtk_sort_list_model_set_sorter (reference, NULL);
          whale_sort_model_set_sorter (f->model, NULL);
          assert_same (G_LIST_MODEL (filtered), G_LIST_MODEL (f->model), &f->listener);
          splice_random (f, 0, 3, 3);
          assert_same (G_LIST_MODEL (filtered), G_LIST_MODEL (f->model), &f->listener);
          gtk_sort_list_model_set_sorter (reference, GTK_SORTER (f->sorter));
          whale_sort_model_set_sorter (f->model, GTK_SORTER (f->sorter));
          assert_same (G_LIST_MODEL (reference), G_LIST_MODEL (f->model), &f->listener);
        }
    }

  whale_sort_model_set_filter (f->model, NULL);
  assert_same (G_LIST_MODEL (f->reference), G_LIST_MODEL (f->model), &f->listener);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/app/sort-model/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("feed-batches", test_sort_model_feed_batches);
  ADD ("random-changes", test_sort_model_random_changes);
  ADD ("reports-only-moved-rows", test_sort_model_reports_only_moved_rows);
  ADD ("filter", test_sort_model_filter);
#undef ADD

  return g_test_run ();
}
