/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-buffered-input"

#include "config.h"

#include <string.h>

#include "whale-buffered-input.h"

/* The input side of a connection, read from the network in gulps of up to 64 KiB and
 * handed out in whatever sizes the reader asks for.
 *
 * libsoup's WebSocket connection reads its input 1 KiB at a time, so over a plain socket
 * every ~1 KiB frame costs a recv() system call of its own, about a fifth of the CPU a
 * frame takes in all. Through this stream a burst of 60 frames costs one. It is pollable
 * (libsoup requires that): it is readable while it holds bytes, or when the connection
 * is. Closing it closes the whole connection, the way closing libsoup's own stream does.
 * @already_read holds bytes read past the HTTP handshake; they come out first.
 *
 * It also gives the main loop its turns. libsoup reads in one loop for as long as bytes
 * keep coming, handing each frame on as it goes, so a sender faster than the app kept
 * that loop, and the window, from ever returning. Here, once a run of reads has lasted
 * MAX_BURST_US, the next read says "would block"; libsoup then waits on a new source,
 * which this stream gives the priority of an idle: layout, paint and timers go first,
 * and the reading goes on right after them. */

#define MAX_BURST_US (8 * 1000)

struct _WhaleBufferedInput
{
  GInputStream  parent_instance;

  GIOStream    *connection;
  GInputStream *base;
  guint8       *buffer;
  gsize         start;  /* the unread bytes are buffer[start, end) */
  gsize         end;
  gsize         n_reads;
  gint64        burst_start;  /* monotonic µs of the run's first read from the connection */
  gboolean      yielding;     /* the next source waits behind everything more urgent */
};

static void whale_buffered_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WhaleBufferedInput, whale_buffered_input, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      whale_buffered_input_pollable_init))

static gsize
take_buffered (WhaleBufferedInput *self,
               void               *out,
               gsize               count)
{
  gsize n = MIN (count, self->end - self->start);

  memcpy (out, self->buffer + self->start, n);
  self->start += n;
  return n;
}

/* Refills the empty buffer from the connection, blocking or not; returns what the
 * connection's read returned. */
static gssize
refill (WhaleBufferedInput  *self,
        gboolean             blocking,
        GCancellable        *cancellable,
        GError             **error)
{
  gssize n;

  g_assert (self->start == self->end);

  n = g_pollable_stream_read (self->base, self->buffer, WHALE_BUFFERED_INPUT_SIZE,
                              blocking, cancellable, error);
  self->n_reads++;
  self->start = 0;
  self->end = MAX (n, 0);
  return n;
}

static gssize
read_internal (WhaleBufferedInput  *self,
               void                *out,
               gsize                count,
               gboolean             blocking,
               GCancellable        *cancellable,
               GError             **error)
{
  gssize n;

  if (count == 0 || self->start < self->end)
    return take_buffered (self, out, count);

  if (!blocking)
    {
      gint64 now = g_get_monotonic_time ();

      if (self->burst_start == 0)
        self->burst_start = now;
      else if (now - self->burst_start > MAX_BURST_US)
        {
          self->yielding = TRUE;
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                               "Letting the main loop run");
          return -1;
        }
    }

  n = refill (self, blocking, cancellable, error);
  if (n <= 0)
    return n;
  return take_buffered (self, out, count);
}

static gssize
whale_buffered_input_read (GInputStream  *stream,
                           void          *buffer,
                           gsize          count,
                           GCancellable  *cancellable,
                           GError       **error)
{
  return read_internal (WHALE_BUFFERED_INPUT (stream), buffer, count, TRUE, cancellable, error);
}

static gboolean
whale_buffered_input_close (GInputStream  *stream,
                            GCancellable  *cancellable,
                            GError       **error)
{
  WhaleBufferedInput *self = WHALE_BUFFERED_INPUT (stream);

  return g_io_stream_close (self->connection, cancellable, error);
}

static gboolean
whale_buffered_input_can_poll (GPollableInputStream *stream)
{
  WhaleBufferedInput *self = WHALE_BUFFERED_INPUT (stream);

  return g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (self->base));
}

static gboolean
whale_buffered_input_is_readable (GPollableInputStream *stream)
{
  WhaleBufferedInput *self = WHALE_BUFFERED_INPUT (stream);

  return self->start < self->end
         || g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (self->base));
}

/* Ready at once while bytes are buffered; otherwise when the connection is. */
static GSource *
whale_buffered_input_create_source (GPollableInputStream *stream,
                                    GCancellable         *cancellable)
{
  WhaleBufferedInput *self = WHALE_BUFFERED_INPUT (stream);
  g_autoptr(GSource) child = NULL;
  GSource *source;

  if (self->start < self->end)
    child = g_timeout_source_new (0);
  else
    child = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->base), NULL);
  source = g_pollable_source_new_full (stream, child, cancellable);

  /* The reader went back to the main loop: the next read starts a new run. */
  self->burst_start = 0;
  if (self->yielding)
    {
      g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
      self->yielding = FALSE;
    }
  return source;
}

static gssize
whale_buffered_input_read_nonblocking (GPollableInputStream  *stream,
                                       void                  *buffer,
                                       gsize                  count,
                                       GError               **error)
{
  return read_internal (WHALE_BUFFERED_INPUT (stream), buffer, count, FALSE, NULL, error);
}

static void
whale_buffered_input_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = whale_buffered_input_can_poll;
  iface->is_readable = whale_buffered_input_is_readable;
  iface->create_source = whale_buffered_input_create_source;
  iface->read_nonblocking = whale_buffered_input_read_nonblocking;
}

static void
whale_buffered_input_dispose (GObject *object)
{
  WhaleBufferedInput *self = WHALE_BUFFERED_INPUT (object);

  g_clear_object (&self->base);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (whale_buffered_input_parent_class)->dispose (object);
}

static void
whale_buffered_input_finalize (GObject *object)
{
  WhaleBufferedInput *self = WHALE_BUFFERED_INPUT (object);

  g_free (self->buffer);

  G_OBJECT_CLASS (whale_buffered_input_parent_class)->finalize (object);
}

static void
whale_buffered_input_class_init (WhaleBufferedInputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->dispose = whale_buffered_input_dispose;
  object_class->finalize = whale_buffered_input_finalize;
  stream_class->read_fn = whale_buffered_input_read;
  stream_class->close_fn = whale_buffered_input_close;
}

static void
whale_buffered_input_init (WhaleBufferedInput *self)
{
  self->buffer = g_malloc (WHALE_BUFFERED_INPUT_SIZE);
}

WhaleBufferedInput *
whale_buffered_input_new (GIOStream *connection,
                          GBytes    *already_read)
{
  WhaleBufferedInput *self;
  GInputStream *base;
  gsize size = 0;
  const guint8 *data = NULL;

  g_return_val_if_fail (G_IS_IO_STREAM (connection), NULL);
  base = g_io_stream_get_input_stream (connection);
  g_return_val_if_fail (G_IS_POLLABLE_INPUT_STREAM (base), NULL);
  if (already_read != NULL)
    data = g_bytes_get_data (already_read, &size);
  g_return_val_if_fail (size <= WHALE_BUFFERED_INPUT_SIZE, NULL);

  self = g_object_new (WHALE_TYPE_BUFFERED_INPUT, NULL);
  self->connection = g_object_ref (connection);
  self->base = g_object_ref (base);
  if (size > 0)
    memcpy (self->buffer, data, size);
  self->end = size;
  return self;
}

/* How many times the connection was read: what a burst of frames cost in reads. */
gsize
whale_buffered_input_get_n_reads (WhaleBufferedInput *self)
{
  g_return_val_if_fail (WHALE_IS_BUFFERED_INPUT (self), 0);

  return self->n_reads;
}
