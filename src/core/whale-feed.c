/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-feed"

#include "config.h"

#include "whale-feed.h"

#include <string.h>

#include "whale-record-private.h"

/* Signals per flush, in this order:
 *   1. items-changed (n_items - evicted, evicted, 0): the oldest records fall off the end,
 *      only when the feed overflows;
 *   2. items-changed (0, 0, added): the batch appears at the front, newest first.
 * The model already has its new contents for that step when each signal is emitted, so
 * positions are valid in every handler. When a batch replaces every record the two
 * collapse into one items-changed (0, n_items, added). Properties are notified after the
 * signals, once per flush and only those that changed. */

/* A ring of record pointers, oldest first. It grows by doubling up to its limit so a quiet
 * feed costs little; when a push finds it at the limit the oldest record is dropped. */
typedef struct
{
  WhaleRecord **items;
  guint         size;   /* allocated slots */
  guint         start;  /* index of the oldest */
  guint         len;
} Ring;

/* Where the frames of the records in the payload window live: copied one after another
 * into 64 KiB chunks, each record's frame a GBytes holding a reference on its chunk. A
 * chunk is freed when the window has passed all of its frames. Left in the buffers they
 * came in (libsoup's, a power of two: 2 KiB for a 1 KiB frame), a thousand frames were
 * 2 MB scattered over the heap, each allocated and later freed cold: 15 % of the CPU a
 * frame takes. Per feed, so that one feed's slow window never holds another's chunks. */
#define CHUNK_SIZE (64 * 1024)

typedef struct
{
  char  *chunk;  /* a g_atomic_rc_box of CHUNK_SIZE bytes; NULL before the first frame */
  gsize  used;
} Chunks;

#define RING_MIN_SIZE 64
#define FLUSH_CHECK_EVERY 64
G_STATIC_ASSERT (WHALE_FEED_MAX_BATCH % FLUSH_CHECK_EVERY == 0);
G_STATIC_ASSERT (WHALE_RECORD_POOL_MAX >= WHALE_FEED_MAX_BATCH);

struct _WhaleFeed
{
  GObject       parent_instance;

  GType         item_type;
  guint         capacity;
  guint         flush_interval;
  gboolean      paused;
  gboolean      keep_payloads;

  Ring          shown;    /* the model */
  Ring          pending;  /* the batch, at most capacity records */
  Chunks        frames;   /* the payload window's frames */

  guint64       n_received;
  guint64       n_evicted;

  GMainContext *context;
  GSource      *flush_source;
  gint64        flush_due;  /* monotonic µs when the scheduled flush is due */

  /* What the properties last said, so each is notified only when it changed. */
  guint         notified_n_items;
  guint         notified_n_pending;
  guint64       notified_n_received;
  guint64       notified_n_evicted;
};

static void whale_feed_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WhaleFeed, whale_feed, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      whale_feed_list_model_init))

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_CAPACITY,
  PROP_FLUSH_INTERVAL,
  PROP_PAUSED,
  PROP_KEEP_PAYLOADS,
  PROP_N_ITEMS,
  PROP_N_PENDING,
  PROP_N_RECEIVED,
  PROP_N_EVICTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static inline WhaleRecord **
ring_slot (Ring  *ring,
           guint  i)
{
  g_assert (i < ring->len);
  return &ring->items[(ring->start + i) % ring->size];
}

/* Moves the contents to a new array of @size slots (>= len), oldest at index 0. */
static void
ring_resize (Ring  *ring,
             guint  size)
{
  WhaleRecord **items;

  g_assert (size >= ring->len);

  if (size == ring->size && ring->start == 0)
    return;

  items = g_new (WhaleRecord *, MAX (size, 1));
  for (guint i = 0; i < ring->len; i++)
    items[i] = *ring_slot (ring, i);
  g_free (ring->items);
  ring->items = items;
  ring->size = MAX (size, 1);
  ring->start = 0;
}

/* Room for @extra more records, growing by doubling but not past @limit slots. */
static void
ring_reserve (Ring  *ring,
              guint  extra,
              guint  limit)
{
  guint needed = ring->len + extra;
  guint size;

  if (needed <= ring->size)
    return;

  size = MAX (ring->size, RING_MIN_SIZE / 2);
  size = size > G_MAXUINT / 2 ? G_MAXUINT : size * 2;
  size = MAX (MIN (size, limit), needed);
  ring_resize (ring, size);
}

/* Takes ownership of @record. */
static inline void
ring_push (Ring        *ring,
           WhaleRecord *record)
{
  g_assert (ring->len < ring->size);

  ring->items[(ring->start + ring->len) % ring->size] = record;
  ring->len++;
}

/* Returns the oldest record; the caller owns it. */
static inline WhaleRecord *
ring_pop_oldest (Ring *ring)
{
  WhaleRecord *record;

  g_assert (ring->len > 0);

  record = ring->items[ring->start];
  ring->items[ring->start] = NULL;
  ring->start = (ring->start + 1) % ring->size;
  ring->len--;
  return record;
}

/* How many records ahead the loops that let go of old records ask for them (see
 * whale_record_prefetch()): records first, the blocks they point to half as far. */
#define PREFETCH_AHEAD 8

static void
prefetch_ahead (Ring  *ring,
                guint  i)
{
  if (i + 2 * PREFETCH_AHEAD < ring->len)
    whale_record_prefetch (*ring_slot (ring, i + 2 * PREFETCH_AHEAD));
  if (i + PREFETCH_AHEAD < ring->len)
    whale_record_prefetch_blocks (*ring_slot (ring, i + PREFETCH_AHEAD));
}

/* Lets go of the @n oldest records. @reuse for evictions in the flow of records: the
 * ones nothing else holds then go back to the decoder (whale_record_release()); a
 * feed cleared or disposed does not fill the pool with records nobody may ask for. */
static void
ring_drop_oldest (Ring     *ring,
                  guint     n,
                  gboolean  reuse)
{
  g_assert (n <= ring->len);

  for (guint i = 0; i < n; i++)
    {
      WhaleRecord *record;

      if (i + PREFETCH_AHEAD < n)
        prefetch_ahead (ring, 0);
      record = ring_pop_oldest (ring);
      if (reuse)
        whale_record_release (record);
      else
        g_object_unref (record);
    }
}

static void
ring_clear (Ring *ring)
{
  ring_drop_oldest (ring, ring->len, FALSE);
  g_clear_pointer (&ring->items, g_free);
  ring->size = 0;
  ring->start = 0;
}

/* Shrinks a mostly empty array after evictions so memory follows the capacity. */
static void
ring_trim (Ring *ring)
{
  if (ring->size > RING_MIN_SIZE && ring->len < ring->size / 4)
    ring_resize (ring, MAX (ring->len * 2, RING_MIN_SIZE));
}

/* Records older than the newest WHALE_FEED_PAYLOAD_WINDOW (in @ring, oldest first, with
 * @newer records in front of it) drop their payload; @n_new were just added, so only
 * they can have pushed others past the edge. A raw event's payload is the record
 * itself: it stays. */
static void
drop_old_payloads (Ring  *ring,
                   guint  newer,
                   guint  n_new)
{
  guint window = WHALE_FEED_PAYLOAD_WINDOW > newer ? WHALE_FEED_PAYLOAD_WINDOW - newer : 0;
  guint edge;

  if (ring->len <= window)
    return;
  edge = ring->len - window;   /* indices below this are too old */
  for (guint i = edge > n_new ? edge - n_new : 0; i < edge; i++)
    {
      WhaleRecord *record = *ring_slot (ring, i);

      /* The next appends reach the records after the edge. */
      prefetch_ahead (ring, i);
      if (WHALE_RECORD_GET_CLASS (record)->kind != WHALE_RECORD_RAW)
        whale_record_take_payload (record, NULL);
    }
}

/* Moves @record's frame into the current chunk (a record can be held elsewhere, but its
 * frame's bytes stay the same). Frames over a quarter chunk keep their own buffer. */
static void
move_frame_to_chunk (Chunks      *chunks,
                     WhaleRecord *record)
{
  GBytes *frame = whale_record_peek_frame (record);
  gsize size;
  const char *data;

  if (frame == NULL)
    return;
  data = g_bytes_get_data (frame, &size);
  if (size == 0 || size > CHUNK_SIZE / 4)
    return;

  if (chunks->chunk == NULL || chunks->used + size > CHUNK_SIZE)
    {
      g_clear_pointer (&chunks->chunk, g_atomic_rc_box_release);
      chunks->chunk = g_atomic_rc_box_alloc (CHUNK_SIZE);
      chunks->used = 0;
    }
  memcpy (chunks->chunk + chunks->used, data, size);
  whale_record_take_frame (record,
                           g_bytes_new_with_free_func (chunks->chunk + chunks->used, size,
                                                       g_atomic_rc_box_release,
                                                       g_atomic_rc_box_acquire (chunks->chunk)));
  chunks->used += size;
}

static void
publish_counters (WhaleFeed *self)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (self->notified_n_items != self->shown.len)
    {
      self->notified_n_items = self->shown.len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  if (self->notified_n_pending != self->pending.len)
    {
      self->notified_n_pending = self->pending.len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
    }
  if (self->notified_n_received != self->n_received)
    {
      self->notified_n_received = self->n_received;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RECEIVED]);
    }
  if (self->notified_n_evicted != self->n_evicted)
    {
      self->notified_n_evicted = self->n_evicted;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EVICTED]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/* Moves the batch into the model and emits the changes (see the top of this file). */
static void
apply_pending (WhaleFeed *self)
{
  Ring batch = self->pending;
  Ring gone = { NULL, 0, 0, 0 };
  guint n_before = self->shown.len;
  guint added;
  guint evicted;

  if (batch.len == 0)
    return;

  /* Handlers may append while we emit: that goes into a fresh batch. */
  self->pending = (Ring) { NULL, 0, 0, 0 };

  g_assert (batch.len <= self->capacity);
  added = batch.len;
  evicted = n_before + added > self->capacity ? n_before + added - self->capacity : 0;

  /* The evicted records are let go of after the signals: by then the models that
   * mirror this one (the window's sort model) have dropped them too, so the ones no
   * row still shows can be reused. */
  ring_reserve (&gone, evicted, evicted);
  for (guint i = 0; i < evicted; i++)
    ring_push (&gone, ring_pop_oldest (&self->shown));
  self->n_evicted += evicted;

  if (evicted == n_before)
    {
      /* Nothing old survives: one signal says it all. */
      ring_reserve (&self->shown, added, self->capacity);
      while (batch.len > 0)
        ring_push (&self->shown, ring_pop_oldest (&batch));
      g_list_model_items_changed (G_LIST_MODEL (self), 0, n_before, added);
    }
  else
    {
      if (evicted > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), n_before - evicted, evicted, 0);
      ring_reserve (&self->shown, added, self->capacity);
      while (batch.len > 0)
        ring_push (&self->shown, ring_pop_oldest (&batch));
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
    }

  if (self->keep_payloads)
    drop_old_payloads (&self->shown, self->pending.len, added);
  ring_drop_oldest (&gone, gone.len, TRUE);
  g_free (gone.items);

  /* Keep the batch's array for the next one unless a handler started a new batch. */
  if (self->pending.items == NULL)
    self->pending = batch;
  else
    ring_clear (&batch);
}

static gboolean
flush_timeout_cb (gpointer user_data)
{
  WhaleFeed *self = user_data;

  g_clear_pointer (&self->flush_source, g_source_unref);
  whale_feed_flush (self);
  return G_SOURCE_REMOVE;
}

static void
cancel_flush (WhaleFeed *self)
{
  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
}

/* The feed's timeout lives on the thread-default context of its creator (not necessarily
 * the global default one, so g_source_remove() by id would be wrong here). */
static void
schedule_flush (WhaleFeed *self)
{
  if (self->flush_source != NULL)
    return;

  self->flush_due = g_get_monotonic_time () + (gint64) self->flush_interval * 1000;
  self->flush_source = g_timeout_source_new (self->flush_interval);
  g_source_set_static_name (self->flush_source, "[whale] feed flush");
  g_source_set_callback (self->flush_source, flush_timeout_cb, self, NULL);
  g_source_attach (self->flush_source, self->context);
}

static GType
whale_feed_get_item_type (GListModel *model)
{
  return WHALE_FEED (model)->item_type;
}

static guint
whale_feed_get_n_items (GListModel *model)
{
  return WHALE_FEED (model)->shown.len;
}

static gpointer
whale_feed_get_item (GListModel *model,
                     guint       position)
{
  WhaleFeed *self = WHALE_FEED (model);

  if (position >= self->shown.len)
    return NULL;
  return g_object_ref (*ring_slot (&self->shown, self->shown.len - 1 - position));
}

static void
whale_feed_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = whale_feed_get_item_type;
  iface->get_n_items = whale_feed_get_n_items;
  iface->get_item = whale_feed_get_item;
}

static void
whale_feed_dispose (GObject *object)
{
  WhaleFeed *self = WHALE_FEED (object);

  cancel_flush (self);
  ring_clear (&self->shown);
  ring_clear (&self->pending);
  g_clear_pointer (&self->frames.chunk, g_atomic_rc_box_release);

  G_OBJECT_CLASS (whale_feed_parent_class)->dispose (object);
}

static void
whale_feed_finalize (GObject *object)
{
  WhaleFeed *self = WHALE_FEED (object);

  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (whale_feed_parent_class)->finalize (object);
}

static void
whale_feed_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  WhaleFeed *self = WHALE_FEED (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, self->item_type);
      break;
    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;
    case PROP_FLUSH_INTERVAL:
      g_value_set_uint (value, self->flush_interval);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_KEEP_PAYLOADS:
      g_value_set_boolean (value, self->keep_payloads);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->shown.len);
      break;
    case PROP_N_PENDING:
      g_value_set_uint (value, self->pending.len);
      break;
    case PROP_N_RECEIVED:
      g_value_set_uint64 (value, self->n_received);
      break;
    case PROP_N_EVICTED:
      g_value_set_uint64 (value, self->n_evicted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_feed_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  WhaleFeed *self = WHALE_FEED (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      self->item_type = g_value_get_gtype (value);
      break;
    case PROP_CAPACITY:
      whale_feed_set_capacity (self, g_value_get_uint (value));
      break;
    case PROP_FLUSH_INTERVAL:
      whale_feed_set_flush_interval (self, g_value_get_uint (value));
      break;
    case PROP_PAUSED:
      whale_feed_set_paused (self, g_value_get_boolean (value));
      break;
    case PROP_KEEP_PAYLOADS:
      whale_feed_set_keep_payloads (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_feed_class_init (WhaleFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = whale_feed_dispose;
  object_class->finalize = whale_feed_finalize;
  object_class->get_property = whale_feed_get_property;
  object_class->set_property = whale_feed_set_property;

  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, WHALE_TYPE_RECORD,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL,
                       1, G_MAXINT, WHALE_FEED_DEFAULT_CAPACITY, rw);
  properties[PROP_FLUSH_INTERVAL] =
    g_param_spec_uint ("flush-interval", NULL, NULL,
                       0, G_MAXINT, WHALE_FEED_DEFAULT_FLUSH_INTERVAL_MS, rw);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE, rw);
  properties[PROP_KEEP_PAYLOADS] =
    g_param_spec_boolean ("keep-payloads", NULL, NULL, TRUE, rw);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_RECEIVED] =
    g_param_spec_uint64 ("n-received", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_EVICTED] =
    g_param_spec_uint64 ("n-evicted", NULL, NULL, 0, G_MAXUINT64, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
whale_feed_init (WhaleFeed *self)
{
  self->item_type = WHALE_TYPE_RECORD;
  self->capacity = WHALE_FEED_DEFAULT_CAPACITY;
  self->flush_interval = WHALE_FEED_DEFAULT_FLUSH_INTERVAL_MS;
  self->keep_payloads = TRUE;
  self->context = g_main_context_ref_thread_default ();
}

WhaleFeed *
whale_feed_new (GType item_type,
                guint capacity)
{
  g_return_val_if_fail (g_type_is_a (item_type, WHALE_TYPE_RECORD), NULL);

  return g_object_new (WHALE_TYPE_FEED,
                       "item-type", item_type,
                       "capacity", capacity > 0 ? capacity : WHALE_FEED_DEFAULT_CAPACITY,
                       NULL);
}

void
whale_feed_append (WhaleFeed   *self,
                   WhaleRecord *record)
{
  g_return_if_fail (WHALE_IS_FEED (self));
  g_return_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (record, self->item_type));

  self->n_received++;
  if (self->pending.len == self->capacity)
    {
      /* Paused long enough to fill a whole feed: the oldest waiting one goes. */
      whale_record_release (ring_pop_oldest (&self->pending));
      self->n_evicted++;
    }
  else
    ring_reserve (&self->pending, 1, self->capacity);
  ring_push (&self->pending, g_object_ref (record));
  if (self->keep_payloads)
    {
      move_frame_to_chunk (&self->frames, record);
      /* The window counts pending records too: they are the newest. */
      drop_old_payloads (&self->pending, 0, 1);
      drop_old_payloads (&self->shown, self->pending.len, 1);
    }

  /* A busy socket can keep the main loop in one dispatch for as long as frames keep
   * coming (libsoup reads until the socket is drained), so the timeout may not get to
   * run: then the batch is applied from here once it is due, keeping the model at most
   * one interval behind. It is also applied once it holds WHALE_FEED_MAX_BATCH records,
   * so that a flood costs the memory of that many, not of an interval's worth (at
   * 200 000 frames/s, 30 ms is 6 000 records, 5 MB). The clock is read once per
   * CHECK_EVERY appends. */
  if (self->flush_source != NULL && !self->paused
      && self->pending.len % FLUSH_CHECK_EVERY == 0
      && (self->pending.len >= WHALE_FEED_MAX_BATCH
          || g_get_monotonic_time () >= self->flush_due))
    {
      whale_feed_flush (self);
      return;
    }
  schedule_flush (self);
}

void
whale_feed_flush (WhaleFeed *self)
{
  g_return_if_fail (WHALE_IS_FEED (self));

  g_object_ref (self);

  /* While paused the timeout still runs, throttling the counters' notifications. */
  if (!self->paused)
    {
      cancel_flush (self);
      apply_pending (self);
    }
  publish_counters (self);

  g_object_unref (self);
}

void
whale_feed_clear (WhaleFeed *self)
{
  guint n_before;

  g_return_if_fail (WHALE_IS_FEED (self));

  g_object_ref (self);

  cancel_flush (self);
  ring_clear (&self->pending);
  n_before = self->shown.len;
  ring_clear (&self->shown);
  self->n_received = 0;
  self->n_evicted = 0;
  if (n_before > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n_before, 0);
  publish_counters (self);

  g_object_unref (self);
}

guint
whale_feed_get_capacity (WhaleFeed *self)
{
  g_return_val_if_fail (WHALE_IS_FEED (self), 0);

  return self->capacity;
}

void
whale_feed_set_capacity (WhaleFeed *self,
                         guint      capacity)
{
  g_return_if_fail (WHALE_IS_FEED (self));
  g_return_if_fail (capacity > 0);

  if (capacity == self->capacity)
    return;

  g_object_ref (self);

  self->capacity = capacity;

  if (self->pending.len > capacity)
    {
      guint dropped = self->pending.len - capacity;

      ring_drop_oldest (&self->pending, dropped, FALSE);
      self->n_evicted += dropped;
    }
  ring_trim (&self->pending);

  if (self->shown.len > capacity)
    {
      guint evicted = self->shown.len - capacity;

      ring_drop_oldest (&self->shown, evicted, FALSE);
      ring_trim (&self->shown);
      self->n_evicted += evicted;
      g_list_model_items_changed (G_LIST_MODEL (self), capacity, evicted, 0);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY]);
  publish_counters (self);

  g_object_unref (self);
}

guint
whale_feed_get_flush_interval (WhaleFeed *self)
{
  g_return_val_if_fail (WHALE_IS_FEED (self), 0);

  return self->flush_interval;
}

/* Takes effect from the next flush that gets scheduled. */
void
whale_feed_set_flush_interval (WhaleFeed *self,
                               guint      interval_ms)
{
  g_return_if_fail (WHALE_IS_FEED (self));

  if (interval_ms == self->flush_interval)
    return;

  self->flush_interval = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLUSH_INTERVAL]);
}

gboolean
whale_feed_get_keep_payloads (WhaleFeed *self)
{
  g_return_val_if_fail (WHALE_IS_FEED (self), TRUE);

  return self->keep_payloads;
}

void
whale_feed_set_keep_payloads (WhaleFeed *self,
                              gboolean   keep_payloads)
{
  g_return_if_fail (WHALE_IS_FEED (self));

  keep_payloads = !!keep_payloads;
  if (keep_payloads == self->keep_payloads)
    return;
  self->keep_payloads = keep_payloads;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP_PAYLOADS]);
}

gboolean
whale_feed_get_paused (WhaleFeed *self)
{
  g_return_val_if_fail (WHALE_IS_FEED (self), FALSE);

  return self->paused;
}

void
whale_feed_set_paused (WhaleFeed *self,
                       gboolean   paused)
{
  g_return_if_fail (WHALE_IS_FEED (self));

  paused = !!paused;
  if (paused == self->paused)
    return;

  g_object_ref (self);

  self->paused = paused;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  if (!paused)
    whale_feed_flush (self);

  g_object_unref (self);
}

guint
whale_feed_get_n_pending (WhaleFeed *self)
{
  g_return_val_if_fail (WHALE_IS_FEED (self), 0);

  return self->pending.len;
}

guint64
whale_feed_get_n_received (WhaleFeed *self)
{
  g_return_val_if_fail (WHALE_IS_FEED (self), 0);

  return self->n_received;
}

guint64
whale_feed_get_n_evicted (WhaleFeed *self)
{
  g_return_val_if_fail (WHALE_IS_FEED (self), 0);

  return self->n_evicted;
}
