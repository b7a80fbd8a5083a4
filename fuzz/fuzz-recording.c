/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-fuzz"
#define _GNU_SOURCE  /* memfd_create */

#include "config.h"

#include <sys/mman.h>
#include <unistd.h>

#include "whale-recording.h"
#include "fuzz-common.h"

/* A recording file's bytes, read back through /proc/self/fd of a memfd. */

static int fd = -1;
static char *path;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  whale_fuzz_init ();
  fd = memfd_create ("whale-fuzz-recording", MFD_CLOEXEC);
  g_assert (fd >= 0);
  path = g_strdup_printf ("/proc/self/fd/%d", fd);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) frames = NULL;
  guint n_malformed = G_MAXUINT;
  guint n_incomplete = G_MAXUINT;

  g_assert (ftruncate (fd, 0) == 0);
  g_assert (pwrite (fd, data, size, 0) == (ssize_t) size);

  frames = whale_recording_read (path, &n_malformed, &n_incomplete, &error);
  g_assert_no_error (error);
  g_assert (frames != NULL);
  g_assert (n_incomplete <= 1);
  g_assert (n_malformed <= size);
  for (guint i = 0; i < frames->len; i++)
    {
      WhaleRecordedFrame *frame = &g_array_index (frames, WhaleRecordedFrame, i);

      g_assert (frame->frame != NULL);
    }
  /* Fewer lines than newlines + 1 can hold. */
  g_assert (frames->len + n_malformed + n_incomplete <= size / 2 + 1);
  return 0;
}
