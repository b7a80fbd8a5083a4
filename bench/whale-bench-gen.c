/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-bench-gen"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench-frames.h"

/* The benchmark's source: flow-alert frames rendered once by the simulator's generator,
 * framed once as WebSocket text frames into one buffer, then written to each client
 * with plain blocking write()s of many frames at a time, as fast as it reads. The
 * per-frame cost here is a share of one memcpy into the kernel, so it cannot be what
 * limits a client; each connection's report says how busy it was (cpu / wall).
 *
 * One client at a time: the runner runs them in turn. The number of frames comes
 * from the request ("?frames=N"), else --frames. After them, a normal close (1000). */

#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
#define WRITE_BATCH 128

static int opt_port = 0;
static int opt_pool = 16384;
static gint64 opt_frames = 200000;

static const GOptionEntry entries[] = {
  { "port", 0, 0, G_OPTION_ARG_INT, &opt_port, "Port on 127.0.0.1 (0 = any free one)", "PORT" },
  { "pool", 0, 0, G_OPTION_ARG_INT, &opt_pool, "Distinct frames to render and cycle", "N" },
  { "frames", 0, 0, G_OPTION_ARG_INT64, &opt_frames, "Frames per connection by default", "N" },
  { NULL }
};

typedef struct
{
  char   *wire;      /* every frame, framed, back to back */
  gsize  *offsets;   /* n + 1 */
  guint   n;
  double  mean_payload;
} Pool;

static void
pool_build (Pool      *pool,
            GPtrArray *frames)
{
  gsize total = 0, payload = 0, at = 0;

  pool->n = frames->len;
  pool->offsets = g_new (gsize, pool->n + 1);
  for (guint i = 0; i < frames->len; i++)
    total += g_bytes_get_size (frames->pdata[i]) + 10;
  pool->wire = g_malloc (total);

  for (guint i = 0; i < frames->len; i++)
    {
      gsize len;
      const char *text = g_bytes_get_data (frames->pdata[i], &len);
      guint8 *p = (guint8 *) pool->wire + at;

      pool->offsets[i] = at;
      *p++ = 0x81;  /* FIN, text; server frames are not masked */
      if (len < 126)
        *p++ = (guint8) len;
      else if (len < 65536)
        {
          *p++ = 126;
          *p++ = (guint8) (len >> 8);
          *p++ = (guint8) len;
        }
      else
        {
          *p++ = 127;
          for (int shift = 56; shift >= 0; shift -= 8)
            *p++ = (guint8) ((guint64) len >> shift);
        }
      memcpy (p, text, len);
      at = (p - (guint8 *) pool->wire) + len;
      payload += len;
    }
  pool->offsets[pool->n] = at;
  pool->mean_payload = (double) payload / pool->n;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

/* Reads the upgrade request; returns it (NUL-terminated) or NULL. */
static char *
read_request (int fd)
{
  GString *request = g_string_new (NULL);
  char buf[1024];

  while (strstr (request->str, "\r\n\r\n") == NULL)
    {
      ssize_t n = read (fd, buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || request->len > 16384)
        {
          g_string_free (request, TRUE);
          return NULL;
        }
      g_string_append_len (request, buf, n);
    }
  return g_string_free (request, FALSE);
}

static char *
header_value (const char *request,
              const char *name)
{
  g_auto(GStrv) lines = g_strsplit (request, "\r\n", -1);
  size_t name_len = strlen (name);

  for (guint i = 1; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], name, name_len) == 0 && lines[i][name_len] == ':')
      return g_strstrip (g_strdup (lines[i] + name_len + 1));
  return NULL;
}

static char *
accept_key (const char *key)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  g_checksum_update (sha1, (const guchar *) key, strlen (key));
  g_checksum_update (sha1, (const guchar *) WS_GUID, strlen (WS_GUID));
  g_checksum_get_digest (sha1, digest, &digest_len);
  return g_base64_encode (digest, digest_len);
}

static gint64
requested_frames (const char *request)
{
  const char *query = strstr (request, "frames=");
  const char *line_end = strstr (request, "\r\n");

  if (query == NULL || query > line_end)
    return opt_frames;
  return g_ascii_strtoll (query + strlen ("frames="), NULL, 10);
}

/* After our close: reads the client's frames until its close (or EOF, or 10 s). */
static void
await_close (int fd)
{
  GByteArray *in = g_byte_array_new ();
  guint8 buf[4096];

  for (;;)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      gsize at = 0;
      gboolean closed = FALSE;
      ssize_t n;

      if (poll (&pfd, 1, 10000) <= 0)
        break;
      n = read (fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_byte_array_append (in, buf, n);

      /* Client frames: opcode, masked length, 4-byte mask, payload. */
      while (in->len - at >= 2)
        {
          guint8 opcode = in->data[at] & 0x0f;
          guint64 len = in->data[at + 1] & 0x7f;
          gsize header = 2;

          if (len == 126)
            {
              if (in->len - at < 4)
                break;
              len = (in->data[at + 2] << 8) | in->data[at + 3];
              header = 4;
            }
          else if (len == 127)
            {
              if (in->len - at < 10)
                break;
              len = 0;
              for (int i = 0; i < 8; i++)
                len = (len << 8) | in->data[at + 2 + i];
              header = 10;
            }
          if (in->data[at + 1] & 0x80)
            header += 4;
          if (in->len - at < header + len)
            break;
          if (opcode == 0x8)
            closed = TRUE;
          at += header + len;
        }
      g_byte_array_remove_range (in, 0, at);
      if (closed)
        break;
    }
  g_byte_array_unref (in);
}

static void
serve_client (int         fd,
              const Pool *pool)
{
  g_autofree char *request = read_request (fd);
  g_autofree char *key = NULL;
  g_autofree char *accept = NULL;
  g_autofree char *reply = NULL;
  static const char close_frame[] = { (char) 0x88, 0x02, 0x03, (char) 0xe8 };
  gint64 n_frames, sent = 0;
  guint at = 0;
  double t0, cpu0, wall, cpu;
  gboolean ok = TRUE;
  int one = 1;

  if (request == NULL || (key = header_value (request, "Sec-WebSocket-Key")) == NULL)
    {
      g_warning ("not a WebSocket upgrade");
      return;
    }
  n_frames = requested_frames (request);
  accept = accept_key (key);
  reply = g_strdup_printf ("HTTP/1.1 101 Switching Protocols\r\n"
                           "Upgrade: websocket\r\n"
                           "Connection: Upgrade\r\n"
                           "Sec-WebSocket-Accept: %s\r\n\r\n", accept);
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (!write_all (fd, reply, strlen (reply)))
    return;

  t0 = bench_now ();
  cpu0 = bench_cpu_seconds ();
  while (ok && sent < n_frames)
    {
      guint batch = (guint) MIN ((gint64) WRITE_BATCH, n_frames - sent);

      batch = MIN (batch, pool->n - at);
      ok = write_all (fd, pool->wire + pool->offsets[at],
                      pool->offsets[at + batch] - pool->offsets[at]);
      sent += batch;
      at = (at + batch) % pool->n;
    }
  wall = bench_now () - t0;
  cpu = bench_cpu_seconds () - cpu0;
  if (ok && write_all (fd, close_frame, sizeof close_frame))
    await_close (fd);

  /* One line per connection, for the runner. */
  printf ("{\"generator\":true,\"frames\":%" G_GINT64_FORMAT ",\"complete\":%s,"
          "\"seconds\":%.6f,\"cpu\":%.6f,\"busy\":%.4f,\"mean_frame_bytes\":%.1f}\n",
          sent, ok ? "true" : "false", wall, cpu, wall > 0 ? cpu / wall : 0.0,
          pool->mean_payload);
  fflush (stdout);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- serve flow alerts to a benchmark client");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) frames = NULL;
  struct sockaddr_in addr = { 0 };
  socklen_t addr_len = sizeof addr;
  Pool pool = { 0 };
  int one = 1;
  int listener;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_pool <= 0 || opt_frames < 0)
    {
      g_printerr ("--pool must be positive and --frames not negative\n");
      return 2;
    }
  signal (SIGPIPE, SIG_IGN);

  frames = bench_render_frames (opt_pool, &error);
  if (frames == NULL)
    {
      g_printerr ("could not render frames: %s\n", error->message);
      return 1;
    }
  pool_build (&pool, frames);
  g_clear_pointer (&frames, g_ptr_array_unref);

  listener = socket (AF_INET, SOCK_STREAM, 0);
  setsockopt (listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons (opt_port);
  if (listener < 0 || bind (listener, (struct sockaddr *) &addr, sizeof addr) < 0
      || listen (listener, 8) < 0
      || getsockname (listener, (struct sockaddr *) &addr, &addr_len) < 0)
    {
      g_printerr ("could not listen on 127.0.0.1: %s\n", g_strerror (errno));
      return 1;
    }

  printf ("{\"port\":%u,\"pool\":%u,\"mean_frame_bytes\":%.1f}\n",
          ntohs (addr.sin_port), pool.n, pool.mean_payload);
  fflush (stdout);

  for (;;)
    {
      int fd = accept (listener, NULL, NULL);

      if (fd < 0)
        {
          if (errno == EINTR)
            continue;
          g_printerr ("accept: %s\n", g_strerror (errno));
          return 1;
        }
      serve_client (fd, &pool);
      close (fd);
    }
}
