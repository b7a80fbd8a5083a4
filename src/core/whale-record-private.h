/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-record.h"

G_BEGIN_DECLS

/* For the frame decoder: marks present, at once, every field whose bit (its index in
 * the class's field table) is set in @mask. */
void whale_record_mark_present_mask (WhaleRecord *self,
                                     guint64      mask);

G_END_DECLS
