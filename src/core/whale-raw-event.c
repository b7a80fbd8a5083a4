/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-raw-event"

#include "config.h"

#include "whale-raw-event.h"

/* No fields: the payload text (whale_record_get_payload()) is the record. */
struct _WhaleRawEvent
{
  WhaleRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (WhaleRawEvent, whale_raw_event, WHALE_TYPE_RECORD)

static gboolean
whale_raw_event_finish (WhaleRecord *record)
{
  return TRUE;
}

static void
whale_raw_event_class_init (WhaleRawEventClass *klass)
{
  WhaleRecordClass *record_class = WHALE_RECORD_CLASS (klass);

  record_class->kind = WHALE_RECORD_RAW;
  record_class->kind_name = "raw";
  record_class->keep_payload = TRUE;
  record_class->finish = whale_raw_event_finish;
  whale_record_class_set_fields (record_class, NULL, 0);
}

static void
whale_raw_event_init (WhaleRawEvent *self)
{
}
