/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Recordings: JSON lines {"t": receive time in epoch ms, "frame": "<the text frame>"}.
 * Never the token or the full URL. */

typedef struct _WhaleRecorder WhaleRecorder;

/* Appends to @path; lines reach the disk at least every second. */
WhaleRecorder *whale_recorder_new    (const char     *path,
                                      GError        **error);
gboolean       whale_recorder_append (WhaleRecorder  *self,
                                      gint64          time_ms,
                                      const char     *frame,
                                      gsize           len,
                                      GError        **error);
gboolean       whale_recorder_close  (WhaleRecorder  *self,
                                      GError        **error);
void           whale_recorder_free   (WhaleRecorder  *self);

typedef struct
{
  gint64  time_ms;
  char   *frame;
} WhaleRecordedFrame;

/* Reads every whole line of @path. A torn last line is left out and reported in
 * @n_incomplete; malformed whole lines in @n_malformed. Array of WhaleRecordedFrame. */
GArray        *whale_recording_read  (const char     *path,
                                      guint          *n_malformed,
                                      guint          *n_incomplete,
                                      GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhaleRecorder, whale_recorder_free)

G_END_DECLS
