/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "whale-record.h"

G_BEGIN_DECLS

/* Every field of one record, by its class's field table, and the raw payload. */
#define WHALE_TYPE_RECORD_DETAILS (whale_record_details_get_type ())
G_DECLARE_FINAL_TYPE (WhaleRecordDetails, whale_record_details, WHALE, RECORD_DETAILS, AdwWindow)

GtkWindow   *whale_record_details_new        (WhaleRecord        *record);
WhaleRecord *whale_record_details_get_record (WhaleRecordDetails *self);
/* The window's title and its fields that have a value, one "Label: value" a line. */
char        *whale_record_details_dup_text   (WhaleRecord        *record);

G_END_DECLS
