/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "whale-channel-state-private.h"
#include "whale-feed.h"
#include "whale-flow-alert.h"
#include "whale-record-private.h"

/* A record class of our own, so these tests depend on nothing but the record base. */
#define TEST_TYPE_RECORD (test_record_get_type ())
G_DECLARE_FINAL_TYPE (TestRecord, test_record, TEST, RECORD, WhaleRecord)

struct _TestRecord
{
  WhaleRecord parent_instance;
  double      seq;
};

G_DEFINE_FINAL_TYPE (TestRecord, test_record, WHALE_TYPE_RECORD)

static const WhaleField test_record_fields[] = {
  { "seq", WHALE_FIELD_NUMBER, G_STRUCT_OFFSET (TestRecord, seq), WHALE_FIELD_IDENTITY, "Sequence" },
};

static void
test_record_class_init (TestRecordClass *klass)
{
  WhaleRecordClass *record_class = WHALE_RECORD_CLASS (klass);

  record_class->kind = WHALE_RECORD_RAW;
  record_class->kind_name = "test";
  whale_record_class_set_fields (record_class, test_record_fields,
                                 G_N_ELEMENTS (test_record_fields));
}

static void
test_record_init (TestRecord *self)
{
}

/* A class of its own for the pool test, so that no other test's records are in its
 * pool, and that counts its finalized instances. */
#define TEST_TYPE_POOLED (test_pooled_get_type ())
G_DECLARE_FINAL_TYPE (TestPooled, test_pooled, TEST, POOLED, WhaleRecord)

struct _TestPooled
{
  WhaleRecord parent_instance;
  double      seq;
};

G_DEFINE_FINAL_TYPE (TestPooled, test_pooled, WHALE_TYPE_RECORD)

static const WhaleField test_pooled_fields[] = {
  { "seq", WHALE_FIELD_NUMBER, G_STRUCT_OFFSET (TestPooled, seq), WHALE_FIELD_IDENTITY, "Sequence" },
};

static guint n_pooled_finalized;

static void
test_pooled_finalize (GObject *object)
{
  n_pooled_finalized++;
  G_OBJECT_CLASS (test_pooled_parent_class)->finalize (object);
}

static void
test_pooled_class_init (TestPooledClass *klass)
{
  WhaleRecordClass *record_class = WHALE_RECORD_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_pooled_finalize;
  record_class->kind = WHALE_RECORD_RAW;
  record_class->kind_name = "test-pooled";
  whale_record_class_set_fields (record_class, test_pooled_fields,
                                 G_N_ELEMENTS (test_pooled_fields));
}

static void
test_pooled_init (TestPooled *self)
{
}

static void
append_seq (WhaleFeed *feed,
            guint      first,
            guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TestRecord) record = g_object_new (TEST_TYPE_RECORD, NULL);

      record->seq = first + i;
      whale_record_mark_present (WHALE_RECORD (record), &test_record_fields[0]);
      whale_feed_append (feed, WHALE_RECORD (record));
    }
}

/* The payload of record @i: its number, padded a little differently each time and now
 * and then far past the size the feed copies into its shared chunks. */
static char *
numbered_payload (guint i)
{
  g_autofree char *pad = g_strnfill (i % 97 == 0 ? 20000 : i % 50, 'x');

  return g_strdup_printf ("{\"i\":%u,\"pad\":\"%s\"}", i, pad);
}

/* Gives @record its payload as the decoder does (the whole frame, cut when asked for)
 * for odd @i, as text for even. */
static void
give_payload (WhaleRecord *record,
              guint        i)
{
  g_autofree char *payload = numbered_payload (i);
  char *frame;

  if (i % 2 == 0)
    {
      whale_record_take_payload (record, g_steal_pointer (&payload));
      return;
    }
  frame = g_strdup_printf ("[\"flow-alerts\",%s]", payload);
  whale_record_take_frame (record, g_bytes_new_take (frame, strlen (frame)));
}

/* Only the newest WHALE_FEED_PAYLOAD_WINDOW records keep their raw payload (the details
 * view says so for older ones); a raw event, whose payload is the record, keeps it.
 * Frames go through the feed's chunks and come out intact. */
static void
test_feed_payload_window (void)
{
  g_autoptr(WhaleFeed) feed = whale_feed_new (WHALE_TYPE_FLOW_ALERT, 5000);
  g_autoptr(WhaleFeed) raw_feed = whale_feed_new (TEST_TYPE_RECORD, 5000);
  guint n = WHALE_FEED_PAYLOAD_WINDOW + 500;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WhaleRecord) alert = g_object_new (WHALE_TYPE_FLOW_ALERT, NULL);
      g_autoptr(WhaleRecord) raw = g_object_new (TEST_TYPE_RECORD, NULL);

      give_payload (alert, i);
      give_payload (raw, i);
      whale_feed_append (feed, alert);
      whale_feed_append (raw_feed, raw);
      /* Several flushes, as a live feed gets. */
      if (i % 300 == 299)
        {
          whale_feed_flush (feed);
          whale_feed_flush (raw_feed);
        }
    }
  whale_feed_flush (feed);
  whale_feed_flush (raw_feed);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, n);
  for (guint position = 0; position < n; position++)
    {
      g_autoptr(WhaleRecord) alert = g_list_model_get_item (G_LIST_MODEL (feed), position);
      g_autoptr(WhaleRecord) raw = g_list_model_get_item (G_LIST_MODEL (raw_feed), position);
      g_autofree char *expected = numbered_payload (n - 1 - position);

      if (position < WHALE_FEED_PAYLOAD_WINDOW)
        g_assert_cmpstr (whale_record_get_payload (alert), ==, expected);
      else
        g_assert_null (whale_record_get_payload (alert));
      g_assert_cmpstr (whale_record_get_payload (raw), ==, expected);
    }
}

static guint
seq_at (WhaleFeed *feed,
        guint      position)
{
  g_autoptr(TestRecord) record = g_list_model_get_item (G_LIST_MODEL (feed), position);

  g_assert_nonnull (record);
  return (guint) record->seq;
}

/* Asserts the feed shows @n records, newest first, ending with @newest. */
static void
assert_run (WhaleFeed *feed,
            guint      newest,
            guint      n)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (seq_at (feed, i), ==, newest - i);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (feed), n));
}

/* Mirrors the model through items-changed alone and compares it with the model after each
 * emission: a wrong position, count or order, or a model not yet updated, shows up here. */
typedef struct
{
  GListModel *model;
  GPtrArray  *items;
  guint       emissions;
} Mirror;

static void
mirror_check (Mirror *mirror)
{
  g_assert_cmpuint (mirror->items->len, ==, g_list_model_get_n_items (mirror->model));
  for (guint i = 0; i < mirror->items->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (mirror->model, i);

      g_assert_true (item == g_ptr_array_index (mirror->items, i));
    }
}

static void
mirror_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Mirror     *mirror)
{
  g_assert_cmpuint (removed + added, >, 0);
  g_assert_cmpuint (position + removed, <=, mirror->items->len);

  g_ptr_array_remove_range (mirror->items, position, removed);
  for (guint i = 0; i < added; i++)
    {
      gpointer item = g_list_model_get_item (model, position + i);

      g_assert_nonnull (item);
      g_ptr_array_insert (mirror->items, position + i, item);
    }
  mirror->emissions++;
  mirror_check (mirror);
}

static Mirror *
mirror_new (WhaleFeed *feed)
{
  Mirror *mirror = g_new0 (Mirror, 1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (feed));

  mirror->model = G_LIST_MODEL (feed);
  mirror->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (mirror->items, g_list_model_get_item (mirror->model, i));
  g_signal_connect (feed, "items-changed", G_CALLBACK (mirror_items_changed_cb), mirror);
  return mirror;
}

static void
mirror_free (Mirror *mirror)
{
  g_signal_handlers_disconnect_by_data (mirror->model, mirror);
  g_ptr_array_unref (mirror->items);
  g_free (mirror);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mirror, mirror_free)

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *@value differs from @from, or fails after a few seconds. */
static void
spin_until_uint_changes (const guint *value,
                         guint        from)
{
  gboolean expired = FALSE;
  guint deadline = g_timeout_add_seconds (5, deadline_cb, &expired);

  while (*value == from && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (deadline);
}

static void
count_cb (gpointer  object,
          gpointer  arg,
          guint    *count)
{
  (*count)++;
}

static void
count_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        guint      *count)
{
  (*count)++;
}

static void
test_feed_newest_first (void)
{
  g_autoptr(WhaleFeed) feed = whale_feed_new (TEST_TYPE_RECORD, 100);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (feed)) == TEST_TYPE_RECORD);
  assert_run (feed, 0, 0);

  append_seq (feed, 1, 5);
  /* Nothing shows before a flush. */
  assert_run (feed, 0, 0);
  g_assert_cmpuint (whale_feed_get_n_pending (feed), ==, 5);
  whale_feed_flush (feed);
  assert_run (feed, 5, 5);
  g_assert_cmpuint (whale_feed_get_n_pending (feed), ==, 0);

  append_seq (feed, 6, 3);
  whale_feed_flush (feed);
  assert_run (feed, 8, 8);
  g_assert_cmpuint (whale_feed_get_n_received (feed), ==, 8);
  g_assert_cmpuint (whale_feed_get_n_evicted (feed), ==, 0);
}

static void
test_feed_bound_evicts_oldest (void)
{
  g_autoptr(WhaleFeed) feed = whale_feed_new (TEST_TYPE_RECORD, 10);
  g_autoptr(Mirror) mirror = mirror_new (feed);

  /* Overflowing across flushes... */
  for (guint first = 1; first <= 25; first += 5)
    {
      append_seq (feed, first, 5);
      whale_feed_flush (feed);
    }
  assert_run (feed, 25, 10);
  g_assert_cmpuint (whale_feed_get_n_received (feed), ==, 25);
  g_assert_cmpuint (whale_feed_get_n_evicted (feed), ==, 15);

  /* ...and within one batch larger than the whole feed: only the newest survive. */
  append_seq (feed, 26, 37);
  g_assert_cmpuint (whale_feed_get_n_pending (feed), ==, 10);
  whale_feed_flush (feed);
  assert_run (feed, 62, 10);
  g_assert_cmpuint (whale_feed_get_n_received (feed), ==, 62);
  g_assert_cmpuint (whale_feed_get_n_evicted (feed), ==, 52);
  mirror_check (mirror);
}

/* A model that mirrors the feed (as the window's sort model does) holds every record
 * until items-changed says it is gone. The feed lets go of evicted records after that
 * signal, so the ones nothing else holds go back to the decoder's pool instead of being
 * freed; a cleared feed's records are freed. */
static void
test_feed_eviction_reuses_records (void)
{
  g_autoptr(WhaleFeed) feed = whale_feed_new (TEST_TYPE_POOLED, 4);
  g_autoptr(Mirror) mirror = mirror_new (feed);
  WhaleRecord *oldest[4];
  g_autoptr(WhaleRecord) reused = NULL;

  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(TestPooled) record = g_object_new (TEST_TYPE_POOLED, NULL);

      record->seq = i;
      whale_record_mark_present (WHALE_RECORD (record), &test_pooled_fields[0]);
      if (i < 4)
        oldest[i] = WHALE_RECORD (record);
      whale_feed_append (feed, WHALE_RECORD (record));
      if (i == 3)
        whale_feed_flush (feed);
    }
  whale_feed_flush (feed);
  g_assert_cmpuint (whale_feed_get_n_evicted (feed), ==, 4);
  mirror_check (mirror);
  g_assert_cmpuint (n_pooled_finalized, ==, 0);

  /* The decoder's next record of the class is one of them, blank. */
  reused = whale_record_new_blank (g_type_class_peek (TEST_TYPE_POOLED));
  g_assert_true (reused == oldest[0] || reused == oldest[1] || reused == oldest[2]
                 || reused == oldest[3]);
  g_assert_true (isnan (TEST_POOLED (reused)->seq));
  g_assert_false (whale_record_has_field (reused, &test_pooled_fields[0]));

  /* Cleared, with nothing else holding them: freed, not kept for records that may never
   * come. */
  g_clear_pointer (&mirror, mirror_free);
  whale_feed_clear (feed);
  g_assert_cmpuint (n_pooled_finalized, ==, 4);
}

static void
test_feed_coalesces_bursts (void)
{
  g_autoptr(WhaleFeed) feed = whale_feed_new (TEST_TYPE_RECORD, 1000);
  g_autoptr(Mirror) mirror = mirror_new (feed);

  /* A burst into an empty feed: one insertion, the oldest 9 000 never shown. */
  append_seq (feed, 1, 10000);
  g_assert_cmpuint (mirror->emissions, ==, 0);
  spin_until_uint_changes (&mirror->emissions, 0);
  g_assert_cmpuint (mirror->emissions, <=, 2);
  assert_run (feed, 10000, 1000);
  g_assert_cmpuint (whale_feed_get_n_evicted (feed), ==, 9000);

  /* A burst into a full feed: the removal at the end, then the insertion at the front. */
  mirror->emissions = 0;
  append_seq (feed, 10001, 300);
  spin_until_uint_changes (&mirror->emissions, 0);
  g_assert_cmpuint (mirror->emissions, ==, 2);
  assert_run (feed, 10300, 1000);

  /* A burst into a part-filled feed: the insertion alone. */
  whale_feed_set_capacity (feed, 2000);
  mirror->emissions = 0;
  append_seq (feed, 10301, 500);
  spin_until_uint_changes (&mirror->emissions, 0);
  g_assert_cmpuint (mirror->emissions, ==, 1);
  assert_run (feed, 10800, 1500);

  /* Overflowing a part-filled feed: a removal and an insertion again. */
  mirror->emissions = 0;
  append_seq (feed, 10801, 10000);
  spin_until_uint_changes (&mirror->emissions, 0);
  g_assert_cmpuint (mirror->emissions, <=, 2);
  assert_run (feed, 20800, 2000);
  g_assert_cmpuint (whale_feed_get_n_evicted (feed), ==, 20800 - 2000);
}

/* A flood is applied in batches of WHALE_FEED_MAX_BATCH as it arrives, without waiting
 * for the interval, so the records waiting never cost more memory than that. */
static void
test_feed_flood_bounded_batches (void)
{
  g_autoptr(WhaleFeed) feed = whale_feed_new (TEST_TYPE_RECORD, 20000);
  g_autoptr(Mirror) mirror = mirror_new (feed);
  guint n = 2 * WHALE_FEED_MAX_BATCH + 100;

  whale_feed_set_flush_interval (feed, 60 * 1000);
  append_seq (feed, 1, n);
  g_assert_cmpuint (mirror->emissions, ==, 2);
  g_assert_cmpuint (whale_feed_get_n_pending (feed), ==, 100);
  assert_run (feed, 2 * WHALE_FEED_MAX_BATCH, 2 * WHALE_FEED_MAX_BATCH);

  /* Paused, the batch waits whole: nothing is applied behind the user's back. */
  whale_feed_set_paused (feed, TRUE);
  append_seq (feed, n + 1, WHALE_FEED_MAX_BATCH);
  g_assert_cmpuint (mirror->emissions, ==, 2);
  g_assert_cmpuint (whale_feed_get_n_pending (feed), ==, 100 + WHALE_FEED_MAX_BATCH);

  whale_feed_set_paused (feed, FALSE);
  whale_feed_flush (feed);
  assert_run (feed, n + WHALE_FEED_MAX_BATCH, n + WHALE_FEED_MAX_BATCH);
}

static void
test_feed_flush_timing (void)
{
  g_autoptr(WhaleFeed) feed = whale_feed_new (TEST_TYPE_RECORD, 100);
  guint n_changes = 0;
  gint64 start;

  whale_feed_set_flush_interval (feed, 50);
  g_signal_connect (feed, "items-changed", G_CALLBACK (count_items_changed_cb), &n_changes);

  start = g_get_monotonic_time ();
  append_seq (feed, 1, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 0);
  spin_until_uint_changes (&n_changes, 0);
  /* Not before the interval: the first append starts it. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 49 * 1000);
  assert_run (feed, 3, 3);
  g_assert_cmpuint (n_changes, ==, 1);

  /* The next append starts a new interval. */
  start = g_get_monotonic_time ();
  append_seq (feed, 4, 1);
  spin_until_uint_changes (&n_changes, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 49 * 1000);
  assert_run (feed, 4, 4);
}

static void
test_feed_pause (void)
{
  g_autoptr(WhaleFeed) feed = whale_feed_new (TEST_TYPE_RECORD, 10);
  g_autoptr(Mirror) mirror = NULL;
  guint n_pending_notifies = 0;

  whale_feed_set_flush_interval (feed, 10);
  append_seq (feed, 1, 3);
  whale_feed_flush (feed);
  mirror = mirror_new (feed);
  g_signal_connect (feed, "notify::n-pending", G_CALLBACK (count_cb), &n_pending_notifies);

  whale_feed_set_paused (feed, TRUE);
  g_assert_true (whale_feed_get_paused (feed));
  append_seq (feed, 4, 5);
  g_assert_cmpuint (n_pending_notifies, ==, 0);
  /* The "N waiting" count is notified while paused, from the flush timeout... */
  spin_until_uint_changes (&n_pending_notifies, 0);
  g_assert_cmpuint (n_pending_notifies, ==, 1);
  g_assert_cmpuint (whale_feed_get_n_pending (feed), ==, 5);
  /* ...while the view stays frozen, explicit flushes included. */
  whale_feed_flush (feed);
  g_assert_cmpuint (mirror->emissions, ==, 0);
  assert_run (feed, 3, 3);

  /* Waiting records are bounded by the capacity; the oldest waiting ones go. */
  append_seq (feed, 9, 100);
  g_assert_cmpuint (whale_feed_get_n_pending (feed), ==, 10);
  g_assert_cmpuint (whale_feed_get_n_evicted (feed), ==, 95);
  spin_until_uint_changes (&n_pending_notifies, 1);
  g_assert_cmpuint (mirror->emissions, ==, 0);
  assert_run (feed, 3, 3);

  /* Resuming shows them at once. */
  whale_feed_set_paused (feed, FALSE);
  g_assert_cmpuint (mirror->emissions, ==, 1);
  assert_run (feed, 108, 10);
  g_assert_cmpuint (whale_feed_get_n_pending (feed), ==, 0);
  g_assert_cmpuint (whale_feed_get_n_evicted (feed), ==, 98);
  g_assert_cmpuint (whale_feed_get_n_received (feed), ==, 108);
  g_assert_cmpuint (n_pending_notifies, ==, 3);
}

static void
test_feed_capacity (void)
{
  g_autoptr(WhaleFeed) feed = whale_feed_new (TEST_TYPE_RECORD, 10);
  g_autoptr(Mirror) mirror = NULL;
  guint n_capacity_notifies = 0;

  g_assert_cmpuint (whale_feed_get_capacity (feed), ==, 10);
  append_seq (feed, 1, 10);
  whale_feed_flush (feed);
  mirror = mirror_new (feed);
  g_signal_connect (feed, "notify::capacity", G_CALLBACK (count_cb), &n_capacity_notifies);

  whale_feed_set_capacity (feed, 4);
  g_assert_cmpuint (mirror->emissions, ==, 1);
  g_assert_cmpuint (n_capacity_notifies, ==, 1);
  assert_run (feed, 10, 4);
  g_assert_cmpuint (whale_feed_get_n_evicted (feed), ==, 6);

  whale_feed_set_capacity (feed, 4);
  g_assert_cmpuint (n_capacity_notifies, ==, 1);

  /* Growing keeps everything and makes room. */
  g_object_set (feed, "capacity", 8, NULL);
  g_assert_cmpuint (n_capacity_notifies, ==, 2);
  g_assert_cmpuint (mirror->emissions, ==, 1);
  assert_run (feed, 10, 4);
  append_seq (feed, 11, 6);
  whale_feed_flush (feed);
  assert_run (feed, 16, 8);
  g_assert_cmpuint (whale_feed_get_n_evicted (feed), ==, 8);

  /* Shrinking below what waits trims the batch too. */
  append_seq (feed, 17, 5);
  whale_feed_set_capacity (feed, 3);
  g_assert_cmpuint (whale_feed_get_n_pending (feed), ==, 3);
  whale_feed_flush (feed);
  assert_run (feed, 21, 3);
  g_assert_cmpuint (whale_feed_get_n_evicted (feed), ==, 8 + 5 + 2 + 3);
}

static void
test_feed_clear (void)
{
  g_autoptr(WhaleFeed) feed = whale_feed_new (TEST_TYPE_RECORD, 10);
  g_autoptr(Mirror) mirror = NULL;

  append_seq (feed, 1, 15);
  whale_feed_flush (feed);
  append_seq (feed, 16, 4);
  mirror = mirror_new (feed);

  whale_feed_clear (feed);
  g_assert_cmpuint (mirror->emissions, ==, 1);
  assert_run (feed, 0, 0);
  g_assert_cmpuint (whale_feed_get_n_pending (feed), ==, 0);
  g_assert_cmpuint (whale_feed_get_n_received (feed), ==, 0);
  g_assert_cmpuint (whale_feed_get_n_evicted (feed), ==, 0);

  /* The dropped batch does not come back with a later flush. */
  whale_feed_flush (feed);
  g_assert_cmpuint (mirror->emissions, ==, 1);
  append_seq (feed, 20, 2);
  whale_feed_flush (feed);
  assert_run (feed, 21, 2);
}

static void
test_feed_notifies_per_flush (void)
{
  g_autoptr(WhaleFeed) feed = whale_feed_new (TEST_TYPE_RECORD, 100);
  guint n_items = 0, n_received = 0, n_evicted = 0, n_pending = 0;

  g_signal_connect (feed, "notify::n-items", G_CALLBACK (count_cb), &n_items);
  g_signal_connect (feed, "notify::n-received", G_CALLBACK (count_cb), &n_received);
  g_signal_connect (feed, "notify::n-evicted", G_CALLBACK (count_cb), &n_evicted);
  g_signal_connect (feed, "notify::n-pending", G_CALLBACK (count_cb), &n_pending);

  append_seq (feed, 1, 1000);
  g_assert_cmpuint (n_items + n_received + n_evicted + n_pending, ==, 0);

  spin_until_uint_changes (&n_items, 0);
  g_assert_cmpuint (n_items, ==, 1);
  g_assert_cmpuint (n_received, ==, 1);
  g_assert_cmpuint (n_evicted, ==, 1);
  /* It never showed anything but 0 to its listeners. */
  g_assert_cmpuint (n_pending, ==, 0);

  /* A flush with nothing new notifies nothing. */
  whale_feed_flush (feed);
  g_assert_cmpuint (n_items + n_received + n_evicted + n_pending, ==, 3);
}

static void
test_feed_dispose_removes_timeout (void)
{
  WhaleFeed *feed = whale_feed_new (TEST_TYPE_RECORD, 100);
  gpointer weak = feed;

  g_object_add_weak_pointer (G_OBJECT (feed), &weak);
  append_seq (feed, 1, 3);
  g_assert_nonnull (g_main_context_find_source_by_user_data (NULL, feed));
  g_object_unref (feed);
  g_assert_null (weak);
  g_assert_null (g_main_context_find_source_by_user_data (NULL, feed));
}

static void
test_channel_state_publish (void)
{
  g_autoptr(WhaleFeed) feed = whale_feed_new (TEST_TYPE_RECORD, 10);
  g_autoptr(WhaleChannelState) state =
    whale_channel_state_new (NULL, WHALE_RECORD_RAW, "SPY", "gex:SPY", feed);
  const gint64 t0 = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;
  guint n_frames = 0, n_records = 0, n_errors = 0, n_last = 0, n_rate = 0, n_status = 0;
  guint n_reason = 0;
  guint64 frames = 0;
  WhaleRecordKind kind;
  WhaleChannelStatus status;

  g_assert_cmpstr (whale_channel_state_get_wire_name (state), ==, "gex:SPY");
  g_assert_cmpstr (whale_channel_state_get_ticker (state), ==, "SPY");
  g_assert_true (whale_channel_state_get_feed (state) == feed);
  g_assert_cmpint (whale_channel_state_get_status (state), ==, WHALE_CHANNEL_PENDING);
  g_object_get (state, "kind", &kind, "status", &status, NULL);
  g_assert_cmpint (kind, ==, WHALE_RECORD_RAW);
  g_assert_cmpint (status, ==, WHALE_CHANNEL_PENDING);

  g_signal_connect (state, "notify::frames", G_CALLBACK (count_cb), &n_frames);
  g_signal_connect (state, "notify::records", G_CALLBACK (count_cb), &n_records);
  g_signal_connect (state, "notify::errors", G_CALLBACK (count_cb), &n_errors);
  g_signal_connect (state, "notify::last-update", G_CALLBACK (count_cb), &n_last);
  g_signal_connect (state, "notify::rate", G_CALLBACK (count_cb), &n_rate);
  g_signal_connect (state, "notify::status", G_CALLBACK (count_cb), &n_status);
  g_signal_connect (state, "notify::reason", G_CALLBACK (count_cb), &n_reason);

  whale_channel_state_publish (state, t0);
  for (guint i = 0; i < 500; i++)
    {
      whale_channel_state_count_frame (state, t0 + i * 1000);
      whale_channel_state_count_record (state);
    }
  whale_channel_state_count_error (state);
  /* Counting notifies nothing; the getters are live. */
  g_assert_cmpuint (n_frames + n_records + n_errors + n_last + n_rate, ==, 0);
  g_assert_cmpuint (whale_channel_state_get_frames (state), ==, 500);

  whale_channel_state_publish (state, t0 + 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (n_frames, ==, 1);
  g_assert_cmpuint (n_records, ==, 1);
  g_assert_cmpuint (n_errors, ==, 1);
  g_assert_cmpuint (n_last, ==, 1);
  g_assert_cmpuint (n_rate, ==, 1);
  g_object_get (state, "frames", &frames, NULL);
  g_assert_cmpuint (frames, ==, 500);
  g_assert_cmpfloat_with_epsilon (whale_channel_state_get_rate (state), 250.0, 0.001);
  g_assert_cmpint (whale_channel_state_get_last_update (state), ==, t0 + 499 * 1000);

  /* Nothing new: only the rate moves, towards zero. */
  whale_channel_state_publish (state, t0 + 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (n_frames + n_records + n_errors + n_last, ==, 4);
  g_assert_cmpuint (n_rate, ==, 2);
  g_assert_cmpfloat (whale_channel_state_get_rate (state), <, 250.0);
  for (guint s = 4; s < 60; s++)
    whale_channel_state_publish (state, t0 + s * G_USEC_PER_SEC);
  g_assert_cmpfloat (whale_channel_state_get_rate (state), ==, 0.0);

  whale_channel_state_set_status (state, WHALE_CHANNEL_NOT_CONFIRMED, "no such channel");
  whale_channel_state_set_status (state, WHALE_CHANNEL_NOT_CONFIRMED, "no such channel");
  g_assert_cmpuint (n_status, ==, 1);
  g_assert_cmpuint (n_reason, ==, 1);
  g_assert_cmpstr (whale_channel_state_get_reason (state), ==, "no such channel");
  whale_channel_state_set_status (state, WHALE_CHANNEL_JOINED, NULL);
  g_assert_cmpuint (n_status, ==, 2);
  g_assert_cmpuint (n_reason, ==, 2);
  g_assert_null (whale_channel_state_get_reason (state));

  /* Back to pending (the connection is lost, or joined again): no frames come, so no
   * rate is shown, rather than the last one fading over seconds. Then it counts anew. */
  for (guint i = 0; i < 100; i++)
    whale_channel_state_count_frame (state, t0 + 60 * G_USEC_PER_SEC);
  whale_channel_state_publish (state, t0 + 61 * G_USEC_PER_SEC);
  g_assert_cmpfloat (whale_channel_state_get_rate (state), >, 0.0);
  n_rate = 0;
  whale_channel_state_set_status (state, WHALE_CHANNEL_PENDING, NULL);
  g_assert_cmpfloat (whale_channel_state_get_rate (state), ==, 0.0);
  g_assert_cmpuint (n_rate, ==, 1);
  whale_channel_state_publish (state, t0 + 70 * G_USEC_PER_SEC);
  for (guint i = 0; i < 30; i++)
    whale_channel_state_count_frame (state, t0 + 70 * G_USEC_PER_SEC);
  whale_channel_state_publish (state, t0 + 71 * G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (whale_channel_state_get_rate (state), 30.0, 0.001);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/feed/newest-first", test_feed_newest_first);
  g_test_add_func ("/core/feed/bound-evicts-oldest", test_feed_bound_evicts_oldest);
  g_test_add_func ("/core/feed/eviction-reuses-records", test_feed_eviction_reuses_records);
  g_test_add_func ("/core/feed/coalesces-bursts", test_feed_coalesces_bursts);
  g_test_add_func ("/core/feed/flood-bounded-batches", test_feed_flood_bounded_batches);
  g_test_add_func ("/core/feed/flush-timing", test_feed_flush_timing);
  g_test_add_func ("/core/feed/pause", test_feed_pause);
  g_test_add_func ("/core/feed/capacity", test_feed_capacity);
  g_test_add_func ("/core/feed/payload-window", test_feed_payload_window);
  g_test_add_func ("/core/feed/clear", test_feed_clear);
  g_test_add_func ("/core/feed/notifies-per-flush", test_feed_notifies_per_flush);
  g_test_add_func ("/core/feed/dispose-removes-timeout", test_feed_dispose_removes_timeout);
  g_test_add_func ("/core/channel-state/publish", test_channel_state_publish);

  return g_test_run ();
}
