/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-record.h"

G_BEGIN_DECLS

/* For the frame decoder: marks present, at once, every field whose bit (its index in
 * the class's field table) is set in @mask. */
void whale_record_mark_present_mask (WhaleRecord *self,
                                     guint64      mask);

/* For the frame decoder: the one block that holds every STRING and STRV value of the
 * record (the slots point into it); freed with the record. */
void whale_record_take_strings      (WhaleRecord *self,
                                     gpointer     block);

/* For the frame decoder: whale_record_set_channel() for a string already interned. */
void whale_record_set_interned_channel (WhaleRecord *self,
                                        const char  *channel);

/* For the frame decoder: the whole frame the record came from. The payload text is cut
 * out of it only when asked for (whale_record_get_payload()): most records are never
 * looked at. */
void whale_record_take_frame        (WhaleRecord *self,
                                     GBytes      *frame);
/* The frame given to take_frame(), while the payload has not been cut from it. */
GBytes *whale_record_peek_frame     (WhaleRecord *self);

/* For a feed that lets go of records long after they were made (evicting the oldest,
 * dropping payloads at the window's edge): by then they are out of the CPU's caches.
 * These ask it to start fetching what that will touch, a few records ahead, so the
 * misses overlap instead of coming one after another. prefetch() fetches the instance
 * and its private part; prefetch_blocks(), called some records later on the same one,
 * the blocks those point to. Neither changes anything. */
void whale_record_prefetch          (WhaleRecord *self);
void whale_record_prefetch_blocks   (WhaleRecord *self);

/* Records a thread keeps per class for reuse: a feed's largest batch (WHALE_FEED_MAX_BATCH),
 * the most one flush lets go of in the flow of records. */
#define WHALE_RECORD_POOL_MAX 2048

/* For the frame decoder: a record of @klass as a new one is (numbers NaN, nothing
 * present), often one whale_record_release() kept, which is cheaper than a new one. */
WhaleRecord *whale_record_new_blank (WhaleRecordClass *klass);
/* For a feed letting go of a record: g_object_unref(), except that a record nothing
 * else holds (one reference, no qdata) is kept for whale_record_new_blank(). Records
 * emit no signals; whoever connects a handler to one must also hold a reference or a
 * weak reference on it, or the handler would live on into the record's next use. */
void whale_record_release           (WhaleRecord *self);

G_END_DECLS
