/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "whale-record.h"

G_BEGIN_DECLS

/* A bounded list of records, newest first (a GListModel). Appends are batched: the
 * model changes at most once per flush interval, however many records arrived (up to
 * WHALE_FEED_MAX_BATCH, which is applied at once). A flush
 * emits at most two items-changed: first the removal of the evicted oldest at the end,
 * then the insertion of the batch at the front (positions are valid at each emission).
 * Properties (n-items, n-pending, ...) are notified at most once per flush, never per
 * append. The flush timeout runs on the thread-default main context of the creator. */
#define WHALE_TYPE_FEED (whale_feed_get_type ())
G_DECLARE_FINAL_TYPE (WhaleFeed, whale_feed, WHALE, FEED, GObject)

#define WHALE_FEED_DEFAULT_CAPACITY 20000
#define WHALE_FEED_DEFAULT_FLUSH_INTERVAL_MS 30
/* A batch this big is applied without waiting for the interval (a flood, not a tape a
 * person reads: 5 600 prints/s at the open fill 170 in 30 ms). */
#define WHALE_FEED_MAX_BATCH 2048
/* Only the newest this many records of a feed (shown or pending) keep their raw payload;
 * older ones drop it, so payloads cost ~1 MB, not ~1 KB per row. */
#define WHALE_FEED_PAYLOAD_WINDOW 1000

/* @capacity 0 means WHALE_FEED_DEFAULT_CAPACITY. */
WhaleFeed *whale_feed_new                (GType        item_type,
                                          guint        capacity);
/* Adds @record (a new reference is taken) to the pending batch. */
void       whale_feed_append             (WhaleFeed   *self,
                                          WhaleRecord *record);
/* Applies the pending batch now (unless paused). */
void       whale_feed_flush              (WhaleFeed   *self);
/* Removes every record, pending ones included, and resets the counters (n-received,
 * n-evicted): a cleared feed starts over. One items-changed. */
void       whale_feed_clear              (WhaleFeed   *self);

guint      whale_feed_get_capacity       (WhaleFeed   *self);
void       whale_feed_set_capacity       (WhaleFeed   *self,
                                          guint        capacity);
guint      whale_feed_get_flush_interval (WhaleFeed   *self);
void       whale_feed_set_flush_interval (WhaleFeed   *self,
                                          guint        interval_ms);
/* Whether records decoded for this feed keep their raw payload text (the details
 * view shows it). On by default, and then only the newest WHALE_FEED_PAYLOAD_WINDOW
 * records keep it (~1 KB per flow alert, about as much as the record). Applies to
 * records decoded from then on. */
gboolean   whale_feed_get_keep_payloads  (WhaleFeed   *self);
void       whale_feed_set_keep_payloads  (WhaleFeed   *self,
                                          gboolean     keep_payloads);
gboolean   whale_feed_get_paused         (WhaleFeed   *self);
void       whale_feed_set_paused         (WhaleFeed   *self,
                                          gboolean     paused);
/* Records waiting to be shown (paused, or before the next flush). */
guint      whale_feed_get_n_pending      (WhaleFeed   *self);
/* Records appended since creation or the last clear. */
guint64    whale_feed_get_n_received     (WhaleFeed   *self);
/* Records dropped because the feed (or the pending batch) was full, since creation or
 * the last clear. */
guint64    whale_feed_get_n_evicted      (WhaleFeed   *self);

G_END_DECLS
